// JUnit XML and SARIF 2.1.0: valid against their official schemas (xmllint, python3-jsonschema),
// and made from the same analysis as the JSON report with the same counts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/analyze.h"
#include "analyzer/report/exit_code.h"
#include "analyzer/report/format.h"
#include "analyzer/report/junit_report.h"
#include "analyzer/report/sarif_report.h"
#include "report_support.h"
#include "test_files.h"

namespace amtdiag {
namespace {

using nlohmann::json;
using testing::have_tool;
using testing::quote;
using testing::read_file;
using testing::run_command;

const std::string kSchemas = std::string(AMTDIAG_TESTS_DIR) + "/schemas/";

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

std::string render(report::Format format, const model::Analysis& a,
                   report::FailOn fail_on = report::FailOn::fail) {
    report::RenderOptions options;
    options.catalog = &rules().catalog;
    options.fail_on = fail_on;
    std::ostringstream out;
    report::render(format, a, options, out);
    return out.str();
}

testing::CommandResult validate_junit(const std::vector<std::string>& files) {
    std::string command =
        std::string(AMTDIAG_XMLLINT) + " --noout --schema " + quote(kSchemas + "junit.xsd");
    for (const auto& f : files) command += " " + quote(f);
    return run_command(command);
}

testing::CommandResult validate_sarif(const std::vector<std::string>& files) {
    std::string command = std::string(AMTDIAG_PYTHON3) + " " +
                          quote(std::string(AMTDIAG_TESTS_DIR) + "/validate_sarif.py") + " " +
                          quote(kSchemas + "sarif-schema-2.1.0.json");
    for (const auto& f : files) command += " " + quote(f);
    return run_command(command);
}

// Sums a JUnit attribute over every testsuite.
size_t junit_total(const std::string& xml, const std::string& attribute) {
    const std::regex re("<testsuite [^>]*\\b" + attribute + "=\"([0-9]+)\"");
    size_t total = 0;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), re); it != std::sregex_iterator();
         ++it)
        total += std::stoul((*it)[1]);
    return total;
}

