#pragma once
// The JSON report: the product's API ("schema": "amtdiag.report/1", see docs/architecture.md).
// Byte-identical for the same Analysis.
#include <iosfwd>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

// Streams the report: one finding at a time, so a report of thousands of devices never sits
// in memory as a document.
void write_json(const model::Analysis& analysis, std::ostream& out);
std::string to_json(const model::Analysis& analysis);

}  // namespace amtdiag::report
