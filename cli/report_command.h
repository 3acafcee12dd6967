#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag report --from FILE [--format F] [-o OUT]`: renders a saved report (JSON, or an HTML
// report's embedded JSON) in any format. Returns 0 when written, 2 when the file is not a
// report or the output cannot be written: rendering is not judging, the verdict is the
// report's own (its recorded exit code).
int run_report(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
