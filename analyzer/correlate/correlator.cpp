#include "analyzer/correlate/correlator.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>
#include <stdexcept>

#include "analyzer/correlate/device_index.h"
#include "analyzer/correlate/task_tracker.h"

namespace amtdiag::correlate {

struct Correlator::Impl {
    std::shared_ptr<NameTable> names = std::make_shared<NameTable>();
    SampleWriter writer{*names};
    std::shared_ptr<NameTable> kinds = std::make_shared<NameTable>();  // kind names by id
    std::vector<Retention> retention;                                  // by kind id
    std::vector<uint64_t> total_counts;
    DeviceIndex devices;
    TaskTracker tasks;

    explicit Impl(TaskPolicy policy) : tasks(policy) {}
    // The stream's last time and sequence: how far the log went on after an open task.
    model::LogTime stream_last;
    std::vector<KindSamples> site;  // evidence that names no device, by kind id
    uint64_t sequence = 0;

    uint32_t declare_kind(std::string_view kind, Retention r) {
        const int64_t known = kinds->find(kind);
        if (known >= 0) return static_cast<uint32_t>(known);
        const uint32_t id = kinds->id(kind);
        retention.push_back(r);
        total_counts.push_back(0);
        site.emplace_back(r, id);
        return id;
    }

    // The kinds' names for the attempts' counts, one list shared by all of them; a new one
    // when a kind was declared since (earlier attempts keep theirs: their numbers are in it).
    std::shared_ptr<const std::vector<std::string>> kind_names;
    const std::shared_ptr<const std::vector<std::string>>& shared_kind_names() {
        if (!kind_names || kind_names->size() != kinds->size()) {
            auto list = std::make_shared<std::vector<std::string>>();
            list->reserve(kinds->size());
            for (uint32_t k = 0; k < kinds->size(); ++k) list->push_back(kinds->name(k));
            kind_names = std::move(list);
        }
        return kind_names;
    }

    KindSamples& bucket(int draft, uint32_t kind) {
        return DeviceIndex::kind_samples(devices.draft(draft), kind, retention[kind]);
    }

    void store(int draft, uint32_t kind, const Fact& fact) {
        auto& samples = draft >= 0 ? bucket(draft, kind) : site[kind];
        if (!samples.keeps_next()) {
            samples.add([](Sample&) {});  // counted, not kept: nothing to encode
            return;
        }
        writer.encode(fact);
        samples.add(writer, sequence);
    }

    void close_task(TaskTracker::Task&& task) {
        // A task that never learned its target leaves its lines as site evidence.
        for (auto& [kind, sample] : task.pending)
            // (An explicit capture: clang 14, the fuzz preset's compiler, cannot capture a
            // structured binding.)
            site[kind].add([&pending = sample](Sample& slot) { slot = std::move(pending); });
        task.pending.clear();
        if (task.draft < 0) return;
        model::Attempt& attempt = task.attempt;
        attempt.kind_names = shared_kind_names();
        attempt.counts.reserve(task.kind_counts.size());
        constexpr uint64_t kMaxCount = std::numeric_limits<uint32_t>::max();
        for (const auto& [kind, n] : task.kind_counts)
            attempt.counts.push_back({kind, static_cast<uint32_t>(std::min(n, kMaxCount))});
        std::sort(attempt.counts.begin(), attempt.counts.end(), [&](const auto& a, const auto& b) {
            return attempt.kind_name(a) < attempt.kind_name(b);
        });
        devices.add_attempt(task.draft, std::move(task.attempt));
    }

