#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag check PATH...`. Returns the process exit code: 0 no failed check, 1 a failed check
// (or a warning with --fail-on warn), 2 usage error or nothing readable. A run that wrote its
// report does not return: it flushes the streams and ends the process with that code
// (std::exit), leaving the analysis for the kernel to take back instead of freeing it.
// `argv`: the process's own, for re-executing it with glibc heap tunables (cli/heap_tunables.h);
// nullptr: never.
int run_check(const std::vector<std::string>& args, char** argv = nullptr);

}  // namespace amtdiag::cli
