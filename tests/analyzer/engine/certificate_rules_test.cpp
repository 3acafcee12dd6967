// Certificate rules where the shipped fixtures cannot reach on their own: a root the AMT
// default list holds (no public CA signs our fixtures, so a test rule folder puts the fixture
// root into the list), the reference time taken from the logs, and the rule fixtures staying
// copies of the certificate fixtures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "analyzer/analyze.h"
#include "test_files.h"

namespace amtdiag {
namespace {

const std::string kFixtures = "tests/parsers/cert/fixtures/";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A copy: the analysis keeps its findings encoded (model::FindingList).
std::optional<model::Finding> decided(const model::Analysis& a, const std::string& check) {
    for (const auto& f : a.findings)
        if (f.check == check && f.rule != "catalog") return f;
    return std::nullopt;
}

std::string attribute(const model::Analysis& a, const std::string& kind, const std::string& name) {
    for (const auto& e : a.site_timeline)
        if (e.kind == kind)
            if (const std::string* v = e.attr(name)) return *v;
    return {};
}

TEST(CertificateRules, ARootInTheDefaultListPassesAndNamesTheCa) {
    AnalyzeOptions options;
    options.timelines = true;
    const auto probe = analyze({kFixtures + "root.pem"}, engine::load_rule_set(), options);
    const std::string root_sha256 = attribute(probe, "cert.certificate", "sha256");
    ASSERT_EQ(root_sha256.size(), 64u);

    testing::TempDir rules_dir;
    rules_dir.write("data.yaml",
                    "data:\n  amt_default_root_hashes:\n    - {name: \"Test Root\", "
                    "sha256: \"" +
                        root_sha256 + "\"}\n");
    engine::RuleSetOptions rule_options;
    rule_options.extra_dirs.push_back(rules_dir.path());
    const auto rules = engine::load_rule_set(rule_options);
    const auto a = analyze({kFixtures + "prov-good-chain.pem"}, rules);
    const auto f = decided(a, "cert.prov-root-hash-in-amt");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->status, model::Status::pass) << f->message;
    EXPECT_NE(f->message.find("Test Root"), std::string::npos) << f->message;
}

TEST(CertificateRules, ValidityIsJudgedAtTheLastProvisioningAttemptOfTheLogs) {
    // The expired leaf (valid 2020-2022) was fine when the log's attempt ran in 2021.
    testing::TempDir dir;
    std::string log =
        ">>>>>>>>> Provision task begin <<<<<<<<<  $$<SMS_AMT_OPERATION_MANAGER>"
        "<06-01-2021 10:00:00.000+000><thread=7 (0x7)>\r\n";
    log +=
        "Provision target is indicated with SMS resource id. (MachineId = 48 "
        "hp7800.vprolab.com)  $$<SMS_AMT_OPERATION_MANAGER><06-01-2021 10:00:01.000+000>"
        "<thread=7 (0x7)>\r\n";
    dir.write("AMTOPMGR.LOG", log);
    dir.write("prov-expired.pem", read_file(kFixtures + "prov-expired.pem"));
    const auto a = analyze({dir.path()}, engine::load_rule_set());
    const auto f = decided(a, "cert.prov-chain-dates-valid");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->status, model::Status::pass) << f->message;
    EXPECT_NE(f->message.find("2021-06-01T10:00:00Z"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("last provisioning attempt"), std::string::npos) << f->message;

    AnalyzeOptions at_2026;
    at_2026.at_ms = int64_t{1767225600} * 1000;  // 2026-01-01: --at wins over the logs
    const auto later = analyze({dir.path()}, engine::load_rule_set(), at_2026);
    EXPECT_EQ(decided(later, "cert.prov-chain-dates-valid")->status, model::Status::fail);
}

TEST(CertificateRules, RuleFixturesAreCopiesOfTheCertificateFixtures) {
    std::ifstream list(kFixtures + "rule_fixtures.txt");
    std::string name;
    size_t checked = 0;
    while (std::getline(list, name)) {
        if (name.empty()) continue;
        EXPECT_EQ(read_file("rules/fixtures/cert/" + name), read_file(kFixtures + name))
            << name << ": run tests/parsers/cert/fixtures/sync_rule_fixtures.sh";
        ++checked;
    }
    EXPECT_GT(checked, 20u);
    for (const auto& entry : std::filesystem::directory_iterator("rules/fixtures/cert"))
        EXPECT_FALSE(read_file(kFixtures + entry.path().filename().string()).empty())
            << entry.path() << " has no original in " << kFixtures;
}

}  // namespace
}  // namespace amtdiag
