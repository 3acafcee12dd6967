#include "analyzer/report/finding_groups.h"

#include <algorithm>
#include <map>
#include <string_view>

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
    // Failures first; inside each, one block per check in the order checks first appear
    // (catalog order), so "the same check on many devices" is one group whatever the order.
    std::map<std::string_view, size_t> first_seen;
    for (const auto* f : out) first_seen.emplace(f->check, first_seen.size());
    std::stable_sort(out.begin(), out.end(), [&](const model::Finding* a, const model::Finding* b) {
        const bool a_fail = a->status == Status::fail, b_fail = b->status == Status::fail;
        if (a_fail != b_fail) return a_fail;
        // Suspected causes (warnings) after the findings that stand, likeliest first.
        const bool a_suspect = a->suspect_rank > 0, b_suspect = b->suspect_rank > 0;
        if (a_suspect != b_suspect) return b_suspect;
        if (a_suspect && a->suspect_rank != b->suspect_rank)
            return a->suspect_rank < b->suspect_rank;
        return first_seen.at(a->check) < first_seen.at(b->check);
    });
    return out;
}

StatusCounts count_statuses(const std::vector<model::Finding>& findings) {
    StatusCounts counts;
    for (const auto& f : findings) counts.add(f.status);
    return counts;
}

}  // namespace amtdiag::report
