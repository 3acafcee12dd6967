#pragma once
// Text from artifacts on its way to a terminal. Logs, certificate subjects and file names are
// written by whoever made them: an ESC sequence in a log message could retitle the window,
// hide lines or fake colours; a right-to-left override could reorder what the engineer reads.
// Every such character is shown as a visible escape instead; colour codes are ours alone.
#include <string>
#include <string_view>

namespace amtdiag::report {

// C0 controls except tab (\n, \r, \e and \xNN), DEL, C1 controls, Unicode bidi controls
// (\u202E ...) and bytes that are not UTF-8 (\xNN) become visible escapes; a backslash stays
// as it is. Everything else is kept.
std::string safe_text(std::string_view text);

}  // namespace amtdiag::report
