#include "analyzer/correlate/correlator.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <set>

#include "analyzer/model/device_key.h"
#include "analyzer/scan/secret_mask.h"

namespace amtdiag::correlate {

namespace {

constexpr size_t kAttemptsKept = 8;
constexpr size_t kExcerptMax = 200;

std::string normalize_mac(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ':' || c == '-' || c == '.') continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (out.size() != 12) return {};
    std::string pretty;
    for (size_t i = 0; i < 12; i += 2) {
        if (i) pretty.push_back('-');
        pretty.append(out, i, 2);
    }
    return pretty;
}

// "0" and "0.0.0.0" appear as placeholders ("IP address '0'") and must not join devices.
bool is_real_ip(std::string_view ip) {
    return !ip.empty() && ip != "0" && ip != "0.0.0.0";
}

// Same result as model::normalize_fqdn, written into a reused buffer (hot path).
void normalize_fqdn_into(std::string_view text, std::string& out) {
    while (!text.empty() && text.back() == '.') text.remove_suffix(1);
    out.assign(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

constexpr char kGroupSep = '\x1f';
constexpr char kValueSep = '\x1e';  // the value follows
constexpr char kRefSep = '\x1d';    // "offset,length" into the excerpt follows
constexpr char kSeparators[] = {kValueSep, kRefSep, '\0'};

}  // namespace

struct Correlator::Impl {
    struct Draft {
        std::vector<KindSamples> kinds;  // by kind id, grown on demand
        std::set<std::string> fqdns, hosts, uuids, machine_ids, ips, macs;
        std::string mode;
        uint64_t mode_sequence = 0;
        std::string firmware;
        std::deque<model::Attempt> attempts;
        uint64_t attempts_total = 0;
    };

    struct OpenTask {
        model::Attempt attempt;
        int draft = -1;
        bool success = false;
        std::vector<std::pair<int, Sample>> pending;  // before the target was named
    };

    const std::vector<scan::Signature>& signatures;
    std::vector<std::string> kind_names;
    std::vector<int> kind_of_signature;
    std::vector<uint64_t> total_counts;
    std::deque<Draft> drafts;  // a deque: growing it never copies drafts
    std::vector<int> parent;   // union-find over drafts
    std::unordered_map<std::string, int> key_index;
    std::vector<KindSamples> site;
    std::vector<KindSamples> empty_buckets;  // one per kind, with that kind's caps
    std::unordered_map<uint32_t, OpenTask> open_tasks;
    uint64_t sequence = 0;
    std::vector<std::string> artifact_names;
    uint32_t current_artifact_index = 0;

    // Reused per match so the steady state does not allocate for key handling.
    std::string fqdn, host, uuid, uuid_swapped, machine_id, ip, mac, key;
    std::string key_set, last_key_set;  // the keys of this match / of the last resolution
    int last_draft = -1;

    Impl(const std::vector<scan::Signature>& sigs, size_t first, size_t last,
         const std::set<std::string>* cited_kinds)
        : signatures(sigs) {
        for (const auto& sig : sigs) {
            auto it = std::find(kind_names.begin(), kind_names.end(), sig.emits);
            if (it == kind_names.end()) {
                kind_names.push_back(sig.emits);
                it = kind_names.end() - 1;
            }
            kind_of_signature.push_back(static_cast<int>(it - kind_names.begin()));
        }
        total_counts.assign(kind_names.size(), 0);
        for (const auto& kind : kind_names) {
            const bool cited = cited_kinds == nullptr || cited_kinds->count(kind) > 0;
            // A kind no rule reads keeps its first line only: enough for a timeline to show
            // when it started, and it is most of the memory on logs of thousands of devices.
            empty_buckets.emplace_back(cited ? first : std::min<size_t>(first, 1),
                                       cited ? last : 0);
        }
        site = empty_buckets;
    }

    int find(int d) {
        while (parent[static_cast<size_t>(d)] != d) {
            parent[static_cast<size_t>(d)] =
                parent[static_cast<size_t>(parent[static_cast<size_t>(d)])];
            d = parent[static_cast<size_t>(d)];
        }
        return d;
    }

    int unite(int a, int b) {
        a = find(a);
        b = find(b);
        if (a == b) return a;
        // The older draft stays the root so ids do not depend on which key came first.
        if (b < a) std::swap(a, b);
        parent[static_cast<size_t>(b)] = a;
        // Fold the younger draft in now: a site that re-provisions under new MachineIds would
        // otherwise keep one draft per task until the end, and memory would grow with the log.
        absorb(drafts[static_cast<size_t>(a)], drafts[static_cast<size_t>(b)]);
        return a;
    }

    int new_draft() {
        drafts.emplace_back();
        parent.push_back(static_cast<int>(drafts.size() - 1));
        return static_cast<int>(drafts.size() - 1);
    }

    KindSamples& bucket(Draft& d, int kind) {
        if (d.kinds.empty()) d.kinds = empty_buckets;
        return d.kinds[static_cast<size_t>(kind)];
    }

    void absorb(Draft& into, Draft& from) {
        if (!from.kinds.empty()) {
            if (into.kinds.empty())
                into.kinds = std::move(from.kinds);
            else
                for (size_t k = 0; k < from.kinds.size(); ++k)
                    into.kinds[k].merge(std::move(from.kinds[k]));
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
        if (!from.firmware.empty() && into.firmware.empty())
            into.firmware = std::move(from.firmware);
        into.attempts_total += from.attempts_total;
        for (auto& a : from.attempts) into.attempts.push_back(std::move(a));
        std::sort(into.attempts.begin(), into.attempts.end(),
                  [](const model::Attempt& x, const model::Attempt& y) {
                      return x.sequence < y.sequence;
                  });
        while (into.attempts.size() > kAttemptsKept) into.attempts.pop_front();
        from = Draft{};
    }

    // Strong keys identify one machine; weak ones (host name alone, IP) only join when nothing
    // stronger is known, because hosts repeat across domains and DHCP reuses addresses.
    int join_strong(char tag, const std::string& value, int current) {
        key.assign(1, tag).append(1, ':').append(value);
        auto it = key_index.find(key);
        if (it == key_index.end()) {
            if (current < 0) current = new_draft();
            key_index.emplace(key, current);
            return current;
        }
        return current < 0 ? find(it->second) : unite(current, it->second);
    }

    void register_weak(char tag, const std::string& value, int draft) {
        key.assign(1, tag).append(1, ':').append(value);
        key_index.try_emplace(key, draft);
    }

    int lookup_weak(char tag, const std::string& value) {
        key.assign(1, tag).append(1, ':').append(value);
        auto it = key_index.find(key);
        return it == key_index.end() ? -1 : find(it->second);
    }

    int resolve_device(std::span<const scan::Capture> captures) {
        fqdn.clear();
        host.clear();
        uuid.clear();
        uuid_swapped.clear();
        machine_id.clear();
        ip.clear();
        mac.clear();
        for (const auto& c : captures) {
            if (c.name == "fqdn") {
                normalize_fqdn_into(c.value, fqdn);
                host.assign(fqdn, 0, fqdn.find('.'));
            } else if (c.name == "host" && host.empty()) {
                normalize_fqdn_into(c.value, host);
            } else if (c.name == "uuid") {
                if (auto u = model::normalize_uuid(c.value)) {
                    uuid = *u;
                    uuid_swapped = model::uuid_byte_swapped(uuid);
                }
            } else if (c.name == "machine_id") {
                machine_id.assign(c.value);
            } else if (c.name == "ip" && is_real_ip(c.value)) {
                ip.assign(c.value);
            } else if (c.name == "mac") {
                mac = normalize_mac(c.value);
            }
        }
        if (fqdn.empty() && host.empty() && uuid.empty() && machine_id.empty() && ip.empty() &&
            mac.empty())
            return -1;
        // Consecutive lines of a task name the same device over and over: when the keys are
        // exactly those of the last resolution, so is the answer (unless a union moved it).
        key_set.clear();
        for (const std::string* k : {&fqdn, &host, &uuid, &machine_id, &ip, &mac}) {
            key_set += *k;
            key_set += '\x1f';
        }
        if (last_draft >= 0 && key_set == last_key_set) return find(last_draft);
        int draft = resolve_keys();
        last_key_set = key_set;
        last_draft = draft;
        return draft;
    }

    int resolve_keys() {
        int draft = -1;
        if (!fqdn.empty()) draft = join_strong('f', fqdn, draft);
        if (!uuid.empty()) {
            draft = join_strong('u', uuid, draft);
            if (uuid_swapped != uuid) draft = join_strong('u', uuid_swapped, draft);
        }
        if (!machine_id.empty() && machine_id != "0") draft = join_strong('m', machine_id, draft);
        if (!mac.empty()) draft = join_strong('a', mac, draft);
        if (draft >= 0) {
            if (!host.empty()) register_weak('h', host, draft);
            if (!ip.empty()) register_weak('i', ip, draft);
        } else if (!host.empty()) {
            draft = lookup_weak('h', host);
            if (draft < 0) {
                draft = new_draft();
                register_weak('h', host, draft);
            }
        } else if (!ip.empty()) {
            draft = lookup_weak('i', ip);
            if (draft < 0) {
                draft = new_draft();
                register_weak('i', ip, draft);
            }
        }
        if (draft >= 0) {
            Draft& d = drafts[static_cast<size_t>(draft)];
            if (!fqdn.empty() && fqdn.find('.') != std::string::npos) d.fqdns.insert(fqdn);
            if (!host.empty()) d.hosts.insert(host);
            if (!uuid.empty()) d.uuids.insert(uuid);
            if (!machine_id.empty() && machine_id != "0") d.machine_ids.insert(machine_id);
            if (!ip.empty()) d.ips.insert(ip);
            if (!mac.empty()) d.macs.insert(mac);
        }
        return draft;
    }

    uint32_t artifact_index(std::string_view artifact) {
        // Records of one file arrive together: compare with the last one before searching.
        if (!artifact_names.empty() && artifact == artifact_names[current_artifact_index])
            return current_artifact_index;
        auto it = std::find(artifact_names.begin(), artifact_names.end(), artifact);
        if (it == artifact_names.end()) {
            artifact_names.emplace_back(artifact);
            it = artifact_names.end() - 1;
        }
        current_artifact_index = static_cast<uint32_t>(it - artifact_names.begin());
        return current_artifact_index;
    }

    void fill(Sample& sample, int sig_index, std::span<const scan::Capture> captures,
              const RecordContext& rec) {
        sample.sequence = sequence;
        sample.signature = static_cast<uint32_t>(sig_index);
        sample.artifact = artifact_index(rec.artifact);
        sample.line = rec.line;
        sample.offset = rec.offset;
        sample.time = rec.time;
        sample.severity = rec.severity;
        sample.text.assign(rec.message.substr(0, kExcerptMax));
        if (rec.message.size() > kExcerptMax) sample.text += "...";
        const size_t excerpt = std::min(rec.message.size(), kExcerptMax);
        for (const auto& c : captures) {
            sample.text += kGroupSep;
            sample.text.append(c.name);
            // A group inside the excerpt is stored as "offset,length": most captures are, and
            // copying them again would double the text kept per sample.
            const auto offset = static_cast<size_t>(c.value.data() - rec.message.data());
            if (c.value.data() >= rec.message.data() && offset + c.value.size() <= excerpt) {
                char number[24];
                sample.text += kRefSep;
                sample.text.append(number,
                                   std::to_chars(number, number + sizeof number, offset).ptr);
                sample.text += ',';
                sample.text.append(
                    number, std::to_chars(number, number + sizeof number, c.value.size()).ptr);
            } else {
                sample.text += kValueSep;
                sample.text.append(c.value);
            }
        }
    }

    void store(int draft, int kind, int sig_index, std::span<const scan::Capture> captures,
               const RecordContext& rec) {
        auto& samples = draft >= 0 ? bucket(drafts[static_cast<size_t>(draft)], kind)
                                   : site[static_cast<size_t>(kind)];
        samples.add([&](Sample& slot) { fill(slot, sig_index, captures, rec); });
    }

    void close_task(OpenTask& task, model::Attempt::Outcome outcome) {
        task.attempt.outcome = outcome;
        for (auto& [kind, sample] :
             task.pending)  // never learned its target: keep as site evidence
            site[static_cast<size_t>(kind)].add([&](Sample& slot) { slot = std::move(sample); });
        task.pending.clear();

        // A task that never named its target leaves its lines as site evidence (above).
        if (task.draft < 0) return;
        Draft& d = drafts[static_cast<size_t>(find(task.draft))];
        ++d.attempts_total;
        d.attempts.push_back(std::move(task.attempt));
        if (d.attempts.size() > kAttemptsKept) d.attempts.pop_front();
    }

    void on_match(int sig_index, std::span<const scan::Capture> captures,
                  const RecordContext& rec) {
        ++sequence;
        const scan::Signature& sig = signatures[static_cast<size_t>(sig_index)];
        const int kind = kind_of_signature[static_cast<size_t>(sig_index)];
        ++total_counts[static_cast<size_t>(kind)];
        int draft = resolve_device(captures);
        const uint32_t thread = rec.has_thread ? rec.thread : 0;

        if (sig.attempt == scan::AttemptRole::begin) {
            auto it = open_tasks.find(thread);
            if (it != open_tasks.end()) {
                close_task(it->second, model::Attempt::Outcome::incomplete);
                open_tasks.erase(it);
            }
            OpenTask task;
            task.attempt.begin = {std::string(rec.artifact), rec.line, 0, rec.offset, {}};
            task.attempt.begin_time = rec.time;
            task.attempt.thread = thread;
            task.attempt.sequence = sequence;
            open_tasks.emplace(thread, std::move(task));
        }
        auto task_it = open_tasks.find(thread);
        OpenTask* task = task_it == open_tasks.end() ? nullptr : &task_it->second;

        if (task != nullptr) {
            if (draft >= 0 && (task->draft < 0 || sig.attempt == scan::AttemptRole::target)) {
                task->draft = draft;
                for (auto& [k, sample] : task->pending)
                    bucket(drafts[static_cast<size_t>(draft)], k).add([&](Sample& slot) {
                        slot = std::move(sample);
                    });
                task->pending.clear();
            }
            const bool belongs =
                draft < 0 || (task->draft >= 0 && find(task->draft) == find(draft));
            if (belongs) {
                if (draft < 0) draft = task->draft;
                // The end marker says nothing about how far the task got; keep the step before it.
                if (sig.attempt != scan::AttemptRole::end)
                    task->attempt.last_milestone = sig.milestone.empty() ? sig.id : sig.milestone;
                if (!sig.attempt_type.empty() &&
                    task->attempt.type == model::Attempt::Type::unknown)
                    task->attempt.type = sig.attempt_type == "unprovision"
                                             ? model::Attempt::Type::unprovision
                                             : model::Attempt::Type::provision;
                if (sig.attempt_success) task->success = true;
            }
        }

        if (draft >= 0) {
            draft = find(draft);
            store(draft, kind, sig_index, captures, rec);
            Draft& d = drafts[static_cast<size_t>(draft)];
            if (!sig.mode.empty() && sequence >= d.mode_sequence) {
                d.mode = sig.mode;
                d.mode_sequence = sequence;
            }
            for (const auto& c : captures)
                if (c.name == "firmware") d.firmware.assign(c.value);
        } else if (task != nullptr && task->draft < 0) {
            task->pending.emplace_back(kind, Sample{});
            fill(task->pending.back().second, sig_index, captures, rec);
        } else {
            store(-1, kind, sig_index, captures, rec);
        }

        if (task != nullptr && sig.attempt == scan::AttemptRole::end) {
            task->attempt.end = {std::string(rec.artifact), rec.line, 0, rec.offset, {}};
            task->attempt.end_time = rec.time;
            close_task(*task, task->success ? model::Attempt::Outcome::succeeded
                                            : model::Attempt::Outcome::failed);
            open_tasks.erase(task_it);
        }
    }

    void end_stream() {
        // Close in thread order so the result does not depend on hash-map iteration.
        std::vector<uint32_t> threads;
        for (const auto& [thread, task] : open_tasks) threads.push_back(thread);
        std::sort(threads.begin(), threads.end());
        for (uint32_t thread : threads)
            close_task(open_tasks.at(thread), model::Attempt::Outcome::incomplete);
        open_tasks.clear();
    }

    static std::string first_of(const std::set<std::string>& values) {
        return values.empty() ? std::string() : *values.begin();
    }

    CorrelationResult finish() {
        end_stream();
        CorrelationResult result;
        for (size_t k = 0; k < kind_names.size(); ++k)
            if (total_counts[k] > 0) result.total_counts[kind_names[k]] = total_counts[k];

        for (size_t root = 0; root < drafts.size(); ++root) {
            if (find(static_cast<int>(root)) != static_cast<int>(root)) continue;  // absorbed
            Draft& merged = drafts[root];
            if (merged.kinds.empty()) merged.kinds = empty_buckets;
            std::vector<model::Attempt> attempts(std::make_move_iterator(merged.attempts.begin()),
                                                 std::make_move_iterator(merged.attempts.end()));

            model::Device dev;
            dev.fqdn = first_of(merged.fqdns);
            dev.host = dev.fqdn.empty() ? first_of(merged.hosts) : model::host_of_fqdn(dev.fqdn);
            // Prefer the UUID spelling the evidence used (not its byte-swapped alias).
            dev.uuid = first_of(merged.uuids);
            dev.machine_id = first_of(merged.machine_ids);
            dev.ips.assign(merged.ips.begin(), merged.ips.end());
            dev.macs.assign(merged.macs.begin(), merged.macs.end());
            dev.mode = merged.mode;
            dev.firmware = merged.firmware;
            dev.attempts = std::move(attempts);
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
                continue;

            auto& by_kind = result.evidence[dev.id];
            for (size_t k = 0; k < kind_names.size(); ++k)
                if (merged.kinds[k].count() > 0)
                    by_kind[kind_names[k]] =
                        KindEvidence{merged.kinds[k].count(), merged.kinds[k].take_samples()};
            result.devices.push_back(std::move(dev));
        }
        auto& site_kinds = result.evidence[""];
        for (size_t k = 0; k < kind_names.size(); ++k)
            if (site[k].count() > 0)
                site_kinds[kind_names[k]] = KindEvidence{site[k].count(), site[k].take_samples()};
        result.decoder = std::make_shared<SampleDecoder>(signatures, kind_names, kind_of_signature,
                                                         artifact_names);
        std::sort(result.devices.begin(), result.devices.end(),
                  [](const model::Device& a, const model::Device& b) { return a.id < b.id; });
        // The scan state is spent: give its memory back before the rules run (a site that
        // re-provisions under new MachineIds leaves a key per task behind).
        drafts = {};
        parent = {};
        key_index = {};
        site = {};
        return result;
    }
};

// Secrets are masked here, off the hot path.
model::Evidence SampleDecoder::decode(const Sample& sample) const {
    model::Evidence ev;
    const scan::Signature& sig = signatures_[sample.signature];
    ev.kind = kind_names_[static_cast<size_t>(kind_of_signature_[sample.signature])];
    const std::string_view text = sample.text;
    const size_t groups = text.find(kGroupSep);
    ev.ref.excerpt.assign(text.substr(0, groups));
    std::replace(ev.ref.excerpt.begin(), ev.ref.excerpt.end(), '\n', ' ');
    scan::mask_secrets(ev.ref.excerpt);
    size_t pos = groups;
    while (pos != std::string_view::npos) {
        const size_t next = text.find(kGroupSep, pos + 1);
        const std::string_view group = text.substr(
            pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
        const size_t split = group.find_first_of(kSeparators);
        const std::string_view name = group.substr(0, split);
        std::string_view value =
            split == std::string_view::npos ? std::string_view() : group.substr(split + 1);
        if (split != std::string_view::npos && group[split] == kRefSep) {
            size_t offset = 0, length = 0;
            const auto comma = value.find(',');
            std::from_chars(value.data(), value.data() + comma, offset);
            std::from_chars(value.data() + comma + 1, value.data() + value.size(), length);
            value = text.substr(offset, length);
        }
        if (name == "fqdn") {
            ev.keys.fqdn = model::normalize_fqdn(value);
            if (ev.keys.host.empty()) ev.keys.host = model::host_of_fqdn(value);
        } else if (name == "host") {
            ev.keys.host = model::normalize_fqdn(value);
        } else if (name == "uuid") {
            ev.keys.uuid = model::normalize_uuid(value).value_or(std::string(value));
        } else if (name == "machine_id") {
            ev.keys.machine_id.assign(value);
        } else if (name == "ip") {
            if (is_real_ip(value)) ev.keys.ip.assign(value);
        } else if (name == "mac") {
            ev.keys.mac = normalize_mac(value);
        } else {
            ev.attrs.push_back({std::string(name), std::string(value)});
        }
        pos = next;
    }
    ev.attrs.push_back({"signature", sig.id});
    ev.time = sample.time;
    // The record's severity (CCM type=, else CMTrace's keyword rule) wins; the signature's
    // applies to records that carry neither.
    ev.severity = sample.severity != model::Severity::none ? sample.severity : sig.severity;
    ev.ref.artifact = artifact_names_[sample.artifact];
    ev.ref.line = sample.line;
    ev.ref.offset = sample.offset;
    ev.sequence = sample.sequence;
    return ev;
}

std::vector<model::Evidence> CorrelationResult::timeline(const std::string& device_id) const {
    std::vector<model::Evidence> out;
    auto it = evidence.find(device_id);
    if (it == evidence.end()) return out;
    for (const auto& [kind, ke] : it->second)
        for (const auto& sample : ke.samples) out.push_back(decoder->decode(sample));
    std::sort(out.begin(), out.end(), [](const model::Evidence& a, const model::Evidence& b) {
        return a.sequence < b.sequence;
    });
    return out;
}

Correlator::Correlator(const std::vector<scan::Signature>& signatures, size_t keep_first,
                       size_t keep_last, const std::set<std::string>* cited_kinds)
    : impl_(std::make_unique<Impl>(signatures, keep_first, keep_last, cited_kinds)) {}
Correlator::~Correlator() = default;
void Correlator::begin_stream() {
    impl_->end_stream();
}
void Correlator::on_match(int signature_index, std::span<const scan::Capture> captures,
                          const RecordContext& record) {
    impl_->on_match(signature_index, captures, record);
}
void Correlator::end_stream() {
    impl_->end_stream();
}
CorrelationResult Correlator::finish() {
    return impl_->finish();
}

}  // namespace amtdiag::correlate
