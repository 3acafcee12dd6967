#include "analyzer/engine/coverage.h"

#include <algorithm>
#include <set>

namespace amtdiag::engine {

std::vector<CheckCoverage> rule_coverage(const RuleSet& rules) {
    std::vector<CheckCoverage> out;
    out.reserve(rules.catalog.checks.size());
    for (const auto& check : rules.catalog.checks) {
        if (check.deprecated) continue;
        CheckCoverage c;
        c.check = &check;
        std::set<std::string> kinds;
        for (const auto& rule : rules.rules) {
            const bool claims =
                std::find(rule.checks.begin(), rule.checks.end(), check.id) != rule.checks.end();
            if (claims) {
                (rule.decides() ? c.deciding_rules : c.question_rules).push_back(rule.id);
                if (rule.decides()) kinds.insert(rule.needs.begin(), rule.needs.end());
            }
            for (const auto& test : rule.tests)
                if (std::any_of(test.expect.begin(), test.expect.end(),
                                [&](const RuleTest::Expect& e) { return e.check == check.id; }))
                    ++c.fixtures;
        }
        c.artifact_kinds.assign(kinds.begin(), kinds.end());
        c.manual = !c.question_rules.empty() ||
                   std::find(check.evidence.begin(), check.evidence.end(), "manual") !=
                       check.evidence.end();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace amtdiag::engine
