// Broken and hostile input through the binary, as a support engineer feeds it: nothing
// crashes, hangs, loses records silently or reaches the terminal raw (the acceptance points of
// the hostile-input issue, plus outputs that cannot be written).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
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
    const size_t start = r.out.find("{\n");
    EXPECT_NE(start, std::string::npos) << r.out;
    return Json::parse(r.out.substr(start == std::string::npos ? 0 : start));
}

const Json* artifact(const Json& report, const std::string& name) {
    for (const auto& a : report["artifacts"])
        if (std::filesystem::path(std::string(a["path"])).filename() == name) return &a;
    return nullptr;
}

TEST(HostileInput, OneRunReadsEveryGoodRecordCountsDamageAndNamesWhatItCannotRead) {
    amtdiag::testing::TempDir dir;
    dir.write("good.log", read_file("samples/healthy/AMTOPMGR.LOG"));
    // The middle record's trailer is cut inside its time: it must not swallow the next one.
    std::string soap = read_file("samples/soap-failure/AMTOPMGR.LOG");
    std::vector<std::string> lines;
    for (size_t pos = 0; pos < soap.size();) {
        const size_t end = soap.find('\n', pos);
        lines.push_back(soap.substr(pos, end == std::string::npos ? end : end + 1 - pos));
        pos = end == std::string::npos ? soap.size() : end + 1;
    }
    const size_t mid = lines.size() / 2;
    lines[mid] = lines[mid].substr(0, lines[mid].find("$$<") + 20) + "\r\n";
    std::string damaged;
    for (const auto& l : lines) damaged += l;
    dir.write("damaged.log", damaged);
    dir.write("padded.log",
              read_file("samples/cert-template/AMTOPMGR.LOG") + std::string(100000, '\0'));
    std::mt19937 random(4);
    std::string noise(20000, '\0');
    for (char& c : noise) c = static_cast<char>(random() & 0xFF);
    dir.write("random/AMTOPMGR.LOG", noise);
    ASSERT_EQ(::mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);

    const RunResult r = run("check " + dir.path() + " --format json");
    EXPECT_EQ(r.code, 1) << r.out;  // by the findings: the SOAP failure
    const Json report = json_of(r);
    const Json* good = artifact(report, "good.log");
    const Json* bad = artifact(report, "damaged.log");
    const Json* padded = artifact(report, "padded.log");
    const Json* fifo = artifact(report, "fifo");
    const Json* binary = artifact(report, "AMTOPMGR.LOG");
    ASSERT_TRUE(good && bad && padded && fifo && binary) << report["artifacts"].dump(1);
    EXPECT_EQ((*good)["status"], "ok");
    EXPECT_NE(std::string((*good)["detail"]).find(" 93 records"), std::string::npos);
    EXPECT_EQ((*bad)["status"], "ok");
    EXPECT_NE(std::string((*bad)["detail"]).find(std::to_string(lines.size()) + " records"),
              std::string::npos)
        << (*bad)["detail"] << " (every line of the log is a record, the damaged one too)";
    EXPECT_EQ((*bad)["damaged_records"], 1);
    EXPECT_EQ((*bad)["damaged_lines"][0], mid + 1);
    EXPECT_EQ((*padded)["status"], "ok");
    EXPECT_EQ((*padded)["skipped_bytes"], 100000);
    EXPECT_NE((*padded)["notes"].dump().find("NUL padding skipped"), std::string::npos);
    EXPECT_EQ((*fifo)["status"], "error");
    EXPECT_NE(std::string((*fifo)["error"]).find("FIFO"), std::string::npos);
    EXPECT_EQ((*binary)["status"], "error");
    EXPECT_NE(std::string((*binary)["error"]).find("binary data"), std::string::npos);
    // The SOAP failure after the damaged record is found: nothing was swallowed.
    EXPECT_NE(r.out.find("CommitChanges finished with HResult = 0x0, status = 0x1"),
              std::string::npos);
}

