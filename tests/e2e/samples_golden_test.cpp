// Golden JSON reports of the shipped samples. After an intended change, regenerate with
//   AMTDIAG_UPDATE_GOLDEN=1 ctest --preset default -R Golden
// and review the diff like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"

namespace amtdiag {
namespace {

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

// The rule set id is a hash of every rule file: keep it out of the golden files so a wording
// change in one rule does not touch every golden report.
std::string stable(std::string json) {
    return std::regex_replace(json, std::regex("\"rules\": \"[a-z]+-[0-9a-f]+\""),
                              "\"rules\": \"RULESET\"");
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, ReportMatches) {
    const std::string sample = GetParam();
    const std::string actual = stable(report::to_json(analyze({"samples/" + sample}, rules())));
    const std::string golden_path = "tests/e2e/golden/" + sample + ".json";
    if (const char* update = std::getenv("AMTDIAG_UPDATE_GOLDEN"); update && *update == '1') {
        std::filesystem::create_directories("tests/e2e/golden");
        std::ofstream(golden_path, std::ios::binary) << actual;
        GTEST_SKIP() << "golden file rewritten: " << golden_path;
    }
    const std::string expected = read(golden_path);
    ASSERT_FALSE(expected.empty()) << "missing " << golden_path;
    EXPECT_EQ(actual, expected) << "report of samples/" << sample << " changed";
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden,
                         ::testing::Values("healthy", "hello-rejected", "cert-template",
                                           "soap-failure", "unprovision-failure", "guide-excerpts"),
                         [](const auto& param_info) {
                             std::string name = param_info.param;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

TEST(Samples, EachFailureSampleFailsWhereItShould) {
    struct Case {
        const char* sample;
        int first_failing_stage;
        const char* check;
    };
    for (const Case& c : {Case{"hello-rejected", 3, "client.no-agent-for-oob"},
                          Case{"cert-template", 3, "ca.template-read-enroll"},
                          Case{"soap-failure", 3, "log.provision-completed"},
                          Case{"unprovision-failure", 7, "log.unprovision-completed"}}) {
        const auto a = analyze({std::string("samples/") + c.sample}, rules());
        EXPECT_EQ(a.first_failing_stage, c.first_failing_stage) << c.sample;
        bool failed = false;
        for (const auto& f : a.findings)
            failed |= f.check == c.check && f.status == model::Status::fail;
        EXPECT_TRUE(failed) << c.sample << " should fail " << c.check;
    }
    const auto healthy = analyze({"samples/healthy"}, rules());
    EXPECT_FALSE(healthy.first_failing_stage.has_value());
    for (const auto& f : healthy.findings) EXPECT_NE(f.status, model::Status::fail) << f.check;
}

}  // namespace
}  // namespace amtdiag
