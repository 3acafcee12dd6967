#include "parsers/cmlog/sms_trace_record.h"

#include <algorithm>

#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t kMaxComponent = 128;

// Parses the trailer whose "$$<" starts at `at`; false if it is not a trailer.
bool parse_trailer_at(std::string_view s, std::size_t at, SmsTrailer& out, model::LogTime& time,
                      DayCache* days) {
    const std::size_t comp_begin = at + 3;
    std::size_t i = comp_begin;
    // Component: up to "><" (it may contain spaces, e.g. "Configuration Manager Setup"). A '<'
    // first means this "$$<" was text inside a message.
    const std::size_t limit = std::min(s.size(), comp_begin + kMaxComponent);
    i = find_either(s, i, limit, '>', '<');
    if (i >= limit || s[i] != '>' || !expect(s, i + 1, '<')) return false;
    out.component = s.substr(comp_begin, i - comp_begin);
    Date date;
    Clock clock;
    constexpr std::size_t kStampSize = 23;  // "MM-DD-YYYY HH:MM:SS.mmm"
    if (s.size() - (i + 2) > kStampSize && parse_fixed_stamp(s.data() + i + 2, date, clock)) {
        i += 2 + kStampSize;
        if (s[i] == '+' || s[i] == '-') {
            const bool negative = s[i] == '-';
            uint32_t bias = 0;
            i = read_uint(s, i + 1, 3, bias);
            if (i == npos) return false;
            clock.has_bias = true;
            clock.bias_minutes = negative ? -static_cast<int>(bias) : static_cast<int>(bias);
        }
    } else {  // unpadded or otherwise unusual stamp
        i = parse_date(s, i + 2, '-', date);
        if (i == npos || !expect(s, i, ' ')) return false;
        i = parse_clock(s, i + 1, true, clock);
        if (i == npos) return false;
    }
    if (!starts_with_at(s, i, "><thread=")) return false;
    i += 9;
    uint32_t thread = 0;
    i = read_uint(s, i, 10, thread);
    if (i == npos) return false;
    if (starts_with_at(s, i, " (0x")) {  // the hex copy of the id is informative only
        i += 4;
        const std::size_t hex_begin = i;
        while (i < s.size() && (is_digit(s[i]) || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))) {
            ++i;
        }
        if (i == hex_begin || !expect(s, i, ')')) return false;
        ++i;
    }
    if (!expect(s, i, '>')) return false;
    out.end = i + 1;
    out.message_end = at;
    set_time(date, clock, days, time);
    out.thread = thread;
    return true;
}

}  // namespace

bool find_sms_trailer(std::string_view line, std::size_t from, SmsTrailer& out,
                      model::LogTime& time, DayCache* days) {
    // Usually the first "$$" is the trailer: its scan also yields the message's severity.
    const MessageScan scan = scan_message(line, from);
    std::size_t at = scan.dollars;
    while (at != npos) {
        if (expect(line, at + 2, '<') && parse_trailer_at(line, at, out, time, days)) {
            out.severity =
                at == scan.dollars ? scan.severity : keyword_severity(line.substr(from, at - from));
            return true;
        }
        at = find_double_dollar(line, at + 1);
    }
    return false;
}

}  // namespace amtdiag::parsers::cmlog::detail
