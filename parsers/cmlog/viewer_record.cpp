#include "parsers/cmlog/viewer_record.h"

#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t kMaxComponent = 64;

// Splits `s` at its last separator (tab or >= 2 spaces): `field` after it, `rest` before it.
// Without a separator the whole text is the field and `rest` is empty.
void split_last(std::string_view s, std::string_view& rest, std::string_view& field) {
    std::size_t i = s.size();
    while (i > 0) {
        const char c = s[i - 1];
        if (c == '\t' || (c == ' ' && i >= 2 && s[i - 2] == ' ')) break;
        --i;
    }
    field = s.substr(i);
    std::size_t j = i;
    while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t')) --j;
    rest = s.substr(0, j);
}

bool is_hex(char c) {
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

bool parse_thread(std::string_view f, uint32_t& thread) {
    std::size_t i = read_uint(f, 0, 10, thread);
    if (i == npos || !starts_with_at(f, i, " (0x")) return false;
    i += 4;
    const std::size_t hex_begin = i;
    while (i < f.size() && is_hex(f[i])) ++i;
    return i > hex_begin && i + 1 == f.size() && f[i] == ')';
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_alpha(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

bool looks_like_component(std::string_view f) {
    if (f.empty() || f.size() > kMaxComponent) return false;
    if (f.substr(0, 4) == "SMS_") {
        for (const char c : f.substr(4)) {
            if (!is_upper(c) && c != '_') return false;
        }
        return f.size() > 4;
    }
    // CCM components: TSManager, CcmExec, AppEnforce, SCClient, ... ; single inner spaces are
    // allowed ("Configuration Manager Setup").
    if (!is_alpha(f[0])) return false;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const char c = f[i];
        if (is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-') continue;
        if (c == ' ' && i + 1 < f.size() && f[i + 1] != ' ') continue;
        return false;
    }
    return true;
}

// "M/D/YYYY h:mm:ss[.fff][ AM|PM]"
bool parse_viewer_time(std::string_view f, model::LogTime& out) {
    Date date;
    Clock clock;
    std::size_t i = parse_date(f, 0, '/', date);
    if (i == npos || !expect(f, i, ' ')) return false;
    i = parse_clock(f, i + 1, false, clock);
    if (i == npos) return false;
    if (i < f.size()) {
        if (f.size() - i != 3 || f[i] != ' ') return false;
        const char a = static_cast<char>(f[i + 1] | 0x20);
        if ((a != 'a' && a != 'p') || (f[i + 2] | 0x20) != 'm') return false;
        if (clock.hour < 1 || clock.hour > 12) return false;
        if (clock.hour == 12) clock.hour = 0;  // 12 AM is midnight, 12 PM noon
        if (a == 'p') clock.hour += 12;
    }
    out = make_time(date, clock);
    return out.has_time || !out.valid;  // an impossible date is still a viewer line
}

}  // namespace

bool parse_viewer_line(std::string_view line, ViewerLine& out) {
    const std::string_view s = trim_right(line);
    if (s.empty() || s.back() != ')') return false;  // cheap reject for ordinary text
    std::string_view rest, field;
    split_last(s, rest, field);
    if (rest.empty() || !parse_thread(field, out.thread)) return false;
    split_last(rest, rest, field);
    if (rest.empty() || !parse_viewer_time(field, out.time)) return false;
    split_last(rest, rest, field);
    if (!looks_like_component(field)) return false;
    out.component = field;
    out.message = rest;
    return true;
}

}  // namespace amtdiag::parsers::cmlog::detail
