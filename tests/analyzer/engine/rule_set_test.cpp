// The built-in rule set: it loads, lints clean, every signature fires on its own examples and
// on no other, every catalog milestone has a signature, and every rule's fixtures pass.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "analyzer/engine/rule_set.h"
#include "analyzer/rule_tests.h"

namespace amtdiag {
namespace {

const engine::RuleSet& builtin() {
    static const engine::RuleSet rules = engine::load_rule_set();
    return rules;
}

TEST(RuleSet, BuiltinLoadsTheWholeCatalog) {
    const auto& rules = builtin();
    EXPECT_EQ(rules.catalog.stages.size(), 7u);
    EXPECT_GE(rules.catalog.checks.size(), 100u);
    EXPECT_NE(rules.catalog.find("cert.prov-amt-ou-or-oid"), nullptr);
    EXPECT_EQ(rules.id.rfind("builtin-", 0), 0u);
}

TEST(RuleSet, LintHasNoErrors) {
    for (const auto& issue : engine::lint_rule_set(builtin()))
        EXPECT_FALSE(issue.error) << issue.where << ": " << issue.message;
}

TEST(RuleSet, EveryMilestoneHasASignature) {
    std::set<std::string> claimed;
    for (const auto& sig : builtin().signatures) claimed.insert(sig.milestone);
    for (const auto& m : builtin().catalog.milestones) EXPECT_TRUE(claimed.count(m.id)) << m.id;
}

TEST(RuleSet, EveryRuleHasFixturesAndTheyPass) {
    for (const auto& rule : builtin().rules) EXPECT_FALSE(rule.tests.empty()) << rule.id;
    const auto results = run_rule_tests(builtin());
    ASSERT_FALSE(results.empty());
    for (const auto& r : results)
        EXPECT_TRUE(r.passed) << r.rule << ": " << r.test << ": " << r.detail;
}

TEST(RuleSet, DecidesTheChecksTheFoundationPromises) {
    std::set<std::string> decided;
    for (const auto& rule : builtin().rules)
        for (const auto& c : rule.checks) decided.insert(c);
    for (const char* id :
         {"log.hello-received", "log.ztc-request-received", "log.provision-completed",
          "log.unprovision-completed", "client.no-agent-for-oob", "ca.template-read-enroll",
          "srv.oob-service-point-installed"})
        EXPECT_TRUE(decided.count(id)) << id;
}

TEST(RuleSet, UserRulesDirectoryAddsAndReplaces) {
    const auto dir = std::filesystem::temp_directory_path() / "amtdiag-user-rules-test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "mine.yaml");
        out << "rules:\n"
               "  - id: opmgr/service-point-running\n"
               "    checks: [srv.oob-service-point-installed]\n"
               "    status: test\n"
               "    level: error\n"
               "    citation: \"a test\"\n"
               "    scope: site\n"
               "    pass_when: \"true\"\n"
               "  - id: site/custom\n"
               "    checks: [auth.time-sync]\n"
               "    status: experimental\n"
               "    level: warning\n"
               "    citation: \"a test\"\n"
               "    scope: site\n"
               "    warn_when: \"site_count('log.soap_failed') > 0\"\n";
    }
    engine::RuleSetOptions options;
    options.extra_dirs.push_back(dir);
    const auto rules = engine::load_rule_set(options);
    std::filesystem::remove_all(dir);
    EXPECT_EQ(rules.rules.size(), builtin().rules.size() + 1);
    EXPECT_EQ(rules.id.rfind("custom-", 0), 0u);
}

TEST(RuleSet, BadExpressionIsRejectedWithFileAndLine) {
    const auto dir = std::filesystem::temp_directory_path() / "amtdiag-bad-rules-test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "bad.yaml");
        out << "rules:\n  - id: x/bad\n    checks: [auth.time-sync]\n    fail_when: "
               "\"cuont('log.x') > 0\"\n";
    }
    engine::RuleSetOptions options;
    options.extra_dirs.push_back(dir);
    try {
        engine::load_rule_set(options);
        FAIL() << "expected a load error";
    } catch (const engine::RuleLoadError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("bad.yaml:4"), std::string::npos) << what;
        EXPECT_NE(what.find("cuont"), std::string::npos) << what;
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace amtdiag
