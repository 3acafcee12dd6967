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

LogFormat detect_format(std::string_view text, Encoding encoding, std::string* component) {
    std::string decoded;
    if (encoding == Encoding::utf16le || encoding == Encoding::utf16le_bom) {
        append_utf16le_as_utf8(text.substr(0, text.size() & ~std::size_t{1}), decoded);
        text = decoded;
    }
    uint64_t counts[4] = {};
    ComponentCounter components;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == npos) eol = text.size();
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        SmsTrailer trailer;
        model::LogTime time;
        ViewerLine viewer;
        if (const std::size_t open = line.find(kCcmOpen); open != npos) {
            ++counts[static_cast<std::size_t>(LogFormat::ccm)];
            const std::size_t close = line.find(kCcmClose, open);
            if (close != npos) {
                components.add(
                    parse_ccm_attributes(line.substr(close + kCcmClose.size())).component);
            }
        } else if (find_sms_trailer(line, 0, trailer, time)) {
            ++counts[static_cast<std::size_t>(LogFormat::sms_trace)];
            components.add(trailer.component);
        } else if (parse_viewer_line(line, viewer)) {
            ++counts[static_cast<std::size_t>(LogFormat::viewer_copy)];
            components.add(viewer.component);
        }
    }
    if (component != nullptr) *component = components.dominant();
    return dominant_format(counts);
}

}  // namespace amtdiag::parsers::cmlog::detail
