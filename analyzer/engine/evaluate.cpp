#include "analyzer/engine/evaluate.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "analyzer/engine/answers.h"
#include "analyzer/engine/applicability.h"
#include "analyzer/engine/bindings.h"

namespace amtdiag::engine {

namespace {

using model::Status;

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

std::string render(const MessageTemplate& tpl, const expr::Environment& env) {
    std::string out;
    for (const auto& part : tpl.parts) {
        if (!part.expression) {
            out += part.text;
            continue;
        }
        const auto result = part.expression->evaluate(env);
        out += result.ok() ? display(result.value()) : "(?)";
    }
    return out;
}

// The codes a cited line carries, named: first its fields that are codes by construction
// (a signature's `code`/`hresult` group; `status` is an AMT status), then any HRESULT-sized
// value in its text.
std::vector<model::CodeNote> code_notes(const model::Evidence& e, const ErrorCodes& codes) {
    std::vector<model::CodeNote> out;
    auto add = [&](const CodeInfo* info) {
        for (const auto& n : out)
            if (n.code == info->code && n.family == info->family) return;
        out.push_back({info->code, info->family, info->name, info->meaning});
    };
    static const std::vector<std::string> kAmt = {"amt"};
    for (const auto& a : e.attrs) {
        if (a.type != model::AttrType::string) continue;
        // Zero is success in every family: nothing to explain.
        if (a.value.find_first_not_of("0xX") == std::string::npos) continue;
        if (a.name == "status") {
            for (const auto* info : codes.lookup(a.value, kAmt)) add(info);
        } else if (a.name == "code" || a.name == "hresult") {
            const auto found = codes.lookup(a.value);
            if (!found.empty()) add(found.front());
        }
    }
    for (const auto* info : codes.find_in_text(e.ref.excerpt)) add(info);
    return out;
}

struct Decision {
    Status status = Status::unknown;
    std::string message;
    std::vector<std::string> needs;
    std::vector<model::EvidenceRef> evidence;
    // Citations held by the scope's cite cache, cited after `evidence`: copied once, into the
    // finding, and only those kept.
    std::vector<const model::EvidenceRef*> cited;
    bool cites_nothing() const { return evidence.empty() && cited.empty(); }
};

// Values of site-constant lets (Rule::let_is_site_constant), by expression: one per thread.
using LetCache = std::unordered_map<const void*, expr::Value>;

// A scope's citations, by the evidence they cite: the rules of one device cite the same task
// lines again and again, and formatting a citation's time and naming the error codes in its
// line cost more than the rest of the citation. One per scope: evidence is decoded per scope,
// so its address means nothing once the scope's environment is gone.
using CiteCache = std::unordered_map<const model::Evidence*, model::EvidenceRef>;

std::optional<Decision> decide(const Rule& rule, const CatalogCheck& check,
                               const expr::Environment& scope_env, const DeviceProfile& profile,
                               bool device_scope, const std::set<std::string>& artifact_kinds,
                               const ErrorCodes& codes, LetCache& let_cache, CiteCache& cites) {
    Decision d;
    const bool needs_met = rule.needs.empty() || std::any_of(rule.needs.begin(), rule.needs.end(),
                                                             [&](const std::string& k) {
                                                                 return artifact_kinds.count(k) > 0;
                                                             });
    // The catalog's applies_to judges a device; a site-wide rule judges firmware and paths
    // itself (a hot fix for old firmware is still worth naming on the site server).
    auto skip_reason = [&] {
        std::string reason = device_scope ? catalog_skip_reason(check, profile) : std::string();
        if (reason.empty()) reason = rule_skip_reason(rule.applies, profile);
        return reason;
    };
    // Without a `when`, a device the check does not apply to is skipped whatever the lets
    // hold: on a fleet that is a third of all verdicts, not worth evaluating the lets for.
    if (!rule.when && needs_met) {
        if (std::string reason = skip_reason(); !reason.empty()) {
            d.status = Status::skipped;
            d.message = "Skipped: " + reason + ".";
            return d;
        }
    }
    // The rule's `let` values, over the scope's environment (an error stays an error value:
    // whatever uses it fails to evaluate and says why). A let that differs by device is
    // computed when first read: where `when` rules a device out, most lets are never read.
    expr::Environment env = scope_env.layer();
    env.reserve_borrowed(rule.lets.size());
    for (size_t i = 0; i < rule.lets.size(); ++i) {
        const auto& [name, e] = rule.lets[i];
        const bool constant = i < rule.let_is_site_constant.size() && rule.let_is_site_constant[i];
        if (!constant) {
            env.set_deferred(name, e);
            continue;
        }
        if (auto it = let_cache.find(e.identity()); it != let_cache.end()) {
            env.set_borrowed(name, it->second);
            continue;
        }
        const auto r = e.evaluate(env);
        expr::Value value = r.ok() ? r.value() : expr::Value::error(r.error());
        let_cache.emplace(e.identity(), value);
        env.set_borrowed(name, std::move(value));
    }
    if (rule.when) {
        const auto r = rule.when->evaluate_bool(env);
        if (!r.ok() || !r.value().as_bool()) return std::nullopt;
    }
    if (!needs_met) {
        d.status = Status::unknown;
        d.needs = rule.needs;
        d.message = "Not decided: give one of " + join(rule.needs, ", ") + ".";
        if (auto it = rule.messages.find(Status::unknown); it != rule.messages.end())
            d.message = render(it->second, env);
        return d;
    }
    if (std::string reason = skip_reason(); !reason.empty()) {
        d.status = Status::skipped;
        d.message = "Skipped: " + reason + ".";
        return d;
    }
    if (rule.applies_when) {
        const auto r = rule.applies_when->evaluate_bool(env);
        if (r.ok() && !r.value().as_bool()) {
            d.status = Status::skipped;
            d.message = rule.skip_reason.empty() ? "Skipped: does not apply." : rule.skip_reason;
            return d;
        }
    }
    std::string errors;
    auto holds = [&](const std::optional<expr::Expression>& e) {
        if (!e) return false;
        const auto r = e->evaluate_bool(env);
        if (!r.ok()) {
            errors += (errors.empty() ? "" : "; ") + r.error();
            return false;
        }
        return r.value().as_bool();
    };
    if (holds(rule.fail_when))
        d.status = Status::fail;
    else if (holds(rule.warn_when))
        d.status = Status::warn;
    else if (holds(rule.pass_when))
        d.status = Status::pass;
    else {
        d.status = rule.otherwise;
        if (d.status == Status::unknown) d.needs = rule.needs;
    }
    if (auto it = rule.messages.find(d.status); it != rule.messages.end())
        d.message = render(it->second, env);
    else
        d.message = check.summary;
    if (!errors.empty()) d.message += " (rule " + rule.id + " could not evaluate: " + errors + ")";
    if (rule.cite) {
        const auto r = rule.cite->evaluate(env);
        if (r.ok() && r.value().type() == expr::ValueType::list) {
            for (const auto& item : r.value().as_list())
                if (const auto* e = evidence_of(item)) {
                    auto [at, added] = cites.try_emplace(e);
                    if (added) at->second = {e->ref, e->time.to_string(), code_notes(*e, codes)};
                    d.cited.push_back(&at->second);
                }
        }
        // A finding cites the first and the last lines of what it found; the counts are in
        // the message. Thousands of devices times long citations would bloat every report.
        constexpr size_t kCiteHead = 6, kCiteTail = 4;
        if (d.cited.size() > kCiteHead + kCiteTail)
            d.cited.erase(d.cited.begin() + kCiteHead, d.cited.end() - kCiteTail);
    }
    return d;
}

// Writes every field of `f` (a fresh finding, or a scratch one whose strings' buffers are
// reused: the device rules write a finding per rule and device, a million on a fleet, and
// building each from nothing was a dozen allocations).
void fill_finding(model::Finding& f, const Rule* rule, const CatalogCheck& check,
                  std::string_view device, Decision&& d) {
    f.check = check.id;
    f.status = d.status;
    f.stages = check.stages;
    f.verdict_stage =
        rule != nullptr && rule->verdict_stage > 0
            ? rule->verdict_stage
            : (check.stages.empty() ? 0
                                    : *std::min_element(check.stages.begin(), check.stages.end()));
    f.component = check.components.empty() ? std::string_view("other") : check.components.front();
    f.device = device;
    f.message = std::move(d.message);
    f.fix = rule != nullptr && !rule->fix.empty() ? rule->fix : check.fix;
    if (rule != nullptr)
        f.refs = rule->references;
    else
        f.refs.clear();
    for (const auto& r : check.refs)
        if (std::find(f.refs.begin(), f.refs.end(), r) == f.refs.end()) f.refs.push_back(r);
    // Assigned element by element, so a scratch finding's citations keep their buffers.
    f.evidence.resize(d.evidence.size() + d.cited.size());
    auto into = f.evidence.begin();
    for (model::EvidenceRef& owned : d.evidence) *into++ = std::move(owned);
    for (const model::EvidenceRef* cited : d.cited) *into++ = *cited;
    f.needs = std::move(d.needs);
    f.rule = rule != nullptr ? std::string_view(rule->id) : std::string_view("catalog");
    f.suspects.clear();
    f.suspect_rank = 0;
    f.for_all_devices = 0;
}

model::Finding make_finding(const Rule* rule, const CatalogCheck& check, const std::string& device,
                            Decision&& d) {
    model::Finding f;
    fill_finding(f, rule, check, device, std::move(d));
    return f;
}

// The verdicts one (rule, check) gave the devices so far, while all are the same undecided one
// (unknown or skipped, same message and needs, no evidence): one Decision plus device indexes.
struct UniformRun {
    std::optional<Decision> first;
    std::vector<uint32_t> devices;
    bool broken = false;

