#pragma once
// Runs every rule for every device (or once for the site) and turns the verdicts into
// findings; then gives every catalog check no rule decided a finding of its own (unknown with
// the artifact kinds that would decide it, or manual).
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/bindings.h"
#include "analyzer/engine/rule_set.h"
#include "analyzer/model/finding.h"
#include "analyzer/model/finding_list.h"

namespace amtdiag::engine {

model::FindingList evaluate_rules(const RuleSet& rules,
                                  const correlate::CorrelationResult& correlation,
                                  const std::set<std::string>& artifact_kinds,
                                  const EvaluationContext& context = {});

// The words findings repeat (check ids, components, fixes, references, rule ids, artifact
// kinds, error-code notes, device ids), numbered once for the run's FindingList.
std::shared_ptr<const model::FindingVocabulary> finding_vocabulary(
    const RuleSet& rules, const correlate::CorrelationResult& correlation);

}  // namespace amtdiag::engine
