#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag sim faults|knobs|run`: the embedded provisioning engine.
int run_sim(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