size_t occurrences(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(ExitCode, OneRuleForEveryFrontEnd) {
    model::Analysis a;
    EXPECT_EQ(report::exit_code(a, report::FailOn::fail), report::kExitError) << "nothing read";
    model::Artifact empty;
    empty.kind = model::artifact_kind::empty;
    a.artifacts.push_back(empty);
    EXPECT_EQ(report::exit_code(a, report::FailOn::fail), report::kExitError) << "only empty";
    model::Artifact log;
    log.kind = "amtopmgr-log";
    a.artifacts.push_back(log);
    EXPECT_EQ(report::exit_code(a, report::FailOn::fail), report::kExitClean);
    model::Finding warn;
    warn.status = model::Status::warn;
    a.findings.push_back(warn);
    EXPECT_EQ(report::exit_code(a, report::FailOn::fail), report::kExitClean);
    EXPECT_EQ(report::exit_code(a, report::FailOn::warn), report::kExitFindings);
    model::Finding fail;
    fail.status = model::Status::fail;
    a.findings.push_back(fail);
    EXPECT_EQ(report::exit_code(a, report::FailOn::fail), report::kExitFindings);
    EXPECT_EQ(report::fail_on_from_string("warn"), report::FailOn::warn);
    EXPECT_FALSE(report::fail_on_from_string("error"));
}

TEST(Formats, EveryFormatHasOneName) {
    for (const char* name : {"text", "json", "html", "junit", "sarif"}) {
        const auto f = report::format_from_string(name);
        ASSERT_TRUE(f) << name;
        EXPECT_EQ(report::to_string(*f), name);
    }
    EXPECT_FALSE(report::format_from_string("xml"));
}

TEST(Formats, JunitAndSarifOfEverySampleAndOfHostileTextValidate) {
    ASSERT_TRUE(have_tool(AMTDIAG_XMLLINT)) << "xmllint missing: run scripts/install-deps.sh";
    ASSERT_TRUE(have_tool(AMTDIAG_PYTHON3)) << "python3 missing: run scripts/install-deps.sh";
    amtdiag::testing::TempDir dir;
    std::vector<std::string> xml, sarif;
    auto add = [&](const std::string& name, const model::Analysis& a) {
        xml.push_back(dir.write(name + ".xml", render(report::Format::junit, a)));
        sarif.push_back(dir.write(name + ".sarif", render(report::Format::sarif, a)));
    };
    for (const char* sample : {"healthy", "hello-rejected", "cert-template", "soap-failure",
                               "unprovision-failure", "guide-excerpts"}) {
        model::Analysis a = analyze({std::string("samples/") + sample}, rules());
        add(sample, a);
    }
    add("hostile", testing::hostile_analysis());
    add("unreadable", analyze({"/nonexistent/amtdiag"}, rules()));
    const auto junit = validate_junit(xml);
    EXPECT_EQ(junit.code, 0) << junit.out;
    const auto sarif_result = validate_sarif(sarif);
    EXPECT_EQ(sarif_result.code, 0) << sarif_result.out;
}

TEST(Formats, TheValidatorsRejectWhatTheSchemasForbid) {
    // Proves the validation above can fail: a result kind SARIF does not know, a testsuite
    // without the timestamp the JUnit schema requires.
    ASSERT_TRUE(have_tool(AMTDIAG_XMLLINT) && have_tool(AMTDIAG_PYTHON3));
    amtdiag::testing::TempDir dir;
    std::string sarif = render(report::Format::sarif, analyze({"samples/soap-failure"}, rules()));
    sarif.replace(sarif.find("\"kind\": \"fail\""), 14, "\"kind\": \"oops\"");
    EXPECT_NE(validate_sarif({dir.write("bad.sarif", sarif)}).code, 0);
    std::string xml = render(report::Format::junit, analyze({"samples/soap-failure"}, rules()));
    xml = std::regex_replace(xml, std::regex(" timestamp=\"[^\"]*\""), "");
    EXPECT_NE(validate_junit({dir.write("bad.xml", xml)}).code, 0);
}

TEST(Formats, ThroughTheBinaryJsonJunitAndSarifCountTheSame) {
    ASSERT_TRUE(have_tool(AMTDIAG_XMLLINT) && have_tool(AMTDIAG_PYTHON3));
    amtdiag::testing::TempDir dir;
    const std::string bin = AMTDIAG_BIN;
    const std::string inputs = "samples/guide-excerpts samples/soap-failure /nonexistent/x.log";
    for (const char* format : {"json", "junit", "sarif"}) {
        const auto r = run_command(bin + " check " + inputs + " --format " + format + " -o " +
                                   dir.path() + "/r." + format);
        EXPECT_EQ(r.code, 1) << format << ": " << r.out;
    }
    const json report = json::parse(read_file(dir.path() + "/r.json"));
    const std::string xml = read_file(dir.path() + "/r.junit");
    const json sarif = json::parse(read_file(dir.path() + "/r.sarif"));
    EXPECT_EQ(validate_junit({dir.path() + "/r.junit"}).code, 0);
    EXPECT_EQ(validate_sarif({dir.path() + "/r.sarif"}).code, 0);

    const json& summary = report["summary"];
    const size_t findings = report["findings"].size();
    const size_t skipped = summary["unknown"].get<size_t>() + summary["manual"].get<size_t>() +
                           summary["skipped"].get<size_t>();
    size_t unreadable = 0;
    for (const auto& a : report["artifacts"]) unreadable += a["status"] == "error";
    ASSERT_EQ(unreadable, 1u);

    // JUnit: one testcase per finding plus one per artifact; failures, errors, skips agree.
    EXPECT_EQ(junit_total(xml, "tests"), findings + report["artifacts"].size());
    EXPECT_EQ(junit_total(xml, "failures"), summary["fail"].get<size_t>());
    EXPECT_EQ(occurrences(xml, "<failure "), summary["fail"].get<size_t>());
    EXPECT_EQ(junit_total(xml, "errors"), unreadable);
    EXPECT_EQ(junit_total(xml, "skipped"), skipped);
    EXPECT_EQ(occurrences(xml, "<testsuite "), report["stages"].size() + 1);

    // SARIF: one result per finding, its status kept, kind and level as the spec maps them.
    const json& run = sarif["runs"][0];
    ASSERT_EQ(run["results"].size(), findings);
    std::map<std::string, size_t> by_status;
    for (size_t i = 0; i < findings; ++i) {
        const json& r = run["results"][i];
        const json& f = report["findings"][i];
        EXPECT_EQ(r["ruleId"], f["check"]);
        EXPECT_EQ(r["properties"]["status"], f["status"]);
        EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<size_t>()]["id"], f["check"]);
        ++by_status[r["properties"]["status"].get<std::string>()];
    }
    for (const auto& [status, n] : summary.items()) EXPECT_EQ(by_status[status], n.get<size_t>());
    EXPECT_EQ(run["invocations"][0]["exitCode"], 1);
    EXPECT_EQ(run["artifacts"].size(), report["artifacts"].size());
    EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["level"], "error");
}

