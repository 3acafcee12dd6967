// The foundation issue's acceptance points, as tests.
#include <gtest/gtest.h>

#include <filesystem>

#include "analyzer/analyze.h"
#include "test_files.h"

namespace amtdiag {
namespace {

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

// UTF-16LE with a BOM, as a Windows tool may write it.
std::string utf16le(const std::string& ascii) {
    std::string out = "\xFF\xFE";
    for (char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

TEST(Acceptance, Utf16RetryLoopFailsTheTemplateCheckAtStage3) {
    testing::TempDir dir;
    using testing::sms;
    std::string log =
        sms("Found one 'ZTC Provision' task with type 'Machine Resource' and target ID '48' and IP "
            "address '0'.",
            "13:43:12.000", 2436);
    log += sms(">>>>>>>>> Provision task begin <<<<<<<<<", "13:43:13.000", 5360);
    log += sms(
        "Provision target is indicated with SMS resource id. (MachineId = 48 hp7800.vprolab.com)",
        "13:43:13.010", 5360);
    log +=
        sms("Send request to AMT proxy component to generate client certificate. (MachineId = 48)",
            "13:43:14.000", 5360);
    for (int i = 1; i <= 30; ++i)
        log += sms("RETRY(" + std::to_string(i) +
                       ") - Validate client certificate for AMT device hp7800.vprolab.com being "
                       "generated.",
                   "13:44:00.000", 5360);
    const auto a = analyze({dir.write("AMTOPMGR.LOG", utf16le(log))}, rules());

    ASSERT_EQ(a.artifacts.size(), 1u);
    EXPECT_EQ(a.artifacts[0].status, model::ReadStatus::ok);
    EXPECT_EQ(a.artifacts[0].kind, "amtopmgr-log");
    ASSERT_EQ(a.devices.size(), 1u);
    EXPECT_EQ(a.devices[0].id, "hp7800.vprolab.com");
    EXPECT_EQ(a.devices[0].first_failing_stage, 3);
    bool failed = false;
    for (const auto& f : a.findings)
        if (f.check == "ca.template-read-enroll" && f.device == "hp7800.vprolab.com")
            failed = f.status == model::Status::fail;
    EXPECT_TRUE(failed);
}

TEST(Acceptance, UnreadableInputsAreReportedAndTheRestIsAnalysed) {
    testing::TempDir dir;
    std::filesystem::copy_file("samples/cert-template/AMTOPMGR.LOG", dir.path() + "/AMTOPMGR.LOG");
    dir.write("garbage.bin",
              std::string("\x00\x01\x02\xFF\xFE\x00\x00\x80", 8) + std::string(4000, '\0'));
    std::filesystem::create_symlink(dir.path() + "/gone.log", dir.path() + "/dangling.log");
    const auto a = analyze({dir.path(), "/nonexistent/amtdiag-input"}, rules());

    int ok = 0, errors = 0;
    for (const auto& art : a.artifacts) {
        if (art.status == model::ReadStatus::ok) {
            ++ok;
            continue;
        }
        ++errors;
        EXPECT_FALSE(art.error.empty()) << art.path;
    }
    EXPECT_EQ(ok, 1);
    EXPECT_EQ(errors, 3);  // garbage.bin, dangling.log, /nonexistent
    EXPECT_EQ(a.first_failing_stage, 3);
}

TEST(Acceptance, BiasGivesUtcAndUnbiasedTimesStayLocal) {
    testing::TempDir dir;
    const auto a = analyze(
        {dir.write("AMTOPMGR.LOG",
                   "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. "
                   "Reject hello message to provision.  $$<SMS_AMT_OPERATION_MANAGER><08-22-2016 "
                   "04:15:01.917+420><thread=2436 (0x984)>\r\n"
                   "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. "
                   "Reject hello message to provision.  $$<SMS_AMT_OPERATION_MANAGER><07-14-2016 "
                   "15:10:04.029-330><thread=2436 (0x984)>\r\n"
                   "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. "
                   "Reject hello message to provision.  $$<SMS_AMT_OPERATION_MANAGER><06-24-2020 "
                   "15:31:46.376+00><thread=2436 (0x984)>\r\n"),
         dir.write("pasted.txt",
                   "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. "
                   "Reject hello message to provision.\tSMS_AMT_OPERATION_MANAGER\t1/14/2009 "
                   "1:43:12 PM\t2436 (0x984)\r\n")},
        rules());
    std::vector<std::string> times;
    for (const auto& f : a.findings)
        if (f.check == "client.no-agent-for-oob")
            for (const auto& e : f.evidence) times.push_back(e.time);
    ASSERT_EQ(times.size(), 4u);
    EXPECT_EQ(times[0], "2016-08-22T11:15:01.917Z");
    EXPECT_EQ(times[1], "2016-07-14T09:40:04.029Z");
    EXPECT_EQ(times[2], "2020-06-24T15:31:46.376Z");
    EXPECT_EQ(times[3], "2009-01-14T13:43:12.000 local");
}

TEST(Acceptance, RolloverPairIsOneLogWithTheSplitRecordJoined) {
    testing::TempDir dir;
    const std::string log = testing::certificate_retry_task("gamma.example.com", 9, 5);
    // The writer rolled over in the middle of the fourth RETRY record.
    const size_t cut = log.find("RETRY(4)") + 20;
    dir.write("logs/AMTOPMGR.lo_", log.substr(0, cut));
    dir.write("logs/AMTOPMGR.LOG", log.substr(cut));
    const auto a = analyze({dir.path() + "/logs"}, rules());
    ASSERT_EQ(a.artifacts.size(), 2u);
    EXPECT_EQ(a.artifacts[0].status, model::ReadStatus::ok);
    EXPECT_EQ(a.artifacts[1].status, model::ReadStatus::ok);
    ASSERT_EQ(a.devices.size(), 1u);
    bool found = false;
    for (const auto& f : a.findings)
        if (f.check == "ca.template-read-enroll" && f.device == "gamma.example.com") {
            found = true;
            EXPECT_EQ(f.status, model::Status::fail);
            EXPECT_NE(f.message.find("5 times"), std::string::npos) << f.message;
        }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace amtdiag
