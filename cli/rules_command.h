#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag rules list|lint|test [--rules DIR]...`
int run_rules(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
