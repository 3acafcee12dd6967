#pragma once
// Stage verdicts from findings. Verification is cumulative: a stage fails when a finding whose
// verdict stage it is fails; it passes when one of its verification checks passes (or a later
// stage that implies it passes); the first failing stage is where the engineer should work.
#include <optional>
#include <vector>

#include "analyzer/engine/catalog.h"
#include "analyzer/model/analysis.h"

namespace amtdiag::engine {

// Fills device.stages / first_failing_stage for every device, and the overall stages.
void compute_stage_verdicts(const Catalog& catalog, model::Analysis& analysis);

}  // namespace amtdiag::engine
