#include "analyzer/report/junit_report.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/markup_text.h"

namespace amtdiag::report {

namespace {

using model::Status;

// The testcases of one suite, counted before the suite's element is opened: the counts are
// attributes.
struct Suite {
    std::string name;
    std::string package;
    std::vector<std::pair<std::string, std::string>> properties;
    std::vector<std::string> cases;  // finished <testcase> elements
    std::string system_out;
    size_t failures = 0;
    size_t errors = 0;
    size_t skipped = 0;
};

// The schema wants a time without zone; runs without a recorded start (a report rendered from
// JSON that never had one) get the epoch, which reads as "unknown".
std::string timestamp(const model::Analysis& analysis) {
    if (analysis.invocation && analysis.invocation->start_utc.size() >= 19)
        return analysis.invocation->start_utc.substr(0, 19);
    return "1970-01-01T00:00:00";
}

std::string case_name(const model::Finding& f) {
    return f.device.empty() ? f.check : f.check + " [" + f.device + "]";
}

std::string evidence_lines(const model::Finding& f) {
    std::string body;
    if (!f.evidence.empty()) body += "evidence:\n";
    for (const auto& e : f.evidence) {
        body += "  " + markup_text(place(e.ref));
        if (!e.time.empty()) body += "  " + markup_text(e.time);
        body += "\n    " + markup_text(e.ref.excerpt) + "\n";
        for (const auto& c : e.codes)
            body += "    " + markup_text(c.code) + " = " + markup_text(c.name) + " (" +
                    markup_text(c.family) + "): " + markup_text(c.meaning) + "\n";
    }
    return body;
}

std::string failure_body(const model::Finding& f) {
    std::string body = markup_text(f.message) + "\n";
    if (!f.fix.empty()) body += "fix: " + markup_text(f.fix) + "\n";
    if (f.suspect_rank > 0)
        body += "suspected cause #" + std::to_string(f.suspect_rank) + " of an error cited\n";
    body += evidence_lines(f);
    if (!f.suspects.empty()) {
        body += "suspects (most likely first):";
        for (const auto& c : f.suspects) body += " " + markup_text(c);
        body += "\n";
    }
    for (const auto& r : f.refs) body += "see: " + markup_text(r) + "\n";
    return body;
}

// The <testcase> of one finding; counts what it is in `suite`.
void add_finding_case(Suite& suite, const model::Finding& f, FailOn fail_on) {
    const std::string status(model::to_string(f.status));
    std::string xml = "    <testcase name=\"" + markup_text(case_name(f)) + "\" classname=\"" +
                      markup_text(suite.package + "." + f.component) + "\" time=\"0\"";
    if (fails_run(f.status, fail_on)) {
        ++suite.failures;
        xml += ">\n      <failure message=\"" + markup_text(f.message) + "\" type=\"" + status +
               "\">" + failure_body(f) + "</failure>\n    </testcase>\n";
    } else if (f.status == Status::unknown || f.status == Status::manual ||
               f.status == Status::skipped) {
        ++suite.skipped;
        std::string body;
        if (!f.needs.empty()) {
            body = "needs:";
            for (const auto& n : f.needs) body += " " + markup_text(n);
        }
        xml += ">\n      <skipped message=\"" + status + ": " + markup_text(f.message) + "\">" +
               body + "</skipped>\n    </testcase>\n";
    } else {
        // pass, or a warning that does not fail the run: CI shows it green, the suite's
        // system-out still says what to look at.
        if (f.status == Status::warn)
            suite.system_out += "WARN " + markup_text(case_name(f)) + ": " +
                                markup_text(f.message) + "\n  fix: " + markup_text(f.fix) + "\n";
        xml += "/>\n";
    }
    suite.cases.push_back(std::move(xml));
}

// The stage a finding's testcase belongs to: the stage its verdict moves, else its first.
int stage_of(const model::Finding& f) {
    if (f.verdict_stage) return f.verdict_stage;
    return f.stages.empty() ? 0 : f.stages.front();
}

std::vector<Suite> stage_suites(const model::Analysis& analysis, FailOn fail_on) {
    std::vector<Suite> suites;
    std::vector<int> numbers;
    for (const auto& s : analysis.stages) {
        Suite suite;
        suite.name = "stage " + std::to_string(s.stage) + ": " + s.title;
        suite.package = "amtdiag.stage" + std::to_string(s.stage);
        suite.properties = {{"stage", std::to_string(s.stage)},
                            {"status", std::string(model::to_string(s.status))}};
        if (s.implied_by) suite.properties.emplace_back("implied_by", std::to_string(s.implied_by));
        suites.push_back(std::move(suite));
        numbers.push_back(s.stage);
    }
    // A check of no stage the analysis lists still counts: a suite of its own.
    Suite other{"checks of no stage", "amtdiag.other", {}, {}, {}, 0, 0, 0};
    for (const auto& f : analysis.findings) {
        const auto it = std::find(numbers.begin(), numbers.end(), stage_of(f));
        add_finding_case(it == numbers.end() ? other : suites[it - numbers.begin()], f, fail_on);
    }
    if (!other.cases.empty()) suites.push_back(std::move(other));
    return suites;
}

Suite artifact_suite(const model::Analysis& analysis) {
    Suite suite{"artifacts", "amtdiag.artifacts", {}, {}, {}, 0, 0, 0};
    for (const auto& a : analysis.artifacts) {
        std::string xml = "    <testcase name=\"" + markup_text(a.path) + "\" classname=\"" +
                          markup_text(suite.package + "." + a.kind) + "\" time=\"0\"";
        if (a.status == model::ReadStatus::error) {
            ++suite.errors;
            xml += ">\n      <error message=\"" + markup_text(a.error) + "\" type=\"unreadable\">" +
                   markup_text(a.path) + ": " + markup_text(a.error) +
                   "</error>\n    </testcase>\n";
        } else {
            xml += "/>\n";
        }
        for (const auto& note : a.notes)
            suite.system_out += markup_text(a.path) + ": " + markup_text(note) + "\n";
        suite.cases.push_back(std::move(xml));
    }
    return suite;
}

// Properties every suite carries, so one suite read alone still says what made it.
std::vector<std::pair<std::string, std::string>> run_properties(const model::Analysis& analysis) {
    std::vector<std::pair<std::string, std::string>> out = {
        {"amtdiag.version", analysis.tool_version}, {"amtdiag.rules", analysis.rules_id}};
    if (analysis.invocation) {
        std::string command;
        for (const auto& arg : analysis.invocation->arguments)
            command += (command.empty() ? "" : " ") + arg;
        out.emplace_back("amtdiag.command", command);
        out.emplace_back("amtdiag.exit_code", std::to_string(analysis.invocation->exit_code));
    }
    return out;
}

void write_suite(std::ostream& out, const Suite& suite, size_t id,
                 const std::vector<std::pair<std::string, std::string>>& shared,
                 const std::string& when) {
    out << "  <testsuite name=\"" << markup_text(suite.name) << "\" package=\""
        << markup_text(suite.package) << "\" id=\"" << id << "\" hostname=\"localhost\""
        << " timestamp=\"" << when << "\" tests=\"" << suite.cases.size() << "\" failures=\""
        << suite.failures << "\" errors=\"" << suite.errors << "\" skipped=\"" << suite.skipped
        << "\" time=\"0\">\n    <properties>\n";
    for (const auto* list : {&suite.properties, &shared})
        for (const auto& [name, value] : *list)
            out << "      <property name=\"" << markup_text(name) << "\" value=\""
                << markup_text(value) << "\"/>\n";
    out << "    </properties>\n";
    for (const auto& c : suite.cases) out << c;
    out << "    <system-out>" << suite.system_out << "</system-out>\n"
        << "    <system-err></system-err>\n  </testsuite>\n";
}

}  // namespace

void write_junit(const model::Analysis& analysis, FailOn fail_on, std::ostream& out) {
    std::vector<Suite> suites = stage_suites(analysis, fail_on);
    suites.push_back(artifact_suite(analysis));
    const auto shared = run_properties(analysis);
    const std::string when = timestamp(analysis);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    for (size_t i = 0; i < suites.size(); ++i) write_suite(out, suites[i], i, shared, when);
    out << "</testsuites>\n";
}

}  // namespace amtdiag::report
