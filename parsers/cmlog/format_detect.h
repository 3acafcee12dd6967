#pragma once
// Which grammar dominates a file, judged from its head (§8 step 2).
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog::detail {

// `text` is the head after the BOM, in `encoding`. Counts the lines of each grammar so that a
// few odd lines at the top do not decide; bare text wins only when nothing else is seen.
// `component` (optional) receives the most frequent component.
LogFormat detect_format(std::string_view text, Encoding encoding, std::string* component);

// The same choice from per-format record counts (indexed by LogFormat).
LogFormat dominant_format(const uint64_t (&counts)[4]);

}  // namespace amtdiag::parsers::cmlog::detail
