#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag explain CODE [--family F]`: what an error code in a log line means.
int run_explain(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
