#include "analyzer/report/exit_code.h"

namespace amtdiag::report {

std::string_view to_string(FailOn fail_on) {
    return fail_on == FailOn::warn ? "warn" : "fail";
}

std::optional<FailOn> fail_on_from_string(std::string_view text) {
    for (FailOn f : {FailOn::fail, FailOn::warn})
        if (to_string(f) == text) return f;
    return std::nullopt;
}

bool fails_run(model::Status status, FailOn fail_on) {
    return status == model::Status::fail ||
           (status == model::Status::warn && fail_on == FailOn::warn);
}

size_t readable_artifacts(const model::Analysis& analysis) {
    size_t readable = 0;
    for (const auto& a : analysis.artifacts)
        readable += a.status == model::ReadStatus::ok && a.kind != model::artifact_kind::empty;
    return readable;
}

int exit_code(const model::Analysis& analysis, FailOn fail_on) {
    // Nothing read means nothing was checked: a clean 0 would tell CI the site is fine.
    if (readable_artifacts(analysis) == 0) return kExitError;
    for (size_t i = 0; i < analysis.findings.size(); ++i)
        if (fails_run(analysis.findings.head(i).status, fail_on)) return kExitFindings;
    return kExitClean;
}

}  // namespace amtdiag::report
