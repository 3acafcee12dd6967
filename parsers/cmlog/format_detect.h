#pragma once
// Which grammar dominates a file, judged from its head (§8 step 2).
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog::detail {

// How much a head looks like a ConfigMgr log (see Sniff).
struct HeadStructure {
    uint32_t record_lines = 0;  // lines holding or ending a complete record
    uint32_t marker_lines = 0;  // lines with ConfigMgr markers but no complete record
    uint32_t text_lines = 0;    // non-blank lines
};

// `text` is the head after the BOM, in `encoding`. Counts the lines of each grammar so that a
// few odd lines at the top do not decide; bare text wins only when nothing else is seen.
// `component` (optional) receives the most frequent component, `structure` the counts.
LogFormat detect_format(std::string_view text, Encoding encoding, std::string* component,
                        HeadStructure* structure = nullptr);

// The same choice from per-format record counts (indexed by LogFormat).
LogFormat dominant_format(const uint64_t (&counts)[4]);

}  // namespace amtdiag::parsers::cmlog::detail
