// Correlation through the whole pipeline: devices joined by their keys, task lines attributed
// by worker thread, bounded samples with exact counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>

#include "analyzer/analyze.h"
#include "test_files.h"

namespace amtdiag {
namespace {

using testing::sms;

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

const model::Device* device(const model::Analysis& a, const std::string& id) {
    for (const auto& d : a.devices)
        if (d.id == id) return &d;
    return nullptr;
}

// A copy: the analysis keeps its findings encoded (model::FindingList).
std::optional<model::Finding> finding(const model::Analysis& a, const std::string& check,
                                      const std::string& dev) {
    for (const auto& f : a.findings)
        if (f.check == check && f.device == dev) return f;
    return std::nullopt;
}

TEST(Correlator, InterleavedTasksAreAttributedByWorkerThread) {
    testing::TempDir dir;
    std::string log;
    log += sms(">>>>>>>>> Provision task begin <<<<<<<<<", "10:00:00.000", 100);
    log += sms(">>>>>>>>> Provision task begin <<<<<<<<<", "10:00:00.010", 200);
    log +=
        sms("Provision target is indicated with SMS resource id. (MachineId = 1 "
            "alpha.corp.example.com)",
            "10:00:00.020", 100);
    log += sms(
        "Provision target is indicated with SMS resource id. (MachineId = 2 beta.corp.example.com)",
        "10:00:00.030", 200);
    log += sms("Get device provisioning state is In Provisioning", "10:00:01.000", 200);
    log += sms("Get device provisioning state is In Provisioning", "10:00:01.010", 100);
    log +=
        sms("SecurityAdministration.CommitChanges finished with HResult = 0x0, status = 0x1, "
            "clientError = 0.",
            "10:00:02.000", 200);
    log +=
        sms("SecurityAdministration.CommitChanges finished with HResult = 0x0, status = 0x0, "
            "clientError = 0.",
            "10:00:02.010", 100);
    log +=
        sms("Finished 1st stage provision on AMT device alpha.corp.example.com. Sleep 5 seconds "
            "for 2nd stage provision.",
            "10:00:03.000", 100);
    log += sms(">>>>>>>>>> Provision task end <<<<<<<<<", "10:00:04.000", 200);
    log += sms(">>>>>>>>>> Provision task end <<<<<<<<<", "10:00:04.010", 100);
    const auto a = analyze({dir.write("AMTOPMGR.LOG", log)}, rules());

    ASSERT_EQ(a.devices.size(), 2u);
    const auto* alpha = device(a, "alpha.corp.example.com");
    const auto* beta = device(a, "beta.corp.example.com");
    ASSERT_TRUE(alpha && beta);
    ASSERT_EQ(alpha->attempts.size(), 1u);
    ASSERT_EQ(beta->attempts.size(), 1u);
    EXPECT_EQ(alpha->attempts[0].outcome, model::Attempt::Outcome::succeeded);
    EXPECT_EQ(beta->attempts[0].outcome, model::Attempt::Outcome::failed);
    EXPECT_EQ(beta->attempts[0].thread, 200u);
    EXPECT_EQ(beta->attempts[0].last_milestone, "opmgr.soap-call-failed");
    EXPECT_EQ(alpha->attempts[0].last_milestone, "ms.first-stage-finished");
    EXPECT_EQ(finding(a, "log.provision-completed", "alpha.corp.example.com")->status,
              model::Status::pass);
    EXPECT_EQ(finding(a, "log.provision-completed", "beta.corp.example.com")->status,
              model::Status::fail);
    EXPECT_EQ(beta->first_failing_stage, 3);
    EXPECT_FALSE(alpha->first_failing_stage.has_value());
}

TEST(Correlator, MachineIdJoinsTheZtcRequestToTheTaskTarget) {
    testing::TempDir dir;
    std::string log;
    log +=
        sms("Found one 'ZTC Provision' task with type 'Machine Resource' and target ID '48' and IP "
            "address '0'.",
            "10:00:00.000", 2436);
    log += sms("Target machine 48 is a AMT capable machine.", "10:00:00.001", 2436);
    log += sms(">>>>>>>>> Provision task begin <<<<<<<<<", "10:00:01.000", 5360);
    log += sms(
        "Provision target is indicated with SMS resource id. (MachineId = 48 HP7800.vprolab.com)",
        "10:00:01.001", 5360);
    log +=
        sms("Succeed to connect target machine hp7800.vprolab.com and core version with 3.2.1 "
            "using provisioning account #0.",
            "10:00:02.000", 5360);
    const auto a = analyze({dir.write("AMTOPMGR.LOG", log)}, rules());
    ASSERT_EQ(a.devices.size(), 1u);
    const auto& d = a.devices[0];
    EXPECT_EQ(d.id, "hp7800.vprolab.com");
    EXPECT_EQ(d.machine_id, "48");
    EXPECT_EQ(d.mode, "inband");
    EXPECT_EQ(d.firmware, "3.2.1");
    EXPECT_EQ(d.attempts[0].outcome, model::Attempt::Outcome::incomplete);
}

TEST(Correlator, UuidInEitherByteOrderIsOneDevice) {
    testing::TempDir dir;
    const std::string first =
        "Received hello message from AMT device 939B524B-13D4-1D18-E487-1C697A6B7A2B "
        "(10.0.0.5).\r\n";
    const std::string second =
        "Warning: AMT device 4B529B93-D413-181D-E487-1C697A6B7A2B is a SMS client. Reject hello "
        "message to provision.\r\n";
    const auto a =
        analyze({dir.write("a/AMTOPMGR.LOG", first), dir.write("b/AMTOPMGR.LOG", second)}, rules());
    ASSERT_EQ(a.devices.size(), 1u);
    EXPECT_EQ(a.devices[0].ips, std::vector<std::string>{"10.0.0.5"});
    EXPECT_EQ(a.devices[0].mode, "oob");
}

TEST(Correlator, CountsAreExactWhileSamplesAreBounded) {
    testing::TempDir dir;
    const std::string log = testing::certificate_retry_task("gamma.example.com", 9, 500);
    const auto a = analyze({dir.write("AMTOPMGR.LOG", log)}, rules());
    const auto f = finding(a, "ca.template-read-enroll", "gamma.example.com");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->status, model::Status::fail);
    EXPECT_NE(f->message.find("500 times"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("RETRY up to 500"), std::string::npos) << f->message;
    EXPECT_LE(f->evidence.size(), 7u);  // 1 request + first 3 + last 3 retries
    EXPECT_EQ(f->evidence.back().ref.excerpt.substr(0, 10), "RETRY(500)");
}

TEST(Correlator, LinesBeforeTheTargetFollowTheTask) {
    testing::TempDir dir;
    std::string log = sms(">>>>>>>>> Provision task begin <<<<<<<<<", "10:00:00.000", 3);
    log +=
        sms("Provision target is indicated with SMS resource id. (MachineId = 5 delta.example.com)",
            "10:00:00.001", 3);
    AnalyzeOptions options;
    options.timelines = true;
    const auto a = analyze({dir.write("AMTOPMGR.LOG", log)}, rules(), options);
    ASSERT_EQ(a.devices.size(), 1u);
    const auto& timeline = a.devices[0].timeline;
    ASSERT_EQ(timeline.size(), 2u);
    EXPECT_EQ(timeline[0].kind, "log.task_begin");
}

}  // namespace
}  // namespace amtdiag

