#include "cli/terminal.h"

#include <cstdlib>

#include <unistd.h>

namespace amtdiag::cli {

bool use_color(const std::string& mode, bool writing_to_stdout) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return writing_to_stdout && isatty(STDOUT_FILENO) != 0;
}

}  // namespace amtdiag::cli
