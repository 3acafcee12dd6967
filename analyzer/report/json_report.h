#pragma once
// The JSON report: the product's API ("schema": "amtdiag.report/1", see docs/architecture.md).
// Byte-identical for the same Analysis. Fields beyond the contract appear only when the
// Analysis holds them: device timelines and the site timeline (AnalyzeOptions::timelines),
// the invocation and manual answers (set by front ends).
#include <iosfwd>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

struct JsonOptions {
    // No indentation or line breaks: the form embedded in the HTML report, where a fleet's
    // report is a third smaller without them.
    bool compact = false;
    // Device timelines and the site timeline in the report (when the Analysis has them). The
    // HTML report of a fleet keeps them in a block of their own (write_timelines_json).
    bool timelines = true;
    // Threads that write findings, in blocks, each into a buffer of its own; the bytes are
    // the same for any number.
    unsigned jobs = 1;
};

// Streams the report: one finding at a time, so a report of thousands of devices never sits
// in memory as a document.
void write_json(const model::Analysis& analysis, std::ostream& out,
                const JsonOptions& options = {});
std::string to_json(const model::Analysis& analysis, const JsonOptions& options = {});

// The timelines alone, compact: {"devices": [[event...] per device, in report order],
// "site_timeline": [event...]}. With the report written without them, the two read back
// as the whole (report::read_report merges them).
std::string timelines_json(const model::Analysis& analysis);

// The devices alone, compact, without timelines: {"devices": [device...]}, as in the report.
// The HTML report of a fleet adds it so its device table opens without reading every finding.
std::string devices_json(const model::Analysis& analysis);

}  // namespace amtdiag::report
