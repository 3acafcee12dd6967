#include <algorithm>
#include <map>
#include <set>

#include "analyzer/engine/rule_set.h"
#include "analyzer/scan/signature_matcher.h"

namespace amtdiag::engine {

std::vector<LintIssue> lint_rule_set(const RuleSet& rules) {
    std::vector<LintIssue> issues;
    const Catalog& catalog = rules.catalog;

    std::set<std::string> claimed_checks;
    std::set<std::string> rule_ids;
    for (const auto& rule : rules.rules) {
        if (!rule_ids.insert(rule.id).second)
            issues.push_back({rule.defined_in, "duplicate rule id " + rule.id});
        for (const auto& check : rule.checks) {
            if (catalog.find(check) == nullptr)
                issues.push_back(
                    {rule.defined_in, "rule " + rule.id + " names unknown check " + check});
            else
                claimed_checks.insert(check);
        }
        if (!rule.decides() && rule.question.empty())
            issues.push_back({rule.defined_in, "rule " + rule.id +
                                                   " has no fail_when, warn_when, pass_when "
                                                   "or question"});
        // One input on which it fires and one on which it stays silent, at least.
        if (rule.tests.size() < 2)
            issues.push_back(
                {rule.defined_in, "rule " + rule.id + " has " + std::to_string(rule.tests.size()) +
                                      " tests; every rule needs at least two (one where it "
                                      "decides, one where it stays silent or passes)"});
        for (const auto& test : rule.tests)
            for (const auto& e : test.expect)
                if (std::find(rule.checks.begin(), rule.checks.end(), e.check) ==
                        rule.checks.end() &&
                    catalog.find(e.check) == nullptr)
                    issues.push_back({rule.defined_in,
                                      "test '" + test.name + "' expects unknown check " + e.check});
        if (rule.verdict_stage != 0 && catalog.stage(rule.verdict_stage) == nullptr)
            issues.push_back(
                {rule.defined_in,
                 "verdict_stage " + std::to_string(rule.verdict_stage) + " is not a stage"});
    }

    std::set<std::string> claimed_milestones;
    std::set<std::string> signature_ids;
    std::set<std::string> log_kinds;
    for (const auto& sig : rules.signatures) {
        if (!signature_ids.insert(sig.id).second)
            issues.push_back({sig.defined_in, "duplicate signature id " + sig.id});
        if (!sig.milestone.empty()) {
            const bool known =
                std::any_of(catalog.milestones.begin(), catalog.milestones.end(),
                            [&](const CatalogMilestone& m) { return m.id == sig.milestone; });
            if (!known)
                issues.push_back({sig.defined_in, "signature " + sig.id +
                                                      " names unknown milestone " + sig.milestone});
            claimed_milestones.insert(sig.milestone);
        }
        if (sig.source.empty())
            issues.push_back(
                {sig.defined_in,
                 "signature " + sig.id + " does not say where its text comes from (source)"});
        if (sig.examples_match.empty())
            issues.push_back(
                {sig.defined_in, "signature " + sig.id + " has no examples.match line"});
        for (const auto& k : sig.logs) log_kinds.insert(k);
    }
    for (const auto& m : catalog.milestones)
        if (!claimed_milestones.count(m.id))
            issues.push_back(
                {"catalog", "milestone " + m.id + " (\"" + m.text + "\") has no signature"});
    for (const auto& c : catalog.checks)
        if (!c.deprecated && !claimed_checks.count(c.id))
            issues.push_back(
                {"catalog", "check " + c.id +
                                " is claimed by no rule: give it a rule that decides it or a "
                                "question (rules/checks/questions.yaml)"});

    // Examples: each match line fires its own signature and no signature of another evidence
    // kind's milestone; each no_match line stays silent for its signature.
    for (const auto& kind : log_kinds) {
        std::unique_ptr<scan::SignatureMatcher> matcher;
        try {
            matcher = std::make_unique<scan::SignatureMatcher>(rules.signatures, kind);
        } catch (const std::exception& e) {
            issues.push_back({kind, e.what()});
            continue;
        }
        std::vector<int> hits;
        // The prefiltered scan and the plain RE2::Set must agree on every example line.
        auto scan = [&](const std::string& line) {
            matcher->scan(line);
            hits.clear();
            for (size_t k = 0; k < matcher->hit_count(); ++k) hits.push_back(matcher->hit(k));
            if (hits != matcher->matches_slow(line))
                issues.push_back({kind, "prefilter and RE2::Set disagree on: " + line});
        };
        for (size_t i = 0; i < rules.signatures.size(); ++i) {
            const auto& sig = rules.signatures[i];
            if (std::find(sig.logs.begin(), sig.logs.end(), kind) == sig.logs.end()) continue;
            for (const auto& line : sig.examples_match) {
                scan(line);
                if (std::find(hits.begin(), hits.end(), static_cast<int>(i)) == hits.end())
                    issues.push_back(
                        {sig.defined_in,
                         "signature " + sig.id + " does not fire on its example: " + line});
                for (int h : hits)
                    if (h != static_cast<int>(i))
                        issues.push_back(
                            {sig.defined_in, "example of " + sig.id + " also fires " +
                                                 rules.signatures[static_cast<size_t>(h)].id +
                                                 ": " + line});
            }
            for (const auto& line : sig.examples_no_match) {
                scan(line);
                if (std::find(hits.begin(), hits.end(), static_cast<int>(i)) != hits.end())
                    issues.push_back(
                        {sig.defined_in,
                         "signature " + sig.id + " fires on its no_match example: " + line});
            }
        }
    }
    return issues;
}

}  // namespace amtdiag::engine
