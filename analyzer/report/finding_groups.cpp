#include "analyzer/report/finding_groups.h"

#include <algorithm>
#include <map>
#include <string_view>

namespace amtdiag::report {

int listed_stage(const model::Finding& f) {
    if (f.verdict_stage) return f.verdict_stage;
    return f.stages.empty() ? 0 : f.stages.front();
}

std::vector<PickedFinding> headline_findings(const model::Analysis& analysis) {
    using model::Status;
    std::vector<PickedFinding> out;
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const model::FindingHead f = analysis.findings.head(i);
        const bool decides = analysis.first_failing_stage
                                 ? f.verdict_stage == *analysis.first_failing_stage &&
                                       (f.status == Status::fail || f.status == Status::warn)
                                 : f.status == Status::warn;
        if (decides) out.push_back({i, f});
    }
    // Failures first; inside each, one block per check in the order checks first appear
    // (catalog order), so "the same check on many devices" is one group whatever the order.
    std::map<std::string_view, size_t> first_seen;
    for (const auto& f : out) first_seen.emplace(f.head.check, first_seen.size());
    std::stable_sort(out.begin(), out.end(), [&](const PickedFinding& x, const PickedFinding& y) {
        const model::FindingHead& a = x.head;
        const model::FindingHead& b = y.head;
        const bool a_fail = a.status == Status::fail, b_fail = b.status == Status::fail;
        if (a_fail != b_fail) return a_fail;
        // Suspected causes (warnings) after the findings that stand, likeliest first.
        const bool a_suspect = a.suspect_rank > 0, b_suspect = b.suspect_rank > 0;
        if (a_suspect != b_suspect) return b_suspect;
        if (a_suspect && a.suspect_rank != b.suspect_rank) return a.suspect_rank < b.suspect_rank;
        return first_seen.at(a.check) < first_seen.at(b.check);
    });
    return out;
}

StatusCounts count_statuses(const model::FindingList& findings) {
    StatusCounts counts;
    for (size_t i = 0; i < findings.size(); ++i) counts.add(findings.head(i).status);
    return counts;
}

}  // namespace amtdiag::report