TEST(HostileInput, TerminalEscapesInLogTextAndFileNamesAreShownEscaped) {
    amtdiag::testing::TempDir dir;
    const std::string name = "AMTOPMGR\x1b]0;pwned\x07.LOG";
    dir.write(name,
              "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. Reject "
              "hello message to provision. x\x1b]0;pwned\x07\n");
    const RunResult r = run("check " + dir.path() + " --all --color always");
    EXPECT_EQ(r.out.find("\x1b]"), std::string::npos) << "an OSC sequence reached the terminal";
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << "a BEL reached the terminal";
    EXPECT_NE(r.out.find("AMTOPMGR\\e]0;pwned\\x07.LOG"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("provision. x\\e]0;pwned\\x07"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\x1b[41;93m"), std::string::npos) << "our own colours still work";
}

TEST(HostileInput, AHugeRuleExpressionIsAClearErrorNotACrash) {
    amtdiag::testing::TempDir rules;
    std::string terms = "1";
    for (int i = 1; i < 300000; ++i) terms += " + 1";
    rules.write("big.yaml",
                "rules:\n  - id: big/x\n    checks: [log.hello-received]\n"
                "    pass_when: \"" +
                    terms + " > 0\"\n");
    const RunResult r = run("check samples/healthy --rules " + rules.path());
    EXPECT_EQ(r.code, 2) << r.out.substr(0, 500);
    EXPECT_NE(r.out.find("big.yaml:4: pass_when:"), std::string::npos) << r.out.substr(0, 500);
    EXPECT_NE(r.out.find("nested too deeply"), std::string::npos);
    EXPECT_LT(r.out.size(), 2000u) << "the error quotes a window, not the megabyte";
}

TEST(HostileInput, TheSameLogUnderThreeNamesIsReadOnce) {
    amtdiag::testing::TempDir dir;
    const std::string a = dir.write("A", read_file("samples/healthy/AMTOPMGR.LOG"));
    std::filesystem::create_symlink(a, dir.path() + "/link");
    const RunResult r =
        run("check " + a + " " + dir.path() + "/./A " + dir.path() + "/link --format json");
    EXPECT_EQ(r.code, 0) << r.out;
    const Json report = json_of(r);
    ASSERT_EQ(report["artifacts"].size(), 1u) << report["artifacts"].dump(1);
    EXPECT_NE(std::string(report["artifacts"][0]["detail"]).find("also named"), std::string::npos);
    // One log read once: each task counted once.
    EXPECT_EQ(report["devices"][0]["attempts_total"], 2);
}

TEST(HostileInput, ACopyUnderAnotherNameIsReadOnceAndListed) {
    amtdiag::testing::TempDir dir;
    dir.write("AMTOPMGR.LOG", read_file("samples/healthy/AMTOPMGR.LOG"));
    dir.write("copy of AMTOPMGR.LOG", read_file("samples/healthy/AMTOPMGR.LOG"));
    const Json report = json_of(run("check " + dir.path() + " --format json"));
    const Json* copy = artifact(report, "copy of AMTOPMGR.LOG");
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ((*copy)["status"], "ok");
    EXPECT_NE(std::string((*copy)["detail"]).find("the same bytes as"), std::string::npos);
    EXPECT_EQ(report["devices"][0]["attempts_total"], 2);
}

TEST(HostileInput, StandardInputIsReadWhole) {
    const RunResult r = run("check - --format json < samples/healthy/AMTOPMGR.LOG");
    EXPECT_EQ(r.code, 0) << r.out;
    const Json report = json_of(r);
    ASSERT_EQ(report["artifacts"].size(), 1u);
    EXPECT_EQ(report["artifacts"][0]["path"], "-");
    EXPECT_NE(std::string(report["artifacts"][0]["detail"]).find(" 93 records"), std::string::npos);
}

TEST(HostileInput, EmptyFilesAreListedAsEmptyOnce) {
    amtdiag::testing::TempDir dir;
    dir.write("AMTOPMGR.LOG", read_file("samples/healthy/AMTOPMGR.LOG"));
    dir.write("AMTOPMGR.lo_", "");
    dir.write("blank.log", "  \r\n\r\n");
    const Json report = json_of(run("check " + dir.path() + " --format json"));
    ASSERT_EQ(report["artifacts"].size(), 3u) << report["artifacts"].dump(1);
    EXPECT_EQ((*artifact(report, "AMTOPMGR.lo_"))["kind"], "empty");
    EXPECT_EQ((*artifact(report, "blank.log"))["kind"], "empty");
    EXPECT_EQ((*artifact(report, "AMTOPMGR.LOG"))["kind"], "amtopmgr-log");
}

TEST(HostileInput, ImpossibleDatesStayAsWritten) {
    amtdiag::testing::TempDir dir;
    dir.write("AMTOPMGR.LOG",
              "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. Reject "
              "hello message to provision.  $$<SMS_AMT_OPERATION_MANAGER><02-30-2009 "
              "13:43:12.000+480><thread=7 (0x7)>\r\n");
    const Json report = json_of(run("check " + dir.path() + " --format json"));
    bool seen = false;
    for (const auto& f : report["findings"])
        for (const auto& e : f["evidence"])
            if (e.contains("time")) {
                seen = true;
                EXPECT_NE(std::string(e["time"]).find("02-30-2009"), std::string::npos) << e;
                EXPECT_EQ(std::string(e["time"]).find("03-02"), std::string::npos) << e;
            }
    EXPECT_TRUE(seen);
}

TEST(HostileInput, ReportsThatCannotBeWrittenExit2AndInputsAreNeverOverwritten) {
    EXPECT_EQ(run("check samples/healthy > /dev/full").code, 2);
    const RunResult closed = run("check samples/healthy >&-");
    EXPECT_EQ(closed.code, 2) << closed.out;
    amtdiag::testing::TempDir dir;
    const std::string log = dir.write("AMTOPMGR.LOG", read_file("samples/healthy/AMTOPMGR.LOG"));
    const RunResult onto = run("check " + dir.path() + " -o " + log);
    EXPECT_EQ(onto.code, 2);
    EXPECT_NE(onto.out.find("would overwrite evidence"), std::string::npos) << onto.out;
    EXPECT_EQ(read_file(log), read_file("samples/healthy/AMTOPMGR.LOG"));
}

TEST(HostileInput, DevicesAndMisspelledRuleKeysAreRefusedClearly) {
    const RunResult dev = run("check /dev/zero samples/healthy");
    EXPECT_EQ(dev.code, 0) << dev.out;  // the sample is still analysed
    EXPECT_NE(dev.out.find("/dev/zero: a character device"), std::string::npos) << dev.out;
    amtdiag::testing::TempDir rules;
    rules.write("r.yaml",
                "rules:\n  - id: x/y\n    checks: [log.hello-received]\n"
                "    fail_whn: \"true\"\n");
    const RunResult typo = run("check samples/healthy --rules " + rules.path());
    EXPECT_EQ(typo.code, 2);
    EXPECT_NE(typo.out.find("r.yaml:4: unknown key 'fail_whn' in a rule (did you mean "
                            "'fail_when'?)"),
              std::string::npos)
        << typo.out;
}

}  // namespace
