#pragma once
// The sections of the HTML report, one function each, in page order. Each writes static markup
// whose size is bounded by the catalog and the inputs, never by the number of devices: what a
// fleet multiplies (device cards, every finding, timelines) is drawn by the page's script from
// the embedded JSON (html/report.js), into the containers these sections leave for it.
// Every string from the Analysis goes through markup_text().
#include <iosfwd>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report::html {

// The page's one-line verdict, also its <title>.
std::string headline(const model::Analysis& analysis);

void verdict_section(std::ostream& out, const model::Analysis& analysis);
void contents_section(std::ostream& out, const model::Analysis& analysis);
void stages_section(std::ostream& out, const model::Analysis& analysis);
void devices_section(std::ostream& out, const model::Analysis& analysis);
void headline_findings_section(std::ostream& out, const model::Analysis& analysis);
void all_findings_section(std::ostream& out, const model::Analysis& analysis);
void manual_checks_section(std::ostream& out, const model::Analysis& analysis);
void timelines_section(std::ostream& out, const model::Analysis& analysis);
void artifacts_section(std::ostream& out, const model::Analysis& analysis);
void run_section(std::ostream& out, const model::Analysis& analysis);

// Devices up to this many get their cards (and timelines) drawn at load; more are a table
// drawn when opened. The script reads the count from <html data-devices>.
inline constexpr size_t kDeviceCardsAtLoad = 3;

}  // namespace amtdiag::report::html
