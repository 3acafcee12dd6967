#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag listen`: accept device hellos on TCP 9971, print one line each, record them.
int run_listen(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
