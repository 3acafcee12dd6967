#pragma once
// SMS trace ("simple") format: message  $$<Component><MM-DD-YYYY HH:MM:SS.mmm+BIAS><thread=N
// (0xHEX)> (§1.2). Several trailers can sit on one physical line (records glued together).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {

struct SmsTrailer {
    std::size_t message_end = 0;  // where the message before the trailer ends ("$$<" position)
    std::size_t end = 0;          // index just after the trailer's final '>'
    std::string_view component;
    uint32_t thread = 0;
    model::Severity severity = model::Severity::none;  // keyword rule over the message before it
};

// Finds the first well-formed trailer at or after `from`; false when there is none. The time
// goes straight into `time` (normally the record being built; see set_time). `time` may be
// overwritten even when false is returned.
bool find_sms_trailer(std::string_view line, std::size_t from, SmsTrailer& out,
                      model::LogTime& time, DayCache* days = nullptr);

}  // namespace amtdiag::parsers::cmlog::detail
