#pragma once
// The terminal report: the stage table first, then the findings of the first failing stage
// (or of the stage asked for), each with its evidence and fix. Colours follow CMTrace: red
// background with yellow text for failures, yellow background for warnings.
#include <optional>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

struct TextOptions {
    bool color = false;
    std::optional<int> stage;   // show this stage's findings instead of the first failing one
    bool all_findings = false;  // show every decided finding, not just one stage's
};

std::string to_text(const model::Analysis& analysis, const TextOptions& options);

}  // namespace amtdiag::report
