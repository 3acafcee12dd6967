#include "analyzer/correlate/evidence_store.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "analyzer/model/device_key.h"
#include "analyzer/model/varint.h"
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

namespace {

using model::put_varint;
using model::VarintReader;

void put_signed(std::string& out, int64_t value) {
    put_varint(out, model::zigzag(value));
}

// The tag byte of a field reference: its type, whether it is a device key, whether it is a
// list without items.
constexpr uint8_t kKeyBit = 0x40;
constexpr uint8_t kEmptyListBit = 0x80;
constexpr uint8_t kTypeMask = 0x3f;

// The time's three flags in one byte.
uint8_t time_flags(const model::LogTime& t) {
    return static_cast<uint8_t>((t.has_time ? 1 : 0) | (t.has_bias ? 2 : 0) | (t.valid ? 4 : 0));
}

// The fixed part of a block: its capacity.
constexpr size_t kBlockPrefix = sizeof(uint32_t);

// Writes the header fields (the citation and names) in block order.
void put_header(std::string& out, const SampleHeader& h) {
    put_varint(out, h.line);
    put_varint(out, h.packet);
    put_varint(out, h.offset);
    put_signed(out, h.time.local_ms);
    put_signed(out, h.time.bias_minutes);
    out.push_back(static_cast<char>(time_flags(h.time)));
    put_varint(out, h.origin);
    put_varint(out, h.artifact);
    put_varint(out, h.item);
    out.push_back(static_cast<char>(h.severity));
}

// A body: its size, then the excerpt's size, the text's size, the field count, the text and
// the field refs.
void put_body(std::string& out, size_t excerpt_size, std::string_view text, std::string_view refs,
              size_t field_count) {
    std::string counts;
    put_varint(counts, excerpt_size);
    put_varint(counts, text.size());
    put_varint(counts, field_count);
    put_varint(out, counts.size() + text.size() + refs.size());
    out.append(counts);
    out.append(text);
    out.append(refs);
}

constexpr char kBodyFollows = 0;
constexpr char kBodyShared = 1;

// The bytes of the body starting at `at` (its size varint included).
std::string_view body_at(const char* at) {
    VarintReader in(at);
    const uint64_t size = in.number();
    return {at, static_cast<size_t>(in.position() - at) + size};
}

}  // namespace

void Sample::write(std::string_view header, std::string_view body, const char* shared) {
    // The header is ten varints, under a hundred bytes: its size fits the byte before it.
    const size_t needed = 1 + header.size() + 1 + (shared != nullptr ? sizeof shared : body.size());
    uint32_t capacity = 0;
    if (block_ != nullptr) std::memcpy(&capacity, block_.get(), sizeof capacity);
    // A ring slot is refilled over and over: keep its block unless it is too small, or far
    // larger than a shared body needs (then most of it would sit unused for the whole run).
    // The old block goes only at the end: `body` may be a sample's view into it.
    std::unique_ptr<char[]> fresh;
    char* base = block_.get();
    if (block_ == nullptr || capacity < needed || capacity > 2 * needed + 64) {
        capacity = static_cast<uint32_t>((needed + 15) & ~size_t{15});
        fresh = std::make_unique_for_overwrite<char[]>(kBlockPrefix + capacity);
        base = fresh.get();
        std::memcpy(base, &capacity, sizeof capacity);
    }
    char* at = base + kBlockPrefix;
    *at++ = static_cast<char>(header.size());
    std::memmove(at, header.data(), header.size());
    at += header.size();
    if (shared != nullptr) {
        *at++ = kBodyShared;
        std::memcpy(at, &shared, sizeof shared);
    } else {
        *at++ = kBodyFollows;
        std::memmove(at, body.data(), body.size());
    }
    if (fresh != nullptr) block_ = std::move(fresh);
}

void Sample::assign(std::string_view header, std::string_view body) {
    write(header, body, nullptr);
}

void Sample::assign_shared(std::string_view header, const char* shared) {
    write(header, {}, shared);
}

