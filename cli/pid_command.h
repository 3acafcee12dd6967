#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag pid verify|generate`: one-touch PID/PPS pairs. PPS values are never printed.
int run_pid(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
