#pragma once
// Writing a report where the user asked: standard output, or a file written beside its final
// name and renamed into place, so a failed write (a full disk) never leaves half a report or
// destroys the previous one. A report that could not be written is the run's failure (exit 2).
#include <functional>
#include <iosfwd>
#include <string>

namespace amtdiag::cli {

// `emit` writes the report into the stream it is given. `path` empty: standard output.
// False (after saying why on stderr, prefixed with `command`) when the report was not written.
bool write_report(const std::string& path, const std::function<void(std::ostream&)>& emit,
                  const std::string& command);

}  // namespace amtdiag::cli