    bool same_as(const Decision& d) const {
        return first && d.status == first->status && d.message == first->message &&
               d.needs == first->needs;
    }
    static bool collapsible(const Decision& d) {
        return (d.status == Status::unknown || d.status == Status::skipped) && d.cites_nothing();
    }
    // Takes `d` into the run if it is the same undecided verdict; false otherwise.
    bool extend(const Decision& d, uint32_t device) {
        if (!collapsible(d)) return false;
        if (first && !same_as(d)) return false;
        if (!first) first = d;
        devices.push_back(device);
        return true;
    }
    // The run ends: its devices get their findings one by one after all.
    void release(const Rule& rule, const CatalogCheck& check,
                 const correlate::CorrelationResult& correlation, model::FindingList& findings,
                 model::Finding& scratch) {
        broken = true;
        for (uint32_t i : devices) {
            Decision copy = *first;
            fill_finding(scratch, &rule, check, correlation.devices[i].id, std::move(copy));
            findings.push_back(scratch);
        }
        devices.clear();
        devices.shrink_to_fit();
    }
};

model::Finding undecided(const RuleSet& rules, const CatalogCheck& check,
                         const std::set<std::string>& artifact_kinds) {
    Decision d;
    std::vector<std::string> kinds;
    for (const auto& k : check.evidence)
        if (k != "manual") kinds.push_back(k);
    if (kinds.empty()) {
        d.status = Status::manual;
        const std::string hint = hint_for(rules, check);
        d.message = "No file can decide this; answer it (amtdiag answers template): " +
                    question_for(rules, check) +
                    (hint.empty() ? std::string() : " How to find out: " + hint);
    } else {
        d.status = Status::unknown;
        d.needs = kinds;
        const bool some_given = std::any_of(kinds.begin(), kinds.end(), [&](const std::string& k) {
            return artifact_kinds.count(k) > 0;
        });
        d.message =
            some_given
                ? "The artifacts given do not show this. What decides it: " + check.signal
                : "Not decided: give " + join(kinds, " or ") + ". What decides it: " + check.signal;
    }
    return make_finding(nullptr, check, "", std::move(d));
}

bool is_quirk(const scan::Signature& sig, const model::Evidence& e) {
    return std::any_of(sig.quirks.begin(), sig.quirks.end(), [&](const auto& quirk) {
        return std::all_of(quirk.when.begin(), quirk.when.end(), [&](const auto& condition) {
            const std::string* value = e.attr(condition.first);
            return value != nullptr && *value == condition.second;
        });
    });
}

// Suspects: an error line whose signature names the checks that could explain it (the log
// alone cannot tell which) makes each of them a warning "suspected", citing the line and
// saying what would decide it, unless a rule has decided that check already (its verdict
// stands). Findings that cite such a line list the suspects it raised, most likely first.
struct RaisedSuspect {
    size_t rank = 0;
    std::string why;
    std::vector<model::EvidenceRef> refs;
    bool decided = false;  // a rule gave the check a verdict for this device (or the site)
};

// What the error lines raise, gathered before the findings are: their number sizes the
// findings vector once (growing a vector of a million findings doubles the peak).
// Nested maps with transparent keys: every finding and every citation is looked up here, and
// a (string, string) pair built per lookup was an allocation each, a tenth of a second on a
// 10,000-device fleet.
struct Suspicions {
    template <class Value>
    using ByName = std::map<std::string, Value, std::less<>>;
    ByName<ByName<RaisedSuspect>> raised;                          // check, then device
    ByName<std::map<uint64_t, std::vector<std::string>>> by_line;  // artifact, then line
    size_t count() const {
        size_t n = 0;
        for (const auto& [check, devices] : raised) n += devices.size();
        return n;
    }
};

Suspicions raise_suspects(const RuleSet& rules, const correlate::CorrelationResult& correlation) {
    Suspicions out;
    std::map<std::string, const scan::Signature*> by_id;
    std::set<std::string> raising_kinds;
    for (const auto& sig : rules.signatures) {
        if (sig.suspects.empty()) continue;
        by_id[sig.id] = &sig;
        raising_kinds.insert(sig.emits);
    }
    if (by_id.empty()) return out;
    for (const auto& [device, kinds] : correlation.evidence) {
        for (const correlate::KindEvidence& ke : kinds) {
            const std::string& kind = *ke.kind;
            if (!raising_kinds.count(kind)) continue;
            for (const auto& sample : ke.samples) {
                const model::Evidence e = correlation.decoder->decode(kind, sample);
                const std::string* sig_id = e.attr("signature");
                auto sig = sig_id == nullptr ? by_id.end() : by_id.find(*sig_id);
                if (sig == by_id.end() || is_quirk(*sig->second, e)) continue;
                const model::EvidenceRef ref{e.ref, e.time.to_string(),
                                             code_notes(e, rules.error_codes)};
                auto& line_suspects = out.by_line[e.ref.artifact][e.ref.line];
                for (size_t i = 0; i < sig->second->suspects.size(); ++i) {
                    const auto& suspect = sig->second->suspects[i];
                    if (std::find(line_suspects.begin(), line_suspects.end(), suspect.check) ==
                        line_suspects.end())
                        line_suspects.push_back(suspect.check);
                    RaisedSuspect& r = out.raised[suspect.check][device];
                    if (r.refs.empty()) {
                        r.rank = i;
                        r.why = suspect.why;
                    }
                    constexpr size_t kCitedLines = 4;
                    if (r.refs.size() < kCitedLines) r.refs.push_back(ref);
                }
            }
        }
    }
    return out;
}

void add_suspects(const RuleSet& rules, Suspicions&& suspicions,
                  const std::set<std::string>& artifact_kinds, model::FindingList& findings,
                  unsigned jobs) {
    auto& raised = suspicions.raised;
    auto& by_line = suspicions.by_line;
    if (raised.empty() && by_line.empty()) return;
    for (size_t i = 0; i < findings.size(); ++i) {
        const model::FindingHead f = findings.head(i);
        if (f.status == Status::unknown || f.status == Status::manual) continue;
        const auto devices = raised.find(f.check);
        if (devices == raised.end()) continue;
        if (f.device.empty()) {  // decided for the site: for every device
            for (auto& [device, r] : devices->second) r.decided = true;
        } else if (auto r = devices->second.find(f.device); r != devices->second.end()) {
            r->second.decided = true;
        }
    }
    if (!by_line.empty())
        findings.change_each(
            [&](model::Finding& f) {
                bool changed = false;
                for (const auto& e : f.evidence) {
                    const auto artifact = by_line.find(e.ref.artifact);
                    if (artifact == by_line.end()) continue;
                    if (auto it = artifact->second.find(e.ref.line); it != artifact->second.end())
                        for (const auto& check : it->second)
                            if (std::find(f.suspects.begin(), f.suspects.end(), check) ==
                                f.suspects.end()) {
                                f.suspects.push_back(check);
                                changed = true;
                            }
                }
                return changed;
            },
            jobs);
    for (auto& [check_id, devices] : raised)
        for (auto& [device, r] : devices) {
            if (r.decided) continue;
            const CatalogCheck* check = rules.catalog.find(check_id);
            if (check == nullptr) continue;
            Decision d;
            d.status = Status::warn;
            d.evidence = r.refs;
            for (const auto& k : check->evidence)
                if (k != "manual") d.needs.push_back(k);
            const auto& first = r.refs.front().ref;
            std::vector<std::string> missing;
            for (const auto& k : d.needs)
                if (!artifact_kinds.count(k)) missing.push_back(k);
            d.message = "Suspected, candidate " + std::to_string(r.rank + 1) +
                        " for the error at " + first.artifact + ":" + std::to_string(first.line) +
                        ": " + r.why + " What decides it: " + check->signal +
                        (missing.empty() ? std::string() : " (give " + join(missing, " or ") + ")");
            model::Finding f = make_finding(nullptr, *check, device, std::move(d));
            f.rule = "suspects";
            f.suspect_rank = static_cast<int>(r.rank) + 1;
            f.verdict_stage = 0;  // a hypothesis: it points where to look, it moves no stage
            findings.push_back(std::move(f));
        }
}

// Below this many devices per thread, a thread costs more than it saves.
constexpr size_t kDevicesPerThreadAtLeast = 64;
// Threads take ranges of this many devices, one after the other, until none is left: devices
// differ in cost (and one thread also runs the site rules), so equal shares fixed up front
// left a core idle for a fifth of the evaluation on a 10,000-device fleet.
constexpr size_t kDevicesPerRange = 256;

// The device rules' results for one contiguous range of devices.
struct DeviceRange {
    model::FindingList findings;
    std::vector<UniformRun> runs;  // one per (device rule, check), in rule order
    std::exception_ptr error;
};

template <typename Visit>
void for_each_device_rule_check(const RuleSet& rules, Visit&& visit) {
    size_t slot = 0;
    for (const Rule& rule : rules.rules) {
        if (rule.scope == RuleScope::site || !rule.decides()) continue;
        for (const std::string& check_id : rule.checks) visit(slot++, rule, check_id);
    }
}

// What a thread keeps from one range of devices to the next: answers that do not depend on
// the device. Per thread, not shared: a cache shared between threads would need a lock on
// every call.
struct ThreadCaches {
    // site_ev() answers
    std::shared_ptr<ValuesByKind> site = std::make_shared<ValuesByKind>();
    LetCache lets;
};

void evaluate_devices(uint32_t begin, uint32_t end, const RuleSet& rules,
                      const correlate::CorrelationResult& correlation,
                      const std::set<std::string>& artifact_kinds, const EvaluationContext& context,
                      const expr::Value& devices, const expr::Value& rule_data,
                      const std::shared_ptr<const KindIndex>& kinds, ThreadCaches& caches,
                      DeviceRange& out) {
    static const correlate::ScopeEvidence kNoEvidence;
    const auto& site_cache = caches.site;
    LetCache& let_cache = caches.lets;
    CiteCache cites;
    model::Finding scratch;  // every finding of the range is written here, then encoded
    // Each (rule, check) slot's catalog entry, looked up once, not once per device.
    std::vector<const CatalogCheck*> slot_checks;
    for_each_device_rule_check(rules, [&](size_t, const Rule&, const std::string& check_id) {
        out.runs.emplace_back();
        slot_checks.push_back(rules.catalog.find(check_id));
    });
    for (uint32_t device_index = begin; device_index < end; ++device_index) {
        cites.clear();  // the last device's evidence is gone with its environment
        const auto& device = correlation.devices[device_index];
        const auto found = correlation.evidence.find(device.id);
        ScopeData data{
            &device,        found == correlation.evidence.end() ? &kNoEvidence : &found->second,
            &correlation,   &artifact_kinds,
            &rules.catalog, &rule_data,
            &context,       &devices,
            site_cache,     &rules.error_codes,
            kinds};
        const expr::Environment env = make_environment(data);
        const DeviceProfile profile =
            profile_of(&device, correlation, context.mode, context.amt_version);
        for_each_device_rule_check(rules, [&](size_t slot, const Rule& rule, const std::string&) {
            UniformRun& run = out.runs[slot];
            const CatalogCheck* check = slot_checks[slot];
            if (check == nullptr) return;
            auto d = decide(rule, *check, env, profile, true, artifact_kinds, rules.error_codes,
                            let_cache, cites);
            if (!run.broken && d && run.extend(*d, device_index)) return;
            if (!run.broken) run.release(rule, *check, correlation, out.findings, scratch);
            if (!d) return;
            fill_finding(scratch, &rule, *check, device.id, std::move(*d));
            out.findings.push_back(scratch);
        });
    }
}

// A (rule, check) whose every device, across all ranges, got the same undecided verdict is
// one site-wide finding; otherwise each device still in a run gets its own finding.
void merge_uniform_runs(const RuleSet& rules, const correlate::CorrelationResult& correlation,
                        std::vector<DeviceRange>& ranges, model::FindingList& findings) {
    for_each_device_rule_check(
        rules, [&](size_t slot, const Rule& rule, const std::string& check_id) {
            const CatalogCheck* check = rules.catalog.find(check_id);
            if (check == nullptr) return;
            size_t devices = 0;
            bool uniform = correlation.devices.size() >= 2;
            const UniformRun* first = nullptr;
            for (const auto& range : ranges) {
                const UniformRun& run = range.runs[slot];
                if (run.broken || run.devices.empty()) {
                    uniform = false;
                    continue;
                }
                devices += run.devices.size();
                if (first == nullptr)
                    first = &run;
                else if (!run.same_as(*first->first))
                    uniform = false;
            }
            if (first == nullptr) return;
            if (uniform && devices == correlation.devices.size()) {
                Decision d = *first->first;
                model::Finding f = make_finding(&rule, *check, "", std::move(d));
                f.for_all_devices = devices;
                findings.push_back(std::move(f));
                return;
            }
            model::Finding scratch;
            for (auto& range : ranges)
                if (!range.runs[slot].broken)
                    range.runs[slot].release(rule, *check, correlation, findings, scratch);
        });
}

}  // namespace

std::shared_ptr<const model::FindingVocabulary> finding_vocabulary(
    const RuleSet& rules, const correlate::CorrelationResult& correlation) {
    std::vector<std::string> words = {"catalog", "suspects", "other"};
    auto add = [&](const std::vector<std::string>& more) {
        words.insert(words.end(), more.begin(), more.end());
    };
    for (const auto& check : rules.catalog.checks) {
        words.push_back(check.id);
        words.push_back(check.fix);
        add(check.components);
        add(check.refs);
        add(check.evidence);
    }
    for (const auto& rule : rules.rules) {
        words.push_back(rule.id);
        words.push_back(rule.fix);
        add(rule.references);
    }
    for (const auto& code : rules.error_codes.entries())
        add({code.code, code.family, code.name, code.meaning});
    for (const auto& device : correlation.devices) words.push_back(device.id);
    return std::make_shared<const model::FindingVocabulary>(std::move(words));
}

model::FindingList evaluate_rules(const RuleSet& rules,
                                  const correlate::CorrelationResult& correlation,
                                  const std::set<std::string>& artifact_kinds,
                                  const EvaluationContext& context) {
    const auto vocabulary = finding_vocabulary(rules, correlation);
    model::FindingList findings(vocabulary);
    static const correlate::ScopeEvidence kNoEvidence;
    auto scope_evidence = [&](const std::string& id) {
        auto it = correlation.evidence.find(id);
        return it == correlation.evidence.end() ? &kNoEvidence : &it->second;
    };
    const expr::Value devices = device_list(correlation, &context);
    const expr::Value rule_data(rules.data);
    const auto site_cache = std::make_shared<ValuesByKind>();
    const std::shared_ptr<const KindIndex> kinds = index_kinds(correlation);
    ScopeData site{nullptr,        scope_evidence(""), &correlation, &artifact_kinds,
                   &rules.catalog, &rule_data,         &context,     &devices,
                   site_cache,     &rules.error_codes, kinds};
    const expr::Environment site_env = make_environment(site);
    const DeviceProfile site_profile =
        profile_of(nullptr, correlation, context.mode, context.amt_version);

    // Site-scope rules (and every rule when no device was seen) run once; with a thread to
    // spare they run beside the device ranges, which share nothing with them that changes.
    LetCache site_lets;
    CiteCache site_cites;
    std::exception_ptr site_error;
    Suspicions suspicions;
    auto run_site = [&] {
        try {
            for (const Rule& rule : rules.rules) {
                if (!rule.decides()) continue;  // a question only: answers decide it
                if (rule.scope != RuleScope::site && !correlation.devices.empty()) continue;
                for (const std::string& check_id : rule.checks) {
                    const CatalogCheck* check = rules.catalog.find(check_id);
                    if (check == nullptr) continue;  // lint reports it
                    if (auto d = decide(rule, *check, site_env, site_profile, false, artifact_kinds,
                                        rules.error_codes, site_lets, site_cites))
                        findings.push_back(make_finding(&rule, *check, "", std::move(*d)));
                }
            }
            suspicions = raise_suspects(rules, correlation);
        } catch (...) {
            site_error = std::current_exception();
        }
    };
    // Device rules: one environment per device, shared by all rules; devices split into
    // contiguous ranges that `context.jobs` threads take one after the other (one range on a
    // single thread). Every range's findings are its own; the final sort makes the order
    // independent of the split.
    const size_t device_count = correlation.devices.size();
    const size_t threads = std::max<size_t>(
        1, std::min(std::max<size_t>(context.jobs, 1), device_count / kDevicesPerThreadAtLeast));
    const size_t range_count =
        threads == 1 ? 1
                     : std::max(threads, (device_count + kDevicesPerRange - 1) / kDevicesPerRange);
    std::vector<DeviceRange> ranges(range_count);
    for (auto& range : ranges) range.findings = model::FindingList(vocabulary);
    std::atomic<size_t> next_range{0};
    auto run_ranges = [&](bool with_site) {
        if (with_site) run_site();
        ThreadCaches caches;
        for (size_t r = next_range++; r < range_count; r = next_range++) {
            DeviceRange& range = ranges[r];
            try {
                const auto begin = static_cast<uint32_t>(device_count * r / range_count);
                const auto end = static_cast<uint32_t>(device_count * (r + 1) / range_count);
                evaluate_devices(begin, end, rules, correlation, artifact_kinds, context, devices,
                                 rule_data, kinds, caches, range);
            } catch (...) {
                range.error = std::current_exception();
            }
        }
    };
    {
        // The site rules go first on a thread of their own, which then takes ranges too.
        std::vector<std::jthread> workers;
        for (size_t t = 1; t < threads; ++t) workers.emplace_back(run_ranges, t == 1);
        run_ranges(threads == 1);
    }
    if (site_error) std::rethrow_exception(site_error);
    // Room for the place of everything still to come, so the list of places never grows:
    // the ranges' findings, their runs' devices at most, the suspects, and one undecided
    // finding per catalog check at most.
    size_t total = findings.size() + rules.catalog.checks.size() + suspicions.count();
    for (const auto& range : ranges) {
        total += range.findings.size();
        for (const auto& run : range.runs) total += std::max<size_t>(run.devices.size(), 1);
    }
    findings.reserve(total);
    for (auto& range : ranges) {
        if (range.error) std::rethrow_exception(range.error);
        findings.append(std::move(range.findings));  // moves blocks of bytes, not findings
    }
    merge_uniform_runs(rules, correlation, ranges, findings);

    add_suspects(rules, std::move(suspicions), artifact_kinds, findings,
                 static_cast<unsigned>(threads));

    // Catalog position of every finding, looked up once: sorting a million findings must not
    // look a string up in a map at every comparison.
    std::vector<bool> decided(rules.catalog.checks.size(), false);
    std::vector<size_t> position;
    position.reserve(findings.size() + rules.catalog.checks.size());
    for (size_t i = 0; i < findings.size(); ++i) {
        const auto at = rules.catalog.index.find(findings.head(i).check);
        if (at == rules.catalog.index.end()) throw std::out_of_range("finding of no catalog check");
        position.push_back(at->second);
        decided[position.back()] = true;
    }
    for (size_t i = 0; i < rules.catalog.checks.size(); ++i) {
        const CatalogCheck& check = rules.catalog.checks[i];
        if (check.deprecated || decided[i]) continue;
        findings.push_back(undecided(rules, check, artifact_kinds));
        position.push_back(i);
    }

    // Catalog order, then site before devices, then device id, then rule: stable across runs.
    // The heads view the list's bytes, which stay put while the order is worked out.
    // Only what the order reads (a whole head is 72 bytes, and 200,000 of them stood at the
    // run's peak of memory).
    struct SortKey {
        std::string_view device, rule;
    };
    std::vector<SortKey> keys(findings.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        const model::FindingHead head = findings.head(i);
        keys[i] = {head.device, head.rule};
    }
    std::vector<size_t> order(findings.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        if (position[x] != position[y]) return position[x] < position[y];
        const SortKey& a = keys[x];
        const SortKey& b = keys[y];
        if (a.device != b.device) return a.device < b.device;
        return a.rule < b.rule;
    });
    keys = {};
    // Only the findings' places move; their bytes stay where they are.
    findings.reorder(order);
    return findings;
}

}  // namespace amtdiag::engine
