// Reading reports back: every golden report and every optional field survive
// JSON -> Analysis -> JSON byte for byte, and an HTML report gives back its embedded report.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "analyzer/analyze.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/json_read.h"
#include "analyzer/report/json_report.h"
#include "report_support.h"

namespace amtdiag {
namespace {

using testing::read_file;

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

TEST(JsonRead, EveryGoldenReportRoundTripsByteForByte) {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator("tests/e2e/golden")) {
        if (entry.path().extension() != ".json") continue;
        const std::string golden = read_file(entry.path().string());
        ASSERT_FALSE(golden.empty()) << entry.path();
        EXPECT_EQ(report::to_json(report::read_json_report(golden)), golden) << entry.path();
        ++n;
    }
    EXPECT_GE(n, 6u);
}

TEST(JsonRead, TimelinesInvocationAndAnswersRoundTrip) {
    AnalyzeOptions options;
    options.timelines = true;
    model::Analysis a =
        analyze({"samples/guide-excerpts", "samples/soap-failure"}, rules(), options);
    a.invocation = model::Invocation{
        {"amtdiag", "check", "samples"}, "warn", 1, "2026-01-31T12:00:00.000Z", 1234};
    a.answers = {{"client.me-mode-amt", "", "yes", "checked in MEBX"}};
    const std::string json = report::to_json(a);
    EXPECT_NE(json.find("\"timeline\": ["), std::string::npos);
    EXPECT_NE(json.find("\"site_timeline\": ["), std::string::npos);
    EXPECT_NE(json.find("\"invocation\": {"), std::string::npos);
    EXPECT_NE(json.find("\"answers\": ["), std::string::npos);
    EXPECT_EQ(report::to_json(report::read_json_report(json)), json);
    // The compact form reads back to the same report too.
    EXPECT_EQ(report::to_json(report::read_json_report(report::to_json(a, {.compact = true}))),
              json);
}

TEST(JsonRead, TheDefaultReportHasNoneOfTheOptionalFields) {
    const std::string json = report::to_json(analyze({"samples/soap-failure"}, rules()));
    for (const char* key : {"\"timeline\"", "\"site_timeline\"", "\"invocation\"", "\"answers\""})
        EXPECT_EQ(json.find(key), std::string::npos) << key;
}

TEST(JsonRead, AnHtmlReportGivesBackItsEmbeddedReport) {
    AnalyzeOptions options;
    options.timelines = true;
    const model::Analysis a = analyze({"samples/cert-template"}, rules(), options);
    std::ostringstream html;
    report::write_html(a, html);
    EXPECT_EQ(report::to_json(report::read_report(html.str())), report::to_json(a));
}

TEST(JsonRead, HostileTextRoundTripsThroughHtml) {
    const model::Analysis a = testing::hostile_analysis();
    std::ostringstream html;
    report::write_html(a, html);
    EXPECT_EQ(report::to_json(report::read_report(html.str())), report::to_json(a));
}

TEST(JsonRead, LogTimesReadBackAsWritten) {
    for (const char* text :
         {"2009-01-14T21:43:12.000Z", "2009-01-14T13:43:12.250 local",
          "02-30-2009 13:43:12.000+480 (invalid date)", "13-01-2009 25:00:00.000-60 (invalid date)",
          "02-30-2009 13:43:12.000 (invalid date)"}) {
        const auto t = report::parse_log_time(text);
        ASSERT_TRUE(t) << text;
        EXPECT_EQ(t->to_string(), text);
    }
    for (const char* text : {"", "yesterday", "2009-02-30T00:00:00.000Z", "2009-01-14T21:43:12Z",
                             "2009-01-14T21:43:12.000", "02-30-2009 13:43:12.000+x (invalid date)"})
        EXPECT_FALSE(report::parse_log_time(text)) << text;
}

TEST(JsonRead, ProblemsNameTheField) {
    auto problem = [](const std::string& text) {
        try {
            report::read_report(text);
        } catch (const report::ReportReadError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(problem("not json").find("not JSON"), std::string::npos);
    EXPECT_NE(problem("{\"schema\": \"other/1\"}").find("amtdiag.report/1"), std::string::npos);
    EXPECT_NE(problem("<html><body>no report</body></html>").find("no embedded report"),
              std::string::npos);
    std::string golden = read_file("tests/e2e/golden/soap-failure.json");
    const size_t at = golden.find("\"status\": \"fail\"", golden.find("\"findings\""));
    ASSERT_NE(at, std::string::npos);
    golden.replace(at, 16, "\"status\": \"boom\"");
    const std::string message = problem(golden);
    EXPECT_NE(message.find("findings["), std::string::npos) << message;
    EXPECT_NE(message.find("].status"), std::string::npos) << message;
}

}  // namespace
}  // namespace amtdiag
