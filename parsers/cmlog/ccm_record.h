#pragma once
// CCM format: <![LOG[message]LOG]!><time="..." date="..." component="..." ... > (§1.1).
#include <cstdint>
#include <string_view>

#include "analyzer/model/log_time.h"

namespace amtdiag::parsers::cmlog::detail {

inline constexpr std::string_view kCcmOpen = "<![LOG[";
inline constexpr std::string_view kCcmClose = "]LOG]!><";

struct CcmAttributes {
    std::string_view component;
    std::string_view file;
    model::LogTime time;
    uint32_t thread = 0;
    bool has_thread = false;
    int type = -1;  // -1: absent or not a single digit
};

// `attrs` is the text after "]LOG]!><" (the closing '>' may be present or not). Attributes are
// read by name, in any order; unknown ones are skipped, a cut-off value is taken as far as it
// goes.
CcmAttributes parse_ccm_attributes(std::string_view attrs);

}  // namespace amtdiag::parsers::cmlog::detail
