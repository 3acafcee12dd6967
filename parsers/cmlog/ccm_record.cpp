#include "parsers/cmlog/ccm_record.h"

#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {

std::size_t ccm_attributes_end(std::string_view text, std::size_t from) {
    std::size_t i = from;
    bool quoted = false;
    for (;;) {
        i = find_either(text, i, text.size(), '"', '>');
        if (i >= text.size()) return npos;
        if (text[i] == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            return i + 1;
        }
        ++i;
    }
}

namespace {

bool opener_char(char c) {
    return c == '<' || c == '!' || c == '[' || c == ' ';
}

// "LOG[" at `log` (found by a search) preceded by opener characters back to `floor`: the
// opener's start, or npos. At most four of them, and a '!' or '<' among them.
std::size_t opener_start(std::string_view text, std::size_t log, std::size_t floor) {
    std::size_t k = log;
    bool marked = false;
    while (k > floor && log - k < 4 && opener_char(text[k - 1])) {
        --k;
        marked = marked || text[k] == '!' || text[k] == '<';
    }
    while (k < log && text[k] == ' ') ++k;  // blanks before the opener are not part of it
    return marked ? k : npos;
}

}  // namespace

CcmOpener find_ccm_opener(std::string_view text, std::size_t from) {
    CcmOpener out;
    if (const std::size_t exact = text.find(kCcmOpen, from); exact != npos) {
        // A damaged opener before the exact one still comes first.
        const CcmOpener before = find_ccm_opener(text.substr(0, exact), from);
        if (before.found()) return before;
        out.at = exact;
        out.message_begin = exact + kCcmOpen.size();
        return out;
    }
    for (std::size_t log = text.find("LOG[", from); log != npos; log = text.find("LOG[", log + 1)) {
        if (log >= 1 && text[log - 1] == ']') continue;  // "]LOG[" is no opener
        const std::size_t start = opener_start(text, log, from);
        if (start == npos) continue;
        out.at = start;
        out.message_begin = log + 4;
        out.damaged = true;
        return out;
    }
    return out;
}

CcmOpener ccm_opener_at_start(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || !opener_char(text[i]) || text[i] == '[') return {};
    if (starts_with_at(text, i, kCcmOpen)) return {i, i + kCcmOpen.size(), false};
    // Damaged: up to four opener characters, then "LOG[".
    std::size_t k = i;
    while (k < text.size() && k - i < 4 && opener_char(text[k])) ++k;
    if (!starts_with_at(text, k, "LOG[")) return {};
    return {i, k + 4, true};
}

CcmAttributes parse_ccm_attributes(std::string_view attrs) {
    CcmAttributes out;
    std::string_view time_text, date_text;
    std::size_t i = 0;
    while (i < attrs.size()) {
        while (i < attrs.size() && (is_space(attrs[i]) || attrs[i] == '>')) ++i;
        const std::size_t name_begin = i;
        while (i < attrs.size() && attrs[i] != '=' && !is_space(attrs[i])) ++i;
        const std::string_view name = attrs.substr(name_begin, i - name_begin);
        if (!expect(attrs, i, '=') || !expect(attrs, i + 1, '"')) {
            if (i == name_begin) ++i;  // stray character: make progress
            continue;
        }
        const std::size_t value_begin = i + 2;
        std::size_t value_end = attrs.find('"', value_begin);
        if (value_end == npos) value_end = attrs.size();
        const std::string_view value = attrs.substr(value_begin, value_end - value_begin);
        i = value_end + 1;
        if (name == "time") {
            time_text = value;
        } else if (name == "date") {
            date_text = value;
        } else if (name == "component") {
            out.component = value;
        } else if (name == "type") {
            if (value.size() == 1 && is_digit(value[0])) out.type = value[0] - '0';
        } else if (name == "thread") {
            uint32_t v = 0;
            const std::size_t end = read_uint(value, 0, 10, v);
            if (end != npos && end == value.size()) {
                out.thread = v;
                out.has_thread = true;
            }
        } else if (name == "file") {
            out.file = value;
        }
    }
    Date date;
    Clock clock;
    if (!time_text.empty() && !date_text.empty() &&
        parse_date(date_text, 0, '-', date) == date_text.size() &&
        parse_clock(time_text, 0, true, clock) == time_text.size()) {
        out.time = make_time(date, clock);
    }
    return out;
}

}  // namespace amtdiag::parsers::cmlog::detail
