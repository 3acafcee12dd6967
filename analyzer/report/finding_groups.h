#pragma once
// How reports group and pick findings, one home for every format: the stage a finding is listed
// under, the findings a report leads with, counts by status.
#include <array>
#include <cstddef>
#include <vector>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

// The stage a finding is listed under (JUnit suite, HTML group): the stage whose verdict it
// moves, else its first catalog stage, else 0. Each finding is listed once.
int listed_stage(const model::Finding& f);

// A finding a report picked: where it is in analysis.findings (decode it there to write it in
// full) and its head, which is all that grouping and naming devices read. The head's views
// are valid while the analysis is unchanged.
struct PickedFinding {
    size_t index = 0;
    model::FindingHead head;
};

// What a report leads with: the failures and warnings that decide the first failing stage, or,
// when no stage fails, the warnings. Failures first, suspected causes last (likeliest first),
// grouped by check in catalog order. Picked by their heads: nothing is decoded.
std::vector<PickedFinding> headline_findings(const model::Analysis& analysis);

// Findings per status, indexed by model::Status.
struct StatusCounts {
    std::array<size_t, 6> n{};
    size_t operator[](model::Status s) const { return n[static_cast<size_t>(s)]; }
    void add(model::Status s) { ++n[static_cast<size_t>(s)]; }
};
StatusCounts count_statuses(const model::FindingList& findings);

// Reports list statuses in this order: the worst first.
inline constexpr model::Status kStatusOrder[] = {model::Status::fail,   model::Status::warn,
                                                 model::Status::pass,   model::Status::unknown,
                                                 model::Status::manual, model::Status::skipped};

}  // namespace amtdiag::report
