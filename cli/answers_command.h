#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag answers template [--stage N] [-o FILE]`: the questions no file can answer, as a
// file to fill in and give to `amtdiag check --answers`.
int run_answers(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
