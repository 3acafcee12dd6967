#pragma once
// `amtdiag rules coverage`: for every catalog check, the rules that claim it, whether it is
// decided from files (and which artifact kinds) or only by a person's answer, and how many
// rule tests exercise it. CI fails when a check is claimed by no rule.
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"

namespace amtdiag::engine {

struct CheckCoverage {
    const CatalogCheck* check = nullptr;
    std::vector<std::string> deciding_rules;  // rules with fail/warn/pass expressions
    std::vector<std::string> question_rules;  // rules that only ask the operator
    std::vector<std::string> artifact_kinds;  // what the deciding rules read (their `needs`)
    bool manual = false;                      // an answer can decide it
    size_t fixtures = 0;                      // rule tests that expect a verdict on it
    bool claimed() const { return !deciding_rules.empty() || !question_rules.empty(); }
    bool automatic() const { return !deciding_rules.empty(); }
};

std::vector<CheckCoverage> rule_coverage(const RuleSet& rules);

}  // namespace amtdiag::engine
