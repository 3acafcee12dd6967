#pragma once
// The JSON report: the product's API ("schema": "amtdiag.report/1", see docs/architecture.md).
// Byte-identical for the same Analysis.
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

std::string to_json(const model::Analysis& analysis);

}  // namespace amtdiag::report
