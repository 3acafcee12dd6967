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
    std::size_t message_end = 0;  // where the message before the trailer ends ("$$" position)
    std::size_t end = 0;          // index just after the trailer's final '>'
    std::string_view component;
    uint32_t thread = 0;
    bool has_thread = false;
    model::Severity severity = model::Severity::none;  // keyword rule over the message before it
};

enum class TrailerKind : uint8_t {
    none,
    good,
    // Cut or garbled ("msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:4", garbage inside
    // <...>): still the end of its record, so it never swallows the next one. Whatever could
    // be read (component, time, thread) is filled in; `time` is cleared otherwise.
    damaged,
};

// Finds the first trailer at or after `from`. The time goes straight into `time` (normally
// the record being built; see set_time); it may be overwritten even when none is found.
TrailerKind find_sms_trailer(std::string_view line, std::size_t from, SmsTrailer& out,
                             model::LogTime& time, DayCache* days = nullptr);

}  // namespace amtdiag::parsers::cmlog::detail