TEST(Sarif, KindLevelLocationsAndStableFingerprints) {
    const model::Analysis a = analyze({"samples/cert-template"}, rules());
    const json sarif = json::parse(render(report::Format::sarif, a));
    const json& run = sarif["runs"][0];
    EXPECT_EQ(sarif["version"], "2.1.0");
    const json& driver = run["tool"]["driver"];
    EXPECT_EQ(driver["name"], "amtdiag");
    EXPECT_FALSE(driver["informationUri"].get<std::string>().empty());
    const std::map<std::string, std::pair<std::string, std::string>> expected = {
        {"fail", {"fail", "error"}},    {"warn", {"fail", "warning"}},
        {"pass", {"pass", "none"}},     {"unknown", {"open", "none"}},
        {"manual", {"review", "none"}}, {"skipped", {"notApplicable", "none"}}};
    std::set<std::string> fingerprints;
    for (const auto& r : run["results"]) {
        const auto& [kind, level] = expected.at(r["properties"]["status"].get<std::string>());
        EXPECT_EQ(r["kind"], kind);
        EXPECT_EQ(r["level"], level);
        fingerprints.insert(r["partialFingerprints"]["amtdiagFinding/v1"].get<std::string>());
        ASSERT_FALSE(r["locations"].empty()) << r["ruleId"];
    }
    EXPECT_EQ(fingerprints.size(), run["results"].size()) << "one fingerprint per finding";
    // A failed check points at the log line; its rule carries the catalog's words and fix.
    const json* failed = nullptr;
    for (const auto& r : run["results"])
        if (r["ruleId"] == "ca.template-read-enroll" && r["kind"] == "fail") failed = &r;
    ASSERT_NE(failed, nullptr);
    const json& physical = (*failed)["locations"][0]["physicalLocation"];
    EXPECT_EQ(physical["artifactLocation"]["uri"], "samples/cert-template/AMTOPMGR.LOG");
    EXPECT_GT(physical["region"]["startLine"].get<int>(), 0);
    const json& rule = driver["rules"][(*failed)["ruleIndex"].get<size_t>()];
    EXPECT_EQ(rule["shortDescription"]["text"],
              rules().catalog.find("ca.template-read-enroll")->summary);
    EXPECT_NE(rule["help"]["markdown"].get<std::string>().find("**Fix.**"), std::string::npos);
    EXPECT_NE(rule["helpUri"].get<std::string>().find("#ca.template-read-enroll"),
              std::string::npos);
    // Another run of the same evidence matches finding for finding.
    const json again =
        json::parse(render(report::Format::sarif, analyze({"samples/cert-template"}, rules())));
    for (size_t i = 0; i < run["results"].size(); ++i)
        EXPECT_EQ(again["runs"][0]["results"][i]["partialFingerprints"],
                  run["results"][i]["partialFingerprints"]);
    EXPECT_EQ(report::uri_reference("C:\\logs/a b.log"), "C%3A%5Clogs/a%20b.log");
}

TEST(Junit, FailuresCarryMessageFixAndEvidenceAndWarningsFollowFailOn) {
    const model::Analysis a = testing::hostile_analysis();
    const std::string normal = render(report::Format::junit, a, report::FailOn::fail);
    const std::string strict = render(report::Format::junit, a, report::FailOn::warn);
    const auto counts = [&](model::Status s) {
        size_t n = 0;
        for (const auto& f : a.findings) n += f.status == s;
        return n;
    };
    EXPECT_EQ(junit_total(normal, "failures"), counts(model::Status::fail));
    EXPECT_EQ(junit_total(strict, "failures"),
              counts(model::Status::fail) + counts(model::Status::warn));
    EXPECT_NE(normal.find("WARN check."), std::string::npos) << "warnings listed in system-out";
    EXPECT_NE(normal.find("fix: "), std::string::npos);
    EXPECT_NE(normal.find("evidence:\n  logs/"), std::string::npos);
    EXPECT_EQ(normal.find("<script"), std::string::npos) << "hostile text stays text";
    EXPECT_EQ(normal.find('\x1B'), std::string::npos) << "no control characters in XML";
}

}  // namespace
}  // namespace amtdiag
