#pragma once
// Reading a report back: JSON (as `--format json` writes it) or the JSON embedded in an HTML
// report, into the Analysis every writer renders. `amtdiag report --from` renders any format
// from either; writing what was read gives the same bytes (tests/report/json_read_test.cpp).
#include <optional>
#include <stdexcept>
#include <string_view>

#include "analyzer/model/analysis.h"
#include "analyzer/model/log_time.h"

namespace amtdiag::report {

struct ReportReadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A JSON report ("schema": "amtdiag.report/1"). Throws ReportReadError naming the field.
model::Analysis read_json_report(std::string_view json);

// The JSON text embedded in an HTML report (<script type="application/json" id="amtdiag-report">).
// Throws ReportReadError when the page holds none.
std::string_view embedded_json(std::string_view html);

// Either of the above, told apart by the first non-blank character.
model::Analysis read_report(std::string_view bytes);

// The inverse of LogTime::to_string() for the forms it writes: "...Z", "... local" and
// "MM-DD-YYYY hh:mm:ss.mmm+480 (invalid date)".
std::optional<model::LogTime> parse_log_time(std::string_view text);

}  // namespace amtdiag::report
