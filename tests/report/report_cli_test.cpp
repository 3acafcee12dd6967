// `amtdiag report --from`: any format rendered later from a JSON or an HTML report gives what
// `amtdiag check` gave at the time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_support.h"
#include "test_files.h"

namespace amtdiag {
namespace {

using nlohmann::json;
using testing::quote;
using testing::read_file;
using testing::run_command;

testing::CommandResult amtdiag(const std::string& args) {
    return run_command("NO_COLOR=1 " + std::string(AMTDIAG_BIN) + " " + args);
}

// The report without what only the HTML run records (its invocation and timelines).
json without_run_details(json report) {
    report.erase("invocation");
    report.erase("site_timeline");
    for (auto& d : report["devices"]) d.erase("timeline");
    return report;
}

TEST(ReportCommand, TextFromASavedJsonReportIsWhatCheckPrinted) {
    amtdiag::testing::TempDir dir;
    const std::string saved = dir.path() + "/r.json";
    ASSERT_EQ(amtdiag("check samples/guide-excerpts --format json -o " + quote(saved)).code, 1);
    const auto direct = amtdiag("check samples/guide-excerpts");
    const auto later = amtdiag("report --from " + quote(saved));
    EXPECT_EQ(later.code, 0) << later.out;
    EXPECT_EQ(later.out, direct.out);
    // And the JSON itself comes back unchanged.
    EXPECT_EQ(amtdiag("report --from " + quote(saved) + " --format json").out, read_file(saved));
}

TEST(ReportCommand, AnHtmlReportRendersBackToItsJson) {
    amtdiag::testing::TempDir dir;
    const std::string page = dir.path() + "/r.html";
    ASSERT_EQ(amtdiag("check samples/soap-failure --format html -o " + quote(page)).code, 1);
    const auto back = amtdiag("report --from " + quote(page) + " --format json");
    ASSERT_EQ(back.code, 0) << back.out;
    const json from_html = json::parse(back.out);
    EXPECT_TRUE(from_html.contains("invocation"));
    EXPECT_TRUE(from_html["devices"][0].contains("timeline"));
    EXPECT_EQ(from_html["invocation"]["exit_code"], 1);
    const json direct = json::parse(amtdiag("check samples/soap-failure --format json").out);
    EXPECT_EQ(without_run_details(from_html), direct);
}

TEST(ReportCommand, TimelinesSavedInJsonAreDrawnByALaterHtmlReport) {
    amtdiag::testing::TempDir dir;
    const std::string saved = dir.path() + "/r.json";
    ASSERT_EQ(
        amtdiag("check samples/soap-failure --format json --timelines -o " + quote(saved)).code, 1);
    EXPECT_NE(read_file(saved).find("\"timeline\": ["), std::string::npos);
    const std::string page = dir.path() + "/later.html";
    ASSERT_EQ(amtdiag("report --from " + quote(saved) + " --format html -o " + quote(page)).code,
              0);
    const std::string html = read_file(page);
    EXPECT_NE(html.find("\"timeline\":["), std::string::npos);
    EXPECT_NE(html.find("not recorded"), std::string::npos) << "the run section says so";
    // SARIF and JUnit from the same saved report.
    for (const char* format : {"sarif", "junit"})
        EXPECT_EQ(amtdiag("report --from " + quote(saved) + " --format " + format).code, 0);
    EXPECT_NE(
        amtdiag("report --from " + quote(saved) + " --format sarif").out.find("\"exitCode\": 1"),
        std::string::npos)
        << "the exit code the analysis gives when none was recorded";
}

TEST(ReportCommand, ProblemsExit2AndSayWhy) {
    amtdiag::testing::TempDir dir;
    const std::string not_report = dir.write("x.json", "{\"hello\": 1}");
    const auto r = amtdiag("report --from " + quote(not_report));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("not an amtdiag report"), std::string::npos) << r.out;
    EXPECT_EQ(amtdiag("report").code, 2);
    EXPECT_EQ(amtdiag("report --from /nonexistent.json").code, 2);
    EXPECT_EQ(amtdiag("report --from tests/e2e/golden/healthy.json --format pdf").code, 2);
    const std::string saved = dir.write("r.json", read_file("tests/e2e/golden/healthy.json"));
    const auto same =
        amtdiag("report --from " + quote(saved) + " --format html -o " + quote(saved));
    EXPECT_EQ(same.code, 2) << same.out;
    EXPECT_EQ(read_file(saved), read_file("tests/e2e/golden/healthy.json")) << "never overwritten";
}

TEST(ReportCommand, CheckAcceptsEveryFormatAndNamesThemWhenWrong) {
    const auto r = amtdiag("check samples/healthy --format xml");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("text|json|html|junit|sarif"), std::string::npos) << r.out;
    amtdiag::testing::TempDir dir;
    for (const char* format : {"html", "junit", "sarif"}) {
        const std::string out = dir.path() + "/r." + format;
        EXPECT_EQ(
            amtdiag(std::string("check samples/healthy --format ") + format + " -o " + out).code, 0)
            << format;
        EXPECT_FALSE(read_file(out).empty()) << format;
    }
}

TEST(ReportCommand, SecretsAreRedactedInEveryFormat) {
    // A saved report with secrets where a log or a rule could put them (an older tool, a hand
    // edit): every format masks them.
    amtdiag::testing::TempDir dir;
    const std::string saved = dir.path() + "/r.json";
    ASSERT_EQ(
        amtdiag("check samples/soap-failure --format json --timelines -o " + quote(saved)).code, 1);
    json report = json::parse(read_file(saved));
    size_t cited = 0;
    while (report["findings"][cited]["evidence"].empty()) ++cited;
    json& finding = report["findings"][cited];
    finding["message"] = finding["message"].get<std::string>() + " password=hunter2";
    finding["evidence"][0]["excerpt"] = "Set PPS: hunter3-4455";
    json& event = report["devices"][0]["timeline"][0];
    event["attributes"]["admin_password"] = "hunter4";
    event["attributes"]["note"] = "pwd = 'hunter5'";
    report["artifacts"][0]["notes"] = {"psk=hunter6 echoed by a script"};
    const std::string planted = dir.write("planted.json", report.dump(2));
    for (const char* format : {"text", "json", "html", "junit", "sarif"}) {
        SCOPED_TRACE(format);
        const auto out = amtdiag("report --from " + quote(planted) + " --all --format " + format);
        ASSERT_EQ(out.code, 0) << out.out;
        EXPECT_EQ(out.out.find("hunter"), std::string::npos);
        if (std::string(format) != "html") {
            EXPECT_NE(out.out.find("=***"), std::string::npos);
        }
    }
    // The masks stand where the secrets were.
    const json back =
        json::parse(amtdiag("report --from " + quote(planted) + " --format json").out);
    EXPECT_EQ(back["devices"][0]["timeline"][0]["attributes"]["admin_password"], "***");
    EXPECT_EQ(back["findings"][cited]["evidence"][0]["excerpt"], "Set PPS: ***");
}

}  // namespace
}  // namespace amtdiag
