#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag check PATH...`. Returns the process exit code: 0 no failed check, 1 a failed check
// (or a warning with --fail-on warn), 2 usage error or nothing readable.
int run_check(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