    void add(const Fact& fact) {
        ++sequence;
        ++total_counts[fact.kind];
        if (fact.time.has_time &&
            (!stream_last.has_time || fact.time.sort_ms() > stream_last.sort_ms()))
            stream_last = fact.time;
        int draft = fact.keys.empty() ? -1 : devices.resolve(fact.keys);
        const uint32_t thread = fact.has_thread ? fact.thread : 0;
        const TaskMark& mark = fact.task;

        if (mark.role == TaskRole::begin) {
            if (auto replaced = tasks.begin(thread, fact, sequence))
                close_task(std::move(*replaced));
        }
        // Each artifact is its own stream (the analyzer brackets it), so only log lines ever
        // meet an open task.
        TaskTracker::Task* task = tasks.open(thread);
        if (task != nullptr) {
            if (draft >= 0 && (task->draft < 0 || mark.role == TaskRole::target)) {
                task->draft = draft;
                for (auto& [kind, sample] : task->pending)
                    bucket(draft, kind).add([&pending = sample](Sample& slot) {
                        slot = std::move(pending);
                    });
                task->pending.clear();
            }
            const bool belongs =
                draft < 0 || (task->draft >= 0 && devices.find(task->draft) == devices.find(draft));
            if (belongs) {
                if (draft < 0) draft = task->draft;
                TaskTracker::note(*task, fact, sequence);
            }
        }

        if (draft >= 0) {
            draft = devices.find(draft);
            store(draft, fact.kind, fact);
            DeviceIndex::Draft& d = devices.draft(draft);
            if (!fact.mode.empty() && sequence >= d.mode_sequence) {
                d.mode.assign(fact.mode);
                d.mode_sequence = sequence;
            }
            if (!fact.firmware.empty()) d.firmware.assign(fact.firmware);
        } else if (task != nullptr && task->draft < 0) {
            task->pending.emplace_back(fact.kind, Sample{});
            writer.fill(task->pending.back().second, fact, sequence);
        } else {
            store(-1, fact.kind, fact);
        }

        if (task != nullptr && mark.role == TaskRole::end) close_task(tasks.end(thread, fact));
    }

    void end_stream() {
        for (auto& task : tasks.drain(stream_last, sequence)) close_task(std::move(task));
        stream_last = {};
    }

