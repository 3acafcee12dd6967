#pragma once
#include <string>

namespace amtdiag::cli {

// Colour when asked ("always"), or when "auto", stdout is a terminal and NO_COLOR is unset
// (https://no-color.org).
bool use_color(const std::string& mode, bool writing_to_stdout);

}  // namespace amtdiag::cli
