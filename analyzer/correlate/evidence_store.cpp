#include "analyzer/correlate/evidence_store.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "analyzer/model/device_key.h"
#include "analyzer/scan/secret_mask.h"

namespace amtdiag::correlate {

namespace {

bool is_key_name(std::string_view name) {
    return name == "fqdn" || name == "host" || name == "uuid" || name == "machine_id" ||
           name == "ip" || name == "mac";
}

void set_key(model::DeviceKeys& keys, std::string_view name, std::string_view value) {
    if (name == "fqdn") {
        keys.fqdn = model::normalize_fqdn(value);
        if (keys.host.empty()) keys.host = model::host_of_fqdn(value);
    } else if (name == "host") {
        keys.host = model::normalize_fqdn(value);
    } else if (name == "uuid") {
        keys.uuid = model::normalize_uuid(value).value_or(std::string(value));
    } else if (name == "machine_id") {
        keys.machine_id.assign(value);
    } else if (name == "ip") {
        if (!model::is_placeholder_ip(value)) keys.ip.assign(value);
    } else if (name == "mac") {
        keys.mac = model::normalize_mac(value);
    }
}

int64_t parse_int(std::string_view text) {
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

}  // namespace

uint32_t NameTable::id(std::string_view name) {
    if (auto it = index_.find(name); it != index_.end()) return it->second;
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    index_.emplace(names_.back(), id);
    return id;
}

int64_t NameTable::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? -1 : int64_t{it->second};
}

void fill_sample(Sample& sample, const Fact& fact, uint64_t sequence, NameTable& names) {
    sample.sequence = sequence;
    sample.origin = names.id(fact.origin);
    sample.artifact = names.id(fact.artifact);
    sample.item = fact.item;
    sample.line = fact.line;
    sample.packet = fact.packet;
    sample.offset = fact.offset;
    sample.time = fact.time;
    sample.severity = fact.severity;
    const FactKeys& k = fact.keys;
    const std::pair<std::string_view, std::string_view> keys[] = {
        {"fqdn", k.fqdn}, {"host", k.host}, {"uuid", k.uuid}, {"machine_id", k.machine_id},
        {"ip", k.ip},     {"mac", k.mac}};
    // The field refs come first in the block, so count them before writing any text.
    size_t count = 0;
    for (const auto& [name, value] : keys) count += value.empty() ? 0 : 1;
    for (const FactField& f : fact.fields)
        count += f.type == model::AttrType::list && f.items != nullptr && !f.items->empty()
                     ? f.items->size()
                     : 1;
    sample.field_count = static_cast<uint32_t>(count);
    const size_t text_start = count * sizeof(FieldRef);
    sample.data.resize(text_start);  // a reused slot keeps its capacity
    const std::string_view excerpt = fact.excerpt.substr(0, fact.excerpt_max);
    sample.data.append(excerpt);
    if (fact.excerpt.size() > fact.excerpt_max) sample.data += "...";
    sample.excerpt_size = static_cast<uint32_t>(sample.data.size() - text_start);
    size_t written = 0;
    auto put = [&](const FieldRef& ref) {
        std::memcpy(sample.data.data() + written * sizeof(FieldRef), &ref, sizeof ref);
        ++written;
    };
    auto add = [&](std::string_view name, std::string_view value, model::AttrType type, bool key) {
        FieldRef ref{names.id(name), type, key, 0, static_cast<uint32_t>(value.size())};
        // A value inside the excerpt is kept as an offset: most captures are, and copying
        // them again would double the text kept per sample.
        const char* const base = fact.excerpt.data();
        if (value.data() >= base && value.data() + value.size() <= base + excerpt.size()) {
            ref.offset = static_cast<uint32_t>(value.data() - base);
        } else {
            ref.offset = static_cast<uint32_t>(sample.data.size() - text_start);
            sample.data.append(value);
        }
        put(ref);
    };
    for (const auto& [name, value] : keys)
        if (!value.empty()) add(name, value, model::AttrType::string, true);
    for (const FactField& f : fact.fields) {
        if (f.type != model::AttrType::list) {
            add(f.name, f.value, f.type, is_key_name(f.name));
            continue;
        }
        if (f.items == nullptr || f.items->empty()) {
            put({names.id(f.name), model::AttrType::list, false, 0, kEmptyList});
            continue;
        }
        for (const std::string& item : *f.items) add(f.name, item, model::AttrType::list, false);
    }
}

void KindSamples::to_reading_order(std::vector<Sample>& kept) const {
    // [0, keep_first) is in order already; the ring after it starts at its oldest slot.
    const size_t head = std::min(kept.size(), size_t{keep_first_});
    const size_t ring_size = kept.size() - head;
    if (ring_size == 0) return;
    const auto ring_begin = kept.begin() + static_cast<long>(head);
    std::rotate(ring_begin, ring_begin + static_cast<long>(ring_ % ring_size), kept.end());
}

std::vector<Sample> KindSamples::samples() const {
    std::vector<Sample> out = kept_;
    to_reading_order(out);
    return out;
}

std::vector<Sample> KindSamples::take_samples() {
    // Moved, not copied: at the end of a scan every device's samples pass through here, and
    // a copy doubled their memory for a moment and cost an allocation per string.
    to_reading_order(kept_);
    std::vector<Sample> out = std::move(kept_);
    kept_ = {};
    ring_ = 0;
    return out;
}

void KindSamples::merge(KindSamples&& other) {
    if (other.count_ == 0) return;
    std::vector<Sample> all = take_samples();
    for (auto& s : other.take_samples()) all.push_back(std::move(s));
    std::sort(all.begin(), all.end(),
              [](const Sample& a, const Sample& b) { return a.sequence < b.sequence; });
    // Keep the earliest and latest samples of the union; with fewer than both caps, keep all.
    const size_t head = std::min(all.size(), size_t{keep_first_});
    const size_t tail_start = std::max(head, all.size() > keep_last_ ? all.size() - keep_last_ : 0);
    for (size_t i = 0; i < head; ++i) kept_.push_back(std::move(all[i]));
    for (size_t i = tail_start; i < all.size(); ++i) kept_.push_back(std::move(all[i]));
    count_ += other.count_;
    other.count_ = 0;
}

model::Evidence SampleDecoder::decode(std::string_view kind, const Sample& sample) const {
    model::Evidence ev;
    ev.kind.assign(kind);
    const std::string_view text = sample.text();
    ev.ref.excerpt.assign(text.substr(0, sample.excerpt_size));
    std::replace(ev.ref.excerpt.begin(), ev.ref.excerpt.end(), '\n', ' ');
    scan::mask_secrets(ev.ref.excerpt);
    for (size_t i = 0; i < sample.field_count; ++i) {
        const FieldRef f = sample.field(i);
        const std::string& name = names_->name(f.name);
        const std::string_view value =
            f.length == kEmptyList ? std::string_view() : text.substr(f.offset, f.length);
        if (f.key) {
            set_key(ev.keys, name, value);
            continue;
        }
        switch (f.type) {
            case model::AttrType::string:
                ev.attrs.push_back(model::Attribute::text(name, std::string(value)));
                break;
            case model::AttrType::integer:
                ev.attrs.push_back(model::Attribute::integer(name, parse_int(value)));
                break;
            case model::AttrType::boolean:
                ev.attrs.push_back(model::Attribute::flag(name, value == "true"));
                break;
            case model::AttrType::timestamp:
                ev.attrs.push_back(model::Attribute::time_ms(name, parse_int(value)));
                break;
            case model::AttrType::list:
                // Items of one list are stored one after the other under the same name.
                if (ev.attrs.empty() || ev.attrs.back().name != name ||
                    ev.attrs.back().type != model::AttrType::list)
                    ev.attrs.push_back(model::Attribute::list(name, {}));
                if (f.length != kEmptyList) ev.attrs.back().items.emplace_back(value);
                break;
        }
    }
    if (const std::string& origin = names_->name(sample.origin); !origin.empty())
        ev.attrs.push_back(model::Attribute::text("signature", origin));
    ev.time = sample.time;
    ev.severity = sample.severity;
    ev.ref.artifact = names_->name(sample.artifact);
    ev.ref.line = sample.line;
    ev.ref.packet = sample.packet;
    ev.ref.offset = sample.offset;
    ev.ref.item = sample.item;
    ev.sequence = sample.sequence;
    return ev;
}

}  // namespace amtdiag::correlate
