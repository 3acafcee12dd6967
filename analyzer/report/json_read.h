#pragma once
// Reading a report back: JSON (as `--format json` writes it) or the JSON embedded in an HTML
// report, into the Analysis every writer renders. `amtdiag report --from` renders any format
// from either; writing what was read gives the same bytes (tests/report/json_read_test.cpp).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "analyzer/model/analysis.h"
#include "analyzer/model/log_time.h"

namespace amtdiag::report {

struct ReportReadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A JSON report ("schema": "amtdiag.report/1"). Throws ReportReadError naming the field.
model::Analysis read_json_report(std::string_view json);

// What an HTML report embeds, unpacked: the report's JSON and, when the page keeps them apart
// (a packed fleet report), the timelines' JSON (report::timelines_json), else "".
// Throws ReportReadError when the page holds no report.
struct EmbeddedReport {
    std::string report;
    std::string timelines;
};
EmbeddedReport embedded_report(std::string_view html);

// Either of the above, told apart by the first non-blank character.
model::Analysis read_report(std::string_view bytes);

// The inverse of LogTime::to_string() for the forms it writes: "...Z", "... local" and
// "MM-DD-YYYY hh:mm:ss.mmm+480 (invalid date)".
std::optional<model::LogTime> parse_log_time(std::string_view text);

}  // namespace amtdiag::report