namespace {

// The header's bytes, after the byte that holds their count.
std::string_view header_of(const char* payload) {
    return {payload + 1, static_cast<uint8_t>(payload[0])};
}
// Where the tag byte sits: right after the header.
const char* tag_of(const char* payload) {
    const std::string_view header = header_of(payload);
    return header.data() + header.size();
}

}  // namespace

const char* Sample::body() const {
    if (block_ == nullptr) return nullptr;
    const char* tag = tag_of(block_.get() + kBlockPrefix);
    if (*tag == kBodyFollows) return tag + 1;
    const char* shared = nullptr;
    std::memcpy(&shared, tag + 1, sizeof shared);
    return shared;
}

bool Sample::shares_body() const {
    return block_ != nullptr && *tag_of(block_.get() + kBlockPrefix) == kBodyShared;
}

bool Sample::body_equals(std::string_view body) const {
    const char* mine = this->body();
    return mine != nullptr && body_at(mine) == body;
}

void Sample::own_body() {
    if (!shares_body()) return;
    const std::string header(header_of(block_.get() + kBlockPrefix));
    const std::string body(body_at(this->body()));
    write(header, body, nullptr);
}

void Sample::copy_block(const Sample& other) {
    if (other.block_ == nullptr) {
        block_.reset();
        return;
    }
    write(header_of(other.block_.get() + kBlockPrefix), body_at(other.body()), nullptr);
}

size_t Sample::block_bytes() const {
    if (block_ == nullptr) return 0;
    uint32_t capacity = 0;
    std::memcpy(&capacity, block_.get(), sizeof capacity);
    return kBlockPrefix + capacity;
}

SampleHeader Sample::header(std::vector<FieldRef>* fields, std::string_view* text) const {
    SampleHeader h;
    if (fields != nullptr) fields->clear();
    if (text != nullptr) *text = {};
    if (block_ == nullptr) return h;
    VarintReader in(header_of(block_.get() + kBlockPrefix).data());
    h.line = in.number();
    h.packet = in.number();
    h.offset = in.number();
    h.time.local_ms = in.signed_number();
    h.time.bias_minutes = static_cast<int>(in.signed_number());
    const uint8_t flags = in.byte();
    h.time.has_time = (flags & 1) != 0;
    h.time.has_bias = (flags & 2) != 0;
    h.time.valid = (flags & 4) != 0;
    h.origin = static_cast<uint32_t>(in.number());
    h.artifact = static_cast<uint32_t>(in.number());
    h.item = static_cast<uint32_t>(in.number());
    h.severity = static_cast<model::Severity>(in.byte());
    VarintReader body(this->body());
    (void)body.number();  // the body's size
    const size_t excerpt_size = body.number();
    const size_t text_size = body.number();
    const size_t field_count = body.number();
    const std::string_view all_text = body.bytes(text_size);
    h.excerpt = all_text.substr(0, excerpt_size);
    if (text != nullptr) *text = all_text;
    if (fields == nullptr) return h;
    fields->reserve(field_count);
    for (size_t i = 0; i < field_count; ++i) {
        FieldRef ref;
        ref.name = static_cast<uint32_t>(body.number());
        const uint8_t tag = body.byte();
        ref.type = static_cast<model::AttrType>(tag & kTypeMask);
        ref.key = (tag & kKeyBit) != 0;
        ref.offset = static_cast<uint32_t>(body.number());
        ref.length = (tag & kEmptyListBit) != 0 ? kEmptyList : static_cast<uint32_t>(body.number());
        fields->push_back(ref);
    }
    return h;
}

void SampleWriter::fill(Sample& sample, uint64_t sequence, const SampleHeader& header) {
    sample.sequence = sequence;
    header_.clear();
    body_.clear();
    put_header(header_, header);
    put_body(body_, header.excerpt.size(), header.excerpt, {}, 0);
    sample.assign(header_, body_);
}

