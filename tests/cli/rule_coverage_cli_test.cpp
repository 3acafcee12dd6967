// The rule-coverage issue end to end through the binary: coverage of every catalog check,
// the answers template and --answers, --mode and applicability.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_amtdiag.h"
#include "test_files.h"

namespace {

using amtdiag::testing::run;
using amtdiag::testing::RunResult;
using Json = nlohmann::json;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Json json_of(const RunResult& r) {
    const size_t start = r.out.find('{');
    EXPECT_NE(start, std::string::npos) << r.out.substr(0, 400);
    return Json::parse(r.out.substr(start == std::string::npos ? 0 : start));
}

const Json* finding(const Json& report, const std::string& check) {
    for (const auto& f : report["findings"])
        if (f["check"] == check) return &f;
    return nullptr;
}

TEST(RuleCoverage, EveryCatalogCheckIsListedWithWhatDecidesIt) {
    const RunResult r = run("rules coverage --format json");
    const Json j = json_of(r);
    ASSERT_EQ(j["schema"], "amtdiag.rules-coverage/1");
    EXPECT_EQ(j["checks"].size(), 101u);
    std::set<std::string> ids;
    for (const auto& c : j["checks"]) {
        ids.insert(c["check"].get<std::string>());
        if (c["automatic"].get<bool>()) {
            EXPECT_FALSE(c["rules"].empty()) << c.dump();
        } else if (c["claimed"].get<bool>()) {
            EXPECT_TRUE(c["manual"].get<bool>()) << c.dump();
        }
    }
    EXPECT_EQ(ids.size(), 101u);
    // A check decided from the operation manager log, and one only a person can answer.
    for (const auto& c : j["checks"]) {
        if (c["check"] == "log.hello-received") {
            EXPECT_TRUE(c["automatic"].get<bool>());
            EXPECT_NE(c["artifact_kinds"].dump().find("amtopmgr-log"), std::string::npos);
            EXPECT_GE(c["fixtures"].get<int>(), 2);
        }
        if (c["check"] == "ad.dc-replication") {
            EXPECT_FALSE(c["automatic"].get<bool>());
            EXPECT_TRUE(c["manual"].get<bool>());
            EXPECT_EQ(c["questions"][0], "ask/ad.dc-replication");
        }
    }
    const RunResult text = run("rules coverage");
    EXPECT_NE(text.out.find("checks: "), std::string::npos) << text.out.substr(0, 300);
}

TEST(Answers, ANoFailsTheCheckWithItsFixAndIsRecordedInTheReport) {
    amtdiag::testing::TempDir dir;
    const std::string file = dir.path() + "/a.yaml";
    ASSERT_EQ(run("answers template -o " + file).code, 0);
    std::string text = read_file(file);
    const size_t at = text.find("check: ad.dc-replication");
    ASSERT_NE(at, std::string::npos) << text.substr(0, 400);
    const size_t answer = text.find("answer: \"\"", at);
    text.replace(answer, std::string("answer: \"\"").size(), "answer: no");
    dir.write("a.yaml", text);

    const RunResult r = run("check samples/healthy --format json --answers " + file);
    EXPECT_EQ(r.code, 1) << "a failed check exits 1";
    const Json j = json_of(r);
    const Json* f = finding(j, "ad.dc-replication");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "fail");
    EXPECT_EQ((*f)["rule"], "ask/ad.dc-replication");
    EXPECT_FALSE((*f)["fix"].get<std::string>().empty());
    ASSERT_EQ(j["answers"].size(), 1u);
    EXPECT_EQ(j["answers"][0]["check"], "ad.dc-replication");
    EXPECT_EQ(j["answers"][0]["answer"], "no");

    const RunResult human = run("check samples/healthy --stage 5 --answers " + file);
    EXPECT_NE(human.out.find("Answered no:"), std::string::npos) << human.out;
}

TEST(Answers, NotApplicableSkipsAndEvidenceWinsOverAnAnswer) {
    amtdiag::testing::TempDir dir;
    const std::string file =
        dir.write("a.yaml",
                  "answers:\n"
                  "  - check: console.oob-power-control\n    answer: n/a\n    note: no console\n"
                  "  - check: log.ztc-request-received\n    answer: no\n");
    const Json j = json_of(run("check samples/healthy --format json --answers " + file));
    const Json* skipped = finding(j, "console.oob-power-control");
    ASSERT_NE(skipped, nullptr);
    EXPECT_EQ((*skipped)["status"], "skipped");
    EXPECT_NE((*skipped)["message"].get<std::string>().find("no console"), std::string::npos);
    const Json* hello = finding(j, "log.ztc-request-received");
    ASSERT_NE(hello, nullptr);
    EXPECT_EQ((*hello)["status"], "pass") << "the log shows the request: the evidence decides";
    EXPECT_NE((*hello)["message"].get<std::string>().find("the evidence decides"),
              std::string::npos);
}

