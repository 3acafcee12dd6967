#include "analyzer/report/finding_groups.h"

#include <algorithm>

namespace amtdiag::report {

int listed_stage(const model::Finding& f) {
    if (f.verdict_stage) return f.verdict_stage;
    return f.stages.empty() ? 0 : f.stages.front();
}

std::vector<const model::Finding*> headline_findings(const model::Analysis& analysis) {
    using model::Status;
    std::vector<const model::Finding*> out;
    for (const auto& f : analysis.findings) {
        const bool decides = analysis.first_failing_stage
                                 ? f.verdict_stage == *analysis.first_failing_stage &&
                                       (f.status == Status::fail || f.status == Status::warn)
                                 : f.status == Status::warn;
        if (decides) out.push_back(&f);
    }
    std::stable_sort(out.begin(), out.end(), [](const model::Finding* a, const model::Finding* b) {
        return (a->status == Status::fail) > (b->status == Status::fail);
    });
    return out;
}

StatusCounts count_statuses(const std::vector<model::Finding>& findings) {
    StatusCounts counts;
    for (const auto& f : findings) counts.add(f.status);
    return counts;
}

}  // namespace amtdiag::report
