#include "parsers/cmlog/format_detect.h"

#include <cstdint>

#include "parsers/cmlog/ccm_record.h"
#include "parsers/cmlog/component_counter.h"
#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/sms_trace_record.h"
#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/viewer_record.h"

namespace amtdiag::parsers::cmlog::detail {

LogFormat dominant_format(const uint64_t (&counts)[4]) {
    // Ties go to the more specific grammar: ccm, then sms-trace, then viewer-copy.
    LogFormat best = LogFormat::bare;
    uint64_t best_count = 0;
    for (const LogFormat f : {LogFormat::ccm, LogFormat::sms_trace, LogFormat::viewer_copy}) {
        const uint64_t n = counts[static_cast<std::size_t>(f)];
        if (n > best_count) {
            best = f;
            best_count = n;
        }
    }
    return best;
}

LogFormat detect_format(std::string_view text, Encoding encoding, std::string* component,
                        HeadStructure* structure) {
    std::string decoded;
    if (is_wide(encoding)) {
        append_utf16le_as_utf8(text.substr(0, text.size() & ~std::size_t{1}), decoded);
        text = decoded;
    }
    uint64_t counts[4] = {};
    HeadStructure st;
    ComponentCounter components;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = pos;
        while (eol < text.size() && text[eol] != '\n' && text[eol] != '\r') ++eol;
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (is_blank(line)) continue;
        ++st.text_lines;
        SmsTrailer trailer;
        model::LogTime time;
        ViewerLine viewer;
        const std::size_t open = line.find(kCcmOpen);
        const std::size_t close = line.find(kCcmClose);
        if (open != npos || close != npos) {
            ++counts[static_cast<std::size_t>(LogFormat::ccm)];  // a damaged opener too
            const std::size_t attrs = close == npos ? npos : close + kCcmClose.size();
            if (attrs != npos && ccm_attributes_end(line, attrs) != npos) {
                ++st.record_lines;
                components.add(parse_ccm_attributes(line.substr(attrs)).component);
            } else {
                ++st.marker_lines;
            }
            continue;
        }
        switch (find_sms_trailer(line, 0, trailer, time)) {
            case TrailerKind::good:
                ++counts[static_cast<std::size_t>(LogFormat::sms_trace)];
                ++st.record_lines;
                components.add(trailer.component);
                continue;
            case TrailerKind::damaged:
                ++counts[static_cast<std::size_t>(LogFormat::sms_trace)];
                ++st.marker_lines;
                continue;
            case TrailerKind::none:
                break;
        }
        if (parse_viewer_line(line, viewer)) {
            ++counts[static_cast<std::size_t>(LogFormat::viewer_copy)];
            ++st.record_lines;
            components.add(viewer.component);
        }
    }
    if (component != nullptr) *component = components.dominant();
    if (structure != nullptr) *structure = st;
    return dominant_format(counts);
}

}  // namespace amtdiag::parsers::cmlog::detail