TEST(Answers, BadAnswersFilesAreRefusedWithFileAndLine) {
    amtdiag::testing::TempDir dir;
    const std::string typo =
        dir.write("typo.yaml", "answers:\n  - check: ad.dc-replicaton\n    answer: no\n");
    RunResult r = run("check samples/healthy --answers " + typo);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("typo.yaml:2: unknown check id 'ad.dc-replicaton' (did you mean "
                         "'ad.dc-replication'?)"),
              std::string::npos)
        << r.out;
    const std::string word =
        dir.write("word.yaml", "answers:\n  - check: ad.dc-replication\n    answer: maybe\n");
    r = run("check samples/healthy --answers " + word);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("word.yaml:3: answer for ad.dc-replication must be yes, no or n/a"),
              std::string::npos)
        << r.out;
    const std::string twice = dir.write("twice.yaml",
                                        "answers:\n  - check: ad.dc-replication\n    answer: no\n"
                                        "  - check: ad.dc-replication\n    answer: yes\n");
    r = run("check samples/healthy --answers " + twice);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("answered twice (first at line 2)"), std::string::npos) << r.out;
}

TEST(Answers, TheTemplateOfOneStageHoldsOnlyItsQuestions) {
    const RunResult r = run("answers template --stage 6");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("check: webui.kerberos-login"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("check: ad.ou-full-control"), std::string::npos) << "a stage 1 check";
    EXPECT_NE(r.out.find("question: "), std::string::npos);
    EXPECT_NE(r.out.find("how_to_find_out: "), std::string::npos);
    EXPECT_EQ(run("answers template --stage 9").code, 2);
}

TEST(Mode, OutOfBandChecksAreSkippedForAnInBandSiteWithTheReason) {
    const Json inferred = json_of(run("check samples/healthy --format json"));
    const Json* from_log = finding(inferred, "log.hello-received");
    ASSERT_NE(from_log, nullptr);
    EXPECT_EQ((*from_log)["status"], "skipped");
    EXPECT_NE(
        (*from_log)["message"].get<std::string>().find("the operation manager log says in-band"),
        std::string::npos);
    const Json given = json_of(run("check samples/healthy --format json --mode oob"));
    const Json* f = finding(given, "log.ztc-request-received");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "skipped") << f->dump();
    EXPECT_NE((*f)["message"].get<std::string>().find("--mode"), std::string::npos);
    const RunResult bad = run("check samples/healthy --mode sideband");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.out.find("--mode takes oob, inband or onetouch"), std::string::npos);
}

}  // namespace

namespace {

const Json* device_finding(const Json& report, const std::string& check,
                           const std::string& device) {
    for (const auto& f : report["findings"])
        if (f["check"] == check && f["device"] == device) return &f;
    return nullptr;
}

constexpr const char* kPidDevice = "D2FFC23E-9DD1-412D-860A-54B2039B72FF";
constexpr const char* kListedDevice = "939B524B-13D4-1D18-E487-1C697A6B7A2B";

TEST(Mode, OneTouchChecksApplyWhenTheModeSaysOneTouch) {
    // One-touch is out-of-band with a PID: --mode onetouch must not skip the checks the
    // catalog writes for "oob, psk".
    const Json j =
        json_of(run("check rules/fixtures/net/hello-pid.pcap --format json --mode onetouch"));
    const Json* f = device_finding(j, "onetouch.pid-pps-checksum", kPidDevice);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "fail") << f->dump();
    const Json* hello = device_finding(j, "log.hello-received", kPidDevice);
    if (hello != nullptr) {
        EXPECT_NE((*hello)["status"], "skipped") << hello->dump();
    }
}

TEST(Mode, AnEndpointManagerExportMakesThePidHelloOneTouch) {
    const Json j =
        json_of(run("check rules/fixtures/net/hello_record.json rules/fixtures/epm/pid-list.txt "
                    "rules/fixtures/epm/unmanaged-devices.csv --format json"));
    bool read_list = false;
    for (const auto& a : j["artifacts"]) read_list |= a["kind"] == "epm-pid-list";
    EXPECT_TRUE(read_list);
    const Json* pair = device_finding(j, "onetouch.pid-pps-pair-match", kListedDevice);
    ASSERT_NE(pair, nullptr);
    EXPECT_EQ((*pair)["status"], "pass") << pair->dump();
    const Json* listed =
        device_finding(j, "onetouch.device-listed-after-provisioning", kListedDevice);
    ASSERT_NE(listed, nullptr);
    EXPECT_EQ((*listed)["status"], "pass");
    // The passphrases of the list appear in no report.
    for (const char* format : {"text", "json", "html", "sarif", "junit"}) {
        const RunResult r = run(
            std::string("check rules/fixtures/epm rules/fixtures/net/hello_record.json --format ") +
            format);
        EXPECT_EQ(r.out.find("NKLD-G5DC"), std::string::npos) << format;
        EXPECT_EQ(r.out.find("XD6U"), std::string::npos) << format;
        EXPECT_EQ(r.out.find("AJ078XUD"), std::string::npos) << format;
    }
}

}  // namespace
