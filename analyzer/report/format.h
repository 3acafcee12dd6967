#pragma once
// One dispatch from a report format to its writer, used by `amtdiag check` and
// `amtdiag report` alike. Every writer renders a model::Analysis; none knows a check by name.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

#include "analyzer/engine/catalog.h"
#include "analyzer/model/analysis.h"
#include "analyzer/report/exit_code.h"
#include "analyzer/report/text_report.h"

namespace amtdiag::report {

enum class Format : uint8_t { text, json, html, junit, sarif };

std::string_view to_string(Format format);
std::optional<Format> format_from_string(std::string_view text);
// "text|json|html|junit|sarif", for help texts and error messages.
std::string_view format_names();

// Whether the format draws device timelines (the front end then analyses with
// AnalyzeOptions::timelines) and records the invocation.
bool wants_timelines(Format format);
bool records_invocation(Format format);

struct RenderOptions {
    TextOptions text;
    FailOn fail_on = FailOn::fail;
    // The check catalog: SARIF's rule descriptions (summary, how to check). Optional: without
    // it a rule is described by its findings.
    const engine::Catalog* catalog = nullptr;
    // Threads the writers may use (the JSON report's findings); the bytes never depend on it.
    unsigned jobs = 1;
};

void render(Format format, const model::Analysis& analysis, const RenderOptions& options,
            std::ostream& out);

}  // namespace amtdiag::report
