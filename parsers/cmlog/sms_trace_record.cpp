#include "parsers/cmlog/sms_trace_record.h"

#include <algorithm>

#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t kMaxComponent = 128;
// A damaged trailer is never taken to reach further than this (a whole trailer is ~90 bytes).
constexpr std::size_t kMaxDamagedTrailer = 256;

// Parses the trailer whose "$$<" starts at `at`; false if it is not a trailer.
// Inlined into both callers: it is the hot path of every SMS trace line.
[[gnu::always_inline]] inline bool parse_trailer_at(std::string_view s, std::size_t at,
                                                    SmsTrailer& out, model::LogTime& time,
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
    out.has_thread = true;
    return true;
}

// How far a damaged trailer reaches: through its chain of <...> groups, or to the end of the
// line when it was cut there.
std::size_t damaged_trailer_end(std::string_view s, std::size_t at) {
    const std::size_t limit = std::min(s.size(), at + kMaxDamagedTrailer);
    std::size_t last_gt = npos;
    for (std::size_t k = at + 3; k < limit; ++k) {
        if (s[k] != '>') continue;
        last_gt = k;
        if (k + 1 >= s.size() || s[k + 1] != '<') return k + 1;
    }
    if (limit == s.size()) return s.size();
    return last_gt != npos ? last_gt + 1 : at + 3;
}

// "$$" at `at` starts a trailer that did not parse. It is one when the writer's two spaces
// precede it ("  $$<", or "  $$" cut at the end of the line), when a "$$<component><" shape
// follows it, or when it opens the segment. "price $$< 5" is text.
bool looks_like_trailer(std::string_view s, std::size_t from, std::size_t at) {
    const bool lt = expect(s, at + 2, '<');
    const bool spaced = at >= from + 2 && s[at - 1] == ' ' && s[at - 2] == ' ';
    if (spaced && (lt || at + 2 == s.size())) return true;
    if (!lt) return false;
    if (at == from) return true;
    const std::size_t limit = std::min(s.size(), at + 3 + kMaxComponent);
    const std::size_t i = find_either(s, at + 3, limit, '>', '<');
    return i < limit && s[i] == '>' && expect(s, i + 1, '<');
}

// Fills what can be read from a damaged trailer starting at `at`.
void salvage_trailer(std::string_view s, std::size_t at, SmsTrailer& out, model::LogTime& time,
                     DayCache* days) {
    out.message_end = at;
    out.end = damaged_trailer_end(s, at);
    out.component = {};
    out.thread = 0;
    out.has_thread = false;
    time = model::LogTime{};
    const std::string_view t = s.substr(0, out.end);
    const std::size_t comp_begin = at + 3;
    if (comp_begin > t.size()) return;
    const std::size_t limit = std::min(t.size(), comp_begin + kMaxComponent);
    const std::size_t gt = find_either(t, comp_begin, limit, '>', '<');
    if (gt >= limit || t[gt] != '>') return;
    out.component = t.substr(comp_begin, gt - comp_begin);
    if (expect(t, gt + 1, '<')) {
        Date date;
        Clock clock;
        std::size_t i = parse_date(t, gt + 2, '-', date);
        if (i != npos && expect(t, i, ' ')) i = parse_clock(t, i + 1, true, clock);
        if (i != npos && i != gt + 2) set_time(date, clock, days, time);
    }
    if (const std::size_t th = t.find("<thread=", gt); th != npos) {
        uint32_t thread = 0;
        if (read_uint(t, th + 8, 10, thread) != npos) {
            out.thread = thread;
            out.has_thread = true;
        }
    }
}

// The slow path: the first "$$" was not a good trailer. Later ones may be; a damaged trailer
// ends the record. Kept out of line so the common case stays small.
[[gnu::noinline]] TrailerKind find_after_first(std::string_view line, std::size_t from,
                                               const MessageScan& scan, SmsTrailer& out,
                                               model::LogTime& time, DayCache* days) {
    std::size_t at = scan.dollars;
    while (at != npos) {
        const bool good = expect(line, at + 2, '<') && parse_trailer_at(line, at, out, time, days);
        if (good || looks_like_trailer(line, from, at)) {
            if (!good) salvage_trailer(line, at, out, time, days);
            out.severity =
                at == scan.dollars ? scan.severity : keyword_severity(line.substr(from, at - from));
            return good ? TrailerKind::good : TrailerKind::damaged;
        }
        at = find_double_dollar(line, at + 1);
    }
    // Cut right after the first '$' of "  $$<".
    if (line.size() >= from + 3 && line.substr(line.size() - 3) == "  $") {
        salvage_trailer(line, line.size() - 1, out, time, days);
        out.severity = keyword_severity(line.substr(from, out.message_end - from));
        return TrailerKind::damaged;
    }
    return TrailerKind::none;
}

}  // namespace

TrailerKind find_sms_trailer(std::string_view line, std::size_t from, SmsTrailer& out,
                             model::LogTime& time, DayCache* days) {
    // Usually the first "$$" is the trailer: its scan also yields the message's severity.
    const MessageScan scan = scan_message(line, from);
    const std::size_t at = scan.dollars;
    if (at != npos && expect(line, at + 2, '<') && parse_trailer_at(line, at, out, time, days)) {
        out.severity = scan.severity;
        return TrailerKind::good;
    }
    if (at == npos && !(line.size() >= from + 3 && line[line.size() - 1] == '$')) {
        return TrailerKind::none;  // no "$$" and no cut "  $": plain text
    }
    return find_after_first(line, from, scan, out, time, days);
}

}  // namespace amtdiag::parsers::cmlog::detail
