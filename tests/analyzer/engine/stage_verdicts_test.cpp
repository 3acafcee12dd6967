#include <gtest/gtest.h>

#include "analyzer/engine/rule_set.h"
#include "analyzer/engine/stage_verdicts.h"

namespace amtdiag::engine {
namespace {

model::Finding make(const std::string& check, model::Status status, int verdict_stage,
                    const std::string& device = "dev") {
    model::Finding f;
    f.check = check;
    f.status = status;
    f.verdict_stage = verdict_stage;
    f.device = device;
    return f;
}

model::Analysis with_device(std::vector<model::Finding> findings) {
    model::Analysis a;
    model::Device d;
    d.id = "dev";
    a.devices.push_back(d);
    a.findings = std::move(findings);
    return a;
}

const Catalog& catalog() {
    static const RuleSet rules = load_rule_set();
    return rules.catalog;
}

TEST(StageVerdicts, ALaterPassImpliesEarlierStages) {
    auto a = with_device({make("log.provision-completed", model::Status::pass, 3)});
    compute_stage_verdicts(catalog(), a);
    const auto& s = a.devices[0].stages;
    EXPECT_EQ(s[2].status, model::Status::pass);
    EXPECT_EQ(s[1].status, model::Status::pass);
    EXPECT_EQ(s[1].implied_by, 3);
    EXPECT_EQ(s[0].status, model::Status::pass);
    EXPECT_EQ(s[0].implied_by, 3);
    EXPECT_EQ(s[3].status, model::Status::unknown);
}

TEST(StageVerdicts, APrerequisiteObservedInStage3FailsStage3Not1) {
    auto a = with_device({make("log.ztc-request-received", model::Status::pass, 2),
                          make("ca.template-read-enroll", model::Status::fail, 3)});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].first_failing_stage, 3);
    EXPECT_EQ(a.devices[0].stages[0].status, model::Status::pass);
    EXPECT_EQ(a.first_failing_stage, 3);
}

// A report read back under other rules may hold a check this catalog lacks: its failure
// still fails its stage, and it verifies none. Findings of devices and of the site are
// grouped per device whatever their order.
TEST(StageVerdicts, ACheckTheCatalogLacksStillFailsItsStage) {
    auto a = with_device({make("log.provision-completed", model::Status::pass, 3, "other"),
                          make("x.not-in-the-catalog", model::Status::fail, 4),
                          make("x.not-in-the-catalog", model::Status::pass, 5),
                          make("log.provision-completed", model::Status::pass, 3)});
    model::Device other;
    other.id = "other";
    a.devices.push_back(other);
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].first_failing_stage, 4);
    EXPECT_EQ(a.devices[0].stages[3].status, model::Status::fail);
    EXPECT_EQ(a.devices[0].stages[4].status, model::Status::unknown);
    EXPECT_EQ(a.devices[0].stages[2].status, model::Status::pass);
    EXPECT_EQ(a.devices[1].stages[2].status, model::Status::pass);
    EXPECT_FALSE(a.devices[1].first_failing_stage.has_value());
}

TEST(StageVerdicts, ADeviceListedTwiceGetsItsFindingsBothTimes) {
    auto a = with_device({make("ca.template-read-enroll", model::Status::fail, 3)});
    a.devices.push_back(a.devices[0]);
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].first_failing_stage, 3);
    EXPECT_EQ(a.devices[1].first_failing_stage, 3);
}

TEST(StageVerdicts, FirstFailingIsTheLowest) {
    auto a = with_device({make("log.unprovision-completed", model::Status::fail, 7),
                          make("client.no-agent-for-oob", model::Status::fail, 3)});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].first_failing_stage, 3);
    EXPECT_EQ(a.devices[0].stages[6].status, model::Status::fail);
}

TEST(StageVerdicts, SiteFindingsCountForEveryDeviceAndOverall) {
    auto a = with_device({make("log.hello-received", model::Status::fail, 2, "")});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].first_failing_stage, 2);
    EXPECT_EQ(a.stages[1].status, model::Status::fail);
}

TEST(StageVerdicts, AllSkippedVerificationMeansSkipped) {
    auto a = with_device({make("webui.reachable", model::Status::skipped, 6),
                          make("webui.kerberos-login", model::Status::skipped, 6)});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].stages[5].status, model::Status::skipped);
}

// A corrective check that warns (a large Kerberos token) makes its stage warn, but nothing
// showed that stage working: the stages before it are not implied.
TEST(StageVerdicts, ACorrectiveWarningAloneImpliesNothing) {
    auto a = with_device({make("auth.kerberos-token-size", model::Status::warn, 5, "")});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.stages[4].status, model::Status::warn);
    EXPECT_EQ(a.stages[2].status, model::Status::unknown);
    EXPECT_EQ(a.stages[0].status, model::Status::unknown);
    // With the stage's own verification seen working, the implication holds again.
    a = with_device({make("auth.kerberos-token-size", model::Status::warn, 5, ""),
                     make("console.oob-connects", model::Status::pass, 5)});
    compute_stage_verdicts(catalog(), a);
    EXPECT_EQ(a.devices[0].stages[4].status, model::Status::warn);
    EXPECT_EQ(a.devices[0].stages[2].status, model::Status::pass);
    EXPECT_EQ(a.devices[0].stages[2].implied_by, 5);
}

}  // namespace
}  // namespace amtdiag::engine