namespace amtdiag {
namespace {

TEST(Correlator, SeverityComesFromTypeThenKeywordThenSignature) {
    testing::TempDir dir;
    const std::string ccm =
        "<![LOG[Found client certificate already being generated for AMT device "
        "hp7800.vprolab.com.]LOG]!>"
        "<time=\"13:43:12.000+480\" date=\"01-14-2009\" component=\"SMS_AMT_OPERATION_MANAGER\" "
        "context=\"\" type=\"3\" thread=\"5360\" file=\"\">\r\n"
        "<![LOG[Provision target is indicated with SMS resource id. (MachineId = 48 "
        "hp7800.vprolab.com)]LOG]!>"
        "<time=\"13:43:12.001+480\" date=\"01-14-2009\" component=\"SMS_AMT_OPERATION_MANAGER\" "
        "context=\"\" type=\"1\" thread=\"5360\" file=\"\">\r\n";
    const std::string bare =
        ">>>>>>>>> Provision task begin <<<<<<<<<\r\n"
        "Provision target is indicated with SMS resource id. (MachineId = 48 "
        "hp7800.vprolab.com)\r\n"
        "Warning: Currently we don't support mutual auth. Change to TLS server auth mode.\r\n"
        "Passed OTP check on AMT device hp7800.vprolab.com.\r\n";
    AnalyzeOptions options;
    options.timelines = true;
    const auto a = analyze({dir.write("a/AMTOPMGR.LOG", ccm), dir.write("b/AMTOPMGR.LOG", bare)},
                           engine::load_rule_set(), options);
    std::map<std::string, model::Severity> by_kind;
    for (const auto& d : a.devices)
        for (const auto& e : d.timeline) by_kind[e.kind] = e.severity;
    EXPECT_EQ(by_kind["log.cert_found"], model::Severity::error);              // type="3"
    EXPECT_EQ(by_kind["log.task_target"], model::Severity::info);              // type="1"
    EXPECT_EQ(by_kind["log.otp_passed"], model::Severity::info);               // signature
    EXPECT_EQ(by_kind["log.mutual_auth_fallback"], model::Severity::warning);  // keyword "Warning"
}

}  // namespace
}  // namespace amtdiag
