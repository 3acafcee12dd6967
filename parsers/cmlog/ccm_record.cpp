#include "parsers/cmlog/ccm_record.h"

#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {

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