void SampleWriter::fill(Sample& sample, const Fact& fact, uint64_t sequence) {
    encode(fact);
    sample.sequence = sequence;
    sample.assign(header_, body_);
}

void SampleWriter::encode(const Fact& fact) {
    SampleHeader h;
    h.origin = names_.id(fact.origin);
    h.artifact = names_.id(fact.artifact);
    h.item = fact.item;
    h.line = fact.line;
    h.packet = fact.packet;
    h.offset = fact.offset;
    h.time = fact.time;
    h.severity = fact.severity;
    const FactKeys& k = fact.keys;
    const std::pair<std::string_view, std::string_view> keys[] = {
        {"fqdn", k.fqdn}, {"host", k.host}, {"uuid", k.uuid}, {"machine_id", k.machine_id},
        {"ip", k.ip},     {"mac", k.mac}};
    text_.clear();
    refs_.clear();
    const std::string_view excerpt = fact.excerpt.substr(0, fact.excerpt_max);
    text_.append(excerpt);
    if (fact.excerpt.size() > fact.excerpt_max) text_ += "...";
    const size_t excerpt_size = text_.size();
    size_t count = 0;
    auto add = [&](std::string_view name, std::string_view value, model::AttrType type, bool key) {
        put_varint(refs_, names_.id(name));
        refs_.push_back(static_cast<char>(static_cast<uint8_t>(type) | (key ? kKeyBit : 0)));
        // A value inside the excerpt is kept as an offset: most captures are, and copying
        // them again would double the text kept per sample.
        const char* const base = fact.excerpt.data();
        if (value.data() >= base && value.data() + value.size() <= base + excerpt.size()) {
            put_varint(refs_, static_cast<uint64_t>(value.data() - base));
        } else {
            put_varint(refs_, text_.size());
            text_.append(value);
        }
        put_varint(refs_, value.size());
        ++count;
    };
    for (const auto& [name, value] : keys)
        if (!value.empty()) add(name, value, model::AttrType::string, true);
    for (const FactField& f : fact.fields) {
        if (f.type != model::AttrType::list) {
            add(f.name, f.value, f.type, is_key_name(f.name));
            continue;
        }
        if (f.items == nullptr || f.items->empty()) {
            put_varint(refs_, names_.id(f.name));
            refs_.push_back(
                static_cast<char>(static_cast<uint8_t>(model::AttrType::list) | kEmptyListBit));
            put_varint(refs_, 0);
            ++count;
            continue;
        }
        for (const std::string& item : *f.items) add(f.name, item, model::AttrType::list, false);
    }
    header_.clear();
    body_.clear();
    put_header(header_, h);
    put_body(body_, excerpt_size, text_, refs_, count);
}

void fill_sample(Sample& sample, const Fact& fact, uint64_t sequence, NameTable& names) {
    SampleWriter(names).fill(sample, fact, sequence);
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
    // Which samples survive is decided below: none may point into another's body then.
    for (Sample& s : kept_) s.own_body();
    for (Sample& s : other.kept_) s.own_body();
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
    std::vector<FieldRef> fields;
    std::string_view text;
    const SampleHeader h = sample.header(&fields, &text);
    ev.ref.excerpt.assign(h.excerpt);
    std::replace(ev.ref.excerpt.begin(), ev.ref.excerpt.end(), '\n', ' ');
    scan::mask_secrets(ev.ref.excerpt);
    for (const FieldRef& f : fields) {
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
    if (const std::string& origin = names_->name(h.origin); !origin.empty())
        ev.attrs.push_back(model::Attribute::text("signature", origin));
    ev.time = h.time;
    ev.severity = h.severity;
    ev.ref.artifact = names_->name(h.artifact);
    ev.ref.line = h.line;
    ev.ref.packet = h.packet;
    ev.ref.offset = h.offset;
    ev.ref.item = h.item;
    ev.sequence = sample.sequence;
    return ev;
}

}  // namespace amtdiag::correlate
