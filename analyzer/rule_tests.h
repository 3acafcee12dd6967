#pragma once
// `amtdiag rules test`: runs every rule's fixtures through the whole pipeline (a temporary
// log file, analyze(), the findings) and compares the verdicts with what the rule expects.
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"

namespace amtdiag {

struct RuleTestResult {
    std::string rule;
    std::string test;
    bool passed = false;
    std::string detail;  // what differed
};

std::vector<RuleTestResult> run_rule_tests(const engine::RuleSet& rules);

}  // namespace amtdiag
