#pragma once
// Lines copied out of Trace32/CMTrace: message, component, date/time, thread, separated by a
// tab or a run of >= 2 spaces (§1.3).
#include <cstdint>
#include <string_view>

#include "analyzer/model/log_time.h"

namespace amtdiag::parsers::cmlog::detail {

struct ViewerLine {
    std::string_view message;
    std::string_view component;
    model::LogTime time;  // viewer locale wall clock, seconds precision, no bias
    uint32_t thread = 0;
};

// True only when the last field is "N (0xHEX)", the one before a US date/time and the one
// before that a component name (SMS_[A-Z_]+ or a CCM-style name).
bool parse_viewer_line(std::string_view line, ViewerLine& out);

}  // namespace amtdiag::parsers::cmlog::detail
