#include "analyzer/correlate/device_index.h"

#include <algorithm>

#include "analyzer/model/device_key.h"

namespace amtdiag::correlate {

namespace {

// Same result as model::normalize_fqdn, written into a reused buffer (hot path).
void normalize_fqdn_into(std::string_view text, std::string& out) {
    while (!text.empty() && text.back() == '.') text.remove_suffix(1);
    out.assign(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string first_of(const std::set<std::string>& values) {
    return values.empty() ? std::string() : *values.begin();
}

}  // namespace

int DeviceIndex::find(int d) {
    while (parent_[static_cast<size_t>(d)] != d) {
        parent_[static_cast<size_t>(d)] =
            parent_[static_cast<size_t>(parent_[static_cast<size_t>(d)])];
        d = parent_[static_cast<size_t>(d)];
    }
    return d;
}

int DeviceIndex::new_draft() {
    drafts_.emplace_back();
    parent_.push_back(static_cast<int>(drafts_.size() - 1));
    return static_cast<int>(drafts_.size() - 1);
}

int DeviceIndex::unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return a;
    // The older draft stays the root so ids do not depend on which key came first.
    if (b < a) std::swap(a, b);
    parent_[static_cast<size_t>(b)] = a;
    // Fold the younger draft in now: a site that re-provisions under new MachineIds would
    // otherwise keep one draft per task until the end, and memory would grow with the log.
    absorb(drafts_[static_cast<size_t>(a)], drafts_[static_cast<size_t>(b)]);
    return a;
}

KindSamples& DeviceIndex::kind_samples(Draft& draft, uint32_t kind, Retention retention) {
    auto& kinds = draft.kinds;
    auto it = std::lower_bound(kinds.begin(), kinds.end(), kind,
                               [](const KindSamples& k, uint32_t id) { return k.kind() < id; });
    if (it != kinds.end() && it->kind() == kind) return *it;
    return *kinds.emplace(it, retention, kind);
}

void DeviceIndex::absorb(Draft& into, Draft& from) {
    for (KindSamples& k : from.kinds) {
        if (k.count() == 0) continue;
        KindSamples& to = kind_samples(into, k.kind(), k.retention());
        if (to.count() == 0)
            to = std::move(k);
        else
            to.merge(std::move(k));
    }
    from.kinds = {};
    auto take = [](std::set<std::string>& to, std::set<std::string>& src) {
        to.merge(src);
        src.clear();
    };
    take(into.fqdns, from.fqdns);
    take(into.hosts, from.hosts);
    take(into.uuids, from.uuids);
    take(into.machine_ids, from.machine_ids);
    take(into.ips, from.ips);
    take(into.macs, from.macs);
    if (!from.mode.empty() && from.mode_sequence >= into.mode_sequence) {
        into.mode = std::move(from.mode);
        into.mode_sequence = from.mode_sequence;
    }
    if (!from.firmware.empty() && into.firmware.empty()) into.firmware = std::move(from.firmware);
    into.attempts_total += from.attempts_total;
    for (auto& a : from.attempts) into.attempts.push_back(std::move(a));
    std::sort(
        into.attempts.begin(), into.attempts.end(),
        [](const model::Attempt& x, const model::Attempt& y) { return x.sequence < y.sequence; });
    if (into.attempts.size() > kAttemptsKept)
        into.attempts.erase(into.attempts.begin(),
                            into.attempts.end() - static_cast<long>(kAttemptsKept));
    from = Draft{};
}

int DeviceIndex::join_strong(char tag, const std::string& value, int current) {
    key_.assign(1, tag).append(1, ':').append(value);
    auto it = key_index_.find(key_);
    if (it == key_index_.end()) {
        if (current < 0) current = new_draft();
        key_index_.emplace(key_, current);
        return current;
    }
    return current < 0 ? find(it->second) : unite(current, it->second);
}

void DeviceIndex::register_weak(char tag, const std::string& value, int draft) {
    key_.assign(1, tag).append(1, ':').append(value);
    key_index_.try_emplace(key_, draft);
}

int DeviceIndex::lookup_weak(char tag, const std::string& value) {
    key_.assign(1, tag).append(1, ':').append(value);
    auto it = key_index_.find(key_);
    return it == key_index_.end() ? -1 : find(it->second);
}

int DeviceIndex::resolve(const FactKeys& keys) {
    fqdn_.clear();
    host_.clear();
    uuid_.clear();
    uuid_swapped_.clear();
    machine_id_.clear();
    ip_.clear();
    mac_.clear();
    if (!keys.fqdn.empty()) {
        normalize_fqdn_into(keys.fqdn, fqdn_);
        host_.assign(fqdn_, 0, fqdn_.find('.'));
    } else if (!keys.host.empty()) {
        normalize_fqdn_into(keys.host, host_);
    }
    if (!keys.uuid.empty()) {
        if (auto u = model::normalize_uuid(keys.uuid)) {
            uuid_ = *u;
            uuid_swapped_ = model::uuid_byte_swapped(uuid_);
        }
    }
    if (keys.machine_id != "0") machine_id_.assign(keys.machine_id);
    if (!model::is_placeholder_ip(keys.ip)) ip_.assign(keys.ip);
    if (!keys.mac.empty()) mac_ = model::normalize_mac(keys.mac);
    if (fqdn_.empty() && host_.empty() && uuid_.empty() && machine_id_.empty() && ip_.empty() &&
        mac_.empty())
        return -1;
    key_set_.clear();
    for (const std::string* k : {&fqdn_, &host_, &uuid_, &machine_id_, &ip_, &mac_}) {
        key_set_ += *k;
        key_set_ += '\x1f';  // cannot occur inside a normalised key
    }
    if (last_draft_ >= 0 && key_set_ == last_key_set_) return find(last_draft_);
    const int draft = resolve_keys();
    last_key_set_ = key_set_;
    last_draft_ = draft;
    return draft;
}

int DeviceIndex::resolve_keys() {
    int draft = -1;
    if (!fqdn_.empty()) draft = join_strong('f', fqdn_, draft);
    if (!uuid_.empty()) {
        draft = join_strong('u', uuid_, draft);
        if (uuid_swapped_ != uuid_) draft = join_strong('u', uuid_swapped_, draft);
    }
    if (!machine_id_.empty()) draft = join_strong('m', machine_id_, draft);
    if (!mac_.empty()) draft = join_strong('a', mac_, draft);
    if (draft >= 0) {
        if (!host_.empty()) register_weak('h', host_, draft);
        if (!ip_.empty()) register_weak('i', ip_, draft);
    } else if (!host_.empty()) {
        draft = lookup_weak('h', host_);
        if (draft < 0) {
            draft = new_draft();
            register_weak('h', host_, draft);
        }
    } else if (!ip_.empty()) {
        draft = lookup_weak('i', ip_);
        if (draft < 0) {
            draft = new_draft();
            register_weak('i', ip_, draft);
        }
    }
    if (draft >= 0) {
        Draft& d = drafts_[static_cast<size_t>(draft)];
        if (!fqdn_.empty() && fqdn_.find('.') != std::string::npos) d.fqdns.insert(fqdn_);
        if (!host_.empty()) d.hosts.insert(host_);
        if (!uuid_.empty()) d.uuids.insert(uuid_);
        if (!machine_id_.empty()) d.machine_ids.insert(machine_id_);
        if (!ip_.empty()) d.ips.insert(ip_);
        if (!mac_.empty()) d.macs.insert(mac_);
    }
    return draft;
}

void DeviceIndex::add_attempt(int id, model::Attempt attempt) {
    Draft& d = draft(id);
    ++d.attempts_total;
    // Drop the oldest before adding, and grow by doubling only up to the cap: pushing the
    // ninth before dropping the first doubled the room to sixteen attempts on every busy
    // device, 5 KB each.
    if (d.attempts.size() == kAttemptsKept) d.attempts.erase(d.attempts.begin());
    if (d.attempts.size() == d.attempts.capacity())
        d.attempts.reserve(std::min(kAttemptsKept, std::max<size_t>(2 * d.attempts.capacity(), 1)));
    d.attempts.push_back(std::move(attempt));
}

bool DeviceIndex::to_device(int root, model::Device& dev) {
    Draft& merged = drafts_[static_cast<size_t>(root)];
    dev.fqdn = first_of(merged.fqdns);
    dev.host = dev.fqdn.empty() ? first_of(merged.hosts) : model::host_of_fqdn(dev.fqdn);
    // Prefer the UUID spelling the evidence used (not its byte-swapped alias).
    dev.uuid = first_of(merged.uuids);
    dev.machine_id = first_of(merged.machine_ids);
    dev.ips.assign(merged.ips.begin(), merged.ips.end());
    dev.macs.assign(merged.macs.begin(), merged.macs.end());
    dev.mode = merged.mode;
    dev.firmware = merged.firmware;
    dev.attempts = std::move(merged.attempts);  // the vector itself: no copy while both live
    merged.attempts = {};
    dev.attempts_total = merged.attempts_total;
    if (!dev.fqdn.empty())
        dev.id = dev.fqdn;
    else if (!dev.uuid.empty())
        dev.id = dev.uuid;
    else if (!dev.machine_id.empty())
        dev.id = "machine-" + dev.machine_id;
    else if (!dev.host.empty())
        dev.id = dev.host;
    else if (!dev.macs.empty())
        dev.id = dev.macs.front();
    else if (!dev.ips.empty())
        dev.id = dev.ips.front();
    else
        return false;
    return true;
}

}  // namespace amtdiag::correlate
