#pragma once
// What rule expressions see: the device, its provisioning tasks and its evidence, as
// expression objects, plus the host functions ev(), count(), site_ev(), site_count() and
// has_artifact(). The names are documented in docs/rules.md.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/catalog.h"
#include "analyzer/engine/error_codes.h"
#include "analyzer/engine/expression/environment.h"
#include "analyzer/model/device.h"

namespace amtdiag::engine {

// What the run was told or found beside the evidence.
struct EvaluationContext {
    int64_t reference_time_ms = 0;      // when certificate validity is judged
    std::string reference_time_source;  // where it came from, for messages
    std::string amt_version;            // --amt-version, "" when not given
    std::vector<std::string> mode;      // --mode words (oob, inband, onetouch, pki, psk)
    size_t jobs = 1;                    // threads for the device rules (results never differ)
};

// Every scope's evidence of one kind (devices and the site, in the order of
// CorrelationResult::evidence), found in one pass over the correlation. Site-scope ev() and
// site_ev() gather a kind over the whole fleet: a map lookup in each of 10,000 scopes per kind
// asked cost more than the site rules themselves. Keys view the correlation's kind names.
struct KindIndex {
    std::unordered_map<std::string_view, std::vector<const correlate::KindEvidence*>> scopes;
};
std::shared_ptr<const KindIndex> index_kinds(const correlate::CorrelationResult& correlation);

// Values by evidence kind (the caches of ev() and site_ev()): looked up on every call, by a
// string_view, so hashed rather than compared along a tree of names that share prefixes.
using ValuesByKind =
    std::unordered_map<std::string, expr::Value, expr::StringHash, std::equal_to<>>;

struct ScopeData {
    const model::Device* device = nullptr;               // null for site scope
    const correlate::ScopeEvidence* evidence = nullptr;  // this scope's
    const correlate::CorrelationResult* all = nullptr;
    const std::set<std::string>* artifact_kinds = nullptr;  // kinds read successfully
    const Catalog* catalog = nullptr;                       // for milestone(id)
    // The rule set's data as one value, built once: it holds the error-code knowledge base,
    // and a copy per device environment cost more than the rules.
    const expr::Value* data = nullptr;
    const EvaluationContext* context = nullptr;
    const expr::Value* devices = nullptr;  // every device, as objects (device_list())
    // site_ev() answers are the same in every scope: one cache per evaluating thread.
    std::shared_ptr<ValuesByKind> site_cache;
    const ErrorCodes* error_codes = nullptr;  // for explain(code)
    // index_kinds(*all), built once per run; make_environment builds one when it is null.
    std::shared_ptr<const KindIndex> kinds;
};

// Every device of the correlation as expression objects; built once per run, shared by the
// environments of all scopes (it refers to `correlation` and `context`, which must outlive it).
expr::Value device_list(const correlate::CorrelationResult& correlation,
                        const EvaluationContext* context = nullptr);

// Builds the environment for one scope. The returned environment refers to `data` and to the
// objects it points to; they must outlive it.
expr::Environment make_environment(const ScopeData& data);

// Evidence objects carry this so findings can cite them.
const model::Evidence* evidence_of(const expr::Value& value);

// Renders a value for a message: strings bare, timestamps ISO-8601, lists comma-separated.
std::string display(const expr::Value& value);

}  // namespace amtdiag::engine