    CorrelationResult finish() {
        end_stream();
        CorrelationResult result;
        for (uint32_t k = 0; k < kinds->size(); ++k)
            if (total_counts[k] > 0) result.total_counts[kinds->name(k)] = total_counts[k];
        auto scope_of = [this](std::vector<KindSamples>& drafted) {
            std::vector<KindEvidence> out;
            out.reserve(drafted.size());
            for (KindSamples& k : drafted)
                if (k.count() > 0)
                    out.push_back(
                        {&kinds->name(k.kind()), k.count(), k.take_samples(), retention[k.kind()]});
            drafted = {};
            return ScopeEvidence(kinds, std::move(out));
        };

        size_t roots = 0;
        for (size_t root = 0; root < devices.size(); ++root)
            roots += devices.is_root(static_cast<int>(root)) ? 1 : 0;
        result.devices.reserve(roots);  // grown by doubling, it held two copies for a moment
        for (size_t root = 0; root < devices.size(); ++root) {
            const int id = static_cast<int>(root);
            if (!devices.is_root(id)) continue;  // absorbed into another draft
            model::Device dev;
            if (!devices.to_device(id, dev)) continue;
            result.evidence.emplace(dev.id, scope_of(devices.draft(id).kinds));
            result.devices.push_back(std::move(dev));
        }
        result.evidence.emplace("", scope_of(site));
        result.decoder = std::make_shared<SampleDecoder>(names);
        std::sort(result.devices.begin(), result.devices.end(),
                  [](const model::Device& a, const model::Device& b) { return a.id < b.id; });
        // The scan state is spent: give its memory back before the rules run (a site that
        // re-provisions under new MachineIds leaves a key per task behind).
        devices = DeviceIndex{};
        site = {};
        return result;
    }
};

std::vector<model::Evidence> CorrelationResult::timeline(const std::string& device_id) const {
    std::vector<model::Evidence> out;
    auto it = evidence.find(device_id);
    if (it == evidence.end()) return out;
    for (const KindEvidence& ke : it->second)
        for (const auto& sample : ke.samples) out.push_back(decoder->decode(*ke.kind, sample));
    std::sort(out.begin(), out.end(), [](const model::Evidence& a, const model::Evidence& b) {
        return a.sequence < b.sequence;
    });
    return out;
}

Correlator::Correlator(TaskPolicy task_policy) : impl_(std::make_unique<Impl>(task_policy)) {}
Correlator::~Correlator() = default;

uint32_t Correlator::declare_kind(std::string_view kind, Retention retention) {
    return impl_->declare_kind(kind, retention);
}
void Correlator::begin_stream() {
    impl_->end_stream();
}
void Correlator::end_stream() {
    impl_->end_stream();
}
void Correlator::add(const Fact& fact) {
    impl_->add(fact);
}

void Correlator::add(const model::Evidence& e) {
    Fact fact;
    fact.kind = impl_->declare_kind(e.kind, kKeepAll);
    const model::DeviceKeys& k = e.keys;
    fact.keys = {k.fqdn, k.host, k.uuid, k.machine_id, k.ip, k.mac};
    std::vector<FactField> fields;
    fields.reserve(e.attrs.size());
    std::vector<std::string> numbers;  // text of typed values the fields point to
    numbers.reserve(e.attrs.size());
    for (const auto& a : e.attrs) {
        // What a reader says of the device itself: its AMT version, its provisioning path.
        if (a.name == "firmware" && a.type == model::AttrType::string) fact.firmware = a.value;
        if (a.name == "mode" && a.type == model::AttrType::string) fact.mode = a.value;
        FactField f{a.name, a.value, a.type, nullptr};
        if (a.type == model::AttrType::timestamp) {
            // Stored as milliseconds; the text form is for people.
            f.value = numbers.emplace_back(std::to_string(a.number));
        } else if (a.type == model::AttrType::list) {
            f.items = &a.items;
        }
        fields.push_back(f);
    }
    fact.fields = fields;
    fact.artifact = e.ref.artifact;
    fact.line = e.ref.line;
    fact.packet = e.ref.packet;
    fact.offset = e.ref.offset;
    fact.item = e.ref.item;
    fact.excerpt = e.ref.excerpt;
    fact.excerpt_max = 1000;  // a reader's own summary of the fact: keep it whole
    fact.time = e.time;
    fact.severity = e.severity;
    impl_->add(fact);
}

ScopeEvidence::ScopeEvidence(std::shared_ptr<const NameTable> names,
                             std::vector<KindEvidence> kinds)
    : names_(std::move(names)), kinds_(std::move(kinds)) {
    std::sort(kinds_.begin(), kinds_.end(),
              [](const KindEvidence& a, const KindEvidence& b) { return *a.kind < *b.kind; });
}

namespace {

// The first entry whose kind does not sort before `kind`.
template <class Kinds>
auto lower_bound_of(Kinds& kinds, std::string_view kind) {
    return std::lower_bound(kinds.begin(), kinds.end(), kind,
                            // Compared as views: clang 14 (the fuzz preset's compiler) cannot
                            // compare a string with a view through libstdc++'s operator<=>.
                            [](const KindEvidence& k, std::string_view name) {
                                return std::string_view(*k.kind) < name;
                            });
}

}  // namespace

const KindEvidence* ScopeEvidence::find(std::string_view kind) const {
    const auto it = lower_bound_of(kinds_, kind);
    return it != kinds_.end() && std::string_view(*it->kind) == kind ? &*it : nullptr;
}

const KindEvidence& ScopeEvidence::at(std::string_view kind) const {
    const KindEvidence* found = find(kind);
    if (found == nullptr) throw std::out_of_range("no evidence of kind " + std::string(kind));
    return *found;
}

KindEvidence& ScopeEvidence::operator[](std::string_view kind) {
    const auto it = lower_bound_of(kinds_, kind);
    if (it != kinds_.end() && std::string_view(*it->kind) == kind) return *it;
    if (own_names_ == nullptr) own_names_ = std::make_shared<NameTable>();
    KindEvidence added;
    added.kind = &own_names_->name(own_names_->id(kind));
    return *kinds_.insert(it, std::move(added));
}

CorrelationResult Correlator::finish() {
    return impl_->finish();
}

}  // namespace amtdiag::correlate
