#include "analyzer/report/format.h"

#include <ostream>

#include "analyzer/report/html_report.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/junit_report.h"
#include "analyzer/report/sarif_report.h"

namespace amtdiag::report {

namespace {

constexpr Format kFormats[] = {Format::text, Format::json, Format::html, Format::junit,
                               Format::sarif};

}  // namespace

std::string_view to_string(Format format) {
    switch (format) {
        case Format::text:
            return "text";
        case Format::json:
            return "json";
        case Format::html:
            return "html";
        case Format::junit:
            return "junit";
        case Format::sarif:
            return "sarif";
    }
    return "text";
}

std::optional<Format> format_from_string(std::string_view text) {
    for (Format f : kFormats)
        if (to_string(f) == text) return f;
    return std::nullopt;
}

std::string_view format_names() {
    return "text|json|html|junit|sarif";
}

bool wants_timelines(Format format) {
    return format == Format::html;
}

// The machine formats meant for people and CI say how the run was made; the JSON report
// stays the same bytes for the same evidence (its golden files depend on it).
bool records_invocation(Format format) {
    return format == Format::html || format == Format::junit || format == Format::sarif;
}

void render(Format format, const model::Analysis& analysis, const RenderOptions& options,
            std::ostream& out) {
    switch (format) {
        case Format::text:
            out << to_text(analysis, options.text);
            return;
        case Format::json:
            write_json(analysis, out, {.jobs = options.jobs});
            return;
        case Format::html:
            write_html(analysis, out);
            return;
        case Format::junit:
            write_junit(analysis, options.fail_on, out);
            return;
        case Format::sarif:
            write_sarif(analysis, {options.catalog, options.fail_on}, out);
            return;
    }
}

}  // namespace amtdiag::report
