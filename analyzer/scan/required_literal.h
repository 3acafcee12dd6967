#pragma once
// The literal text a pattern cannot match without: the prefilter looks for it before any
// regex runs. Derived from the pattern itself so rule authors never keep two copies in sync.
#include <string>
#include <string_view>

namespace amtdiag::scan {

struct RequiredLiteral {
    std::string text;       // empty: the pattern has no usable literal (it always runs)
    bool at_start = false;  // the pattern begins with `text`, so a match starts where it is found
};

// Conservative: gives up (empty text) on top-level alternation, case-insensitive flags and
// anything it does not understand. Literals shorter than 4 bytes are not worth filtering on.
RequiredLiteral required_literal(std::string_view pattern);

}  // namespace amtdiag::scan
