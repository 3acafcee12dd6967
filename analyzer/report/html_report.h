#pragma once
// The HTML report: one self-contained file for people (a ticket attachment that opens offline
// in any current browser). Static markup for what to read first (verdict, stages, what fails
// first, manual checks, artifacts, the run); devices, every finding and timelines drawn by an
// inline script from the full JSON report embedded in the page, which `amtdiag report --from`
// reads back: plain JSON in <script type="application/json" id="amtdiag-report">, or, for a
// report over 4 MiB, gzip+base64 in blocks (the report, its timelines, a copy of its devices for
// the device table), unpacked by the page when first needed. A Content-Security-Policy allows
// nothing but the page's own inline style and script (by hash): no request ever leaves the page.
#include <iosfwd>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

void write_html(const model::Analysis& analysis, std::ostream& out);

// The Content-Security-Policy the page carries, for tests that check it.
std::string html_content_security_policy();

}  // namespace amtdiag::report
