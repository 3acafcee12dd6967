// sniff_log / sniff_bytes: the cheap look used for artifact-kind detection.
#include <algorithm>
#include <string>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/head_check.h"
#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog {

std::string_view to_string(RecordStructure structure) {
    switch (structure) {
        case RecordStructure::none:
            return "none";
        case RecordStructure::markers:
            return "markers";
        case RecordStructure::records:
            return "records";
    }
    return "none";
}

Sniff sniff_bytes(std::string_view head) {
    Sniff sniff;
    head = head.substr(0, std::min(head.size(), kSniffBytes));
    const detail::HeadCheck check = detail::check_head(head);
    sniff.encoding = check.guess.encoding;
    if (check.verdict != detail::HeadVerdict::text) {
        sniff.is_empty = check.verdict == detail::HeadVerdict::empty;
        sniff.reason = check.reason;
        return sniff;
    }
    const std::string_view text = head.substr(std::min(check.guess.bom_size, head.size()));
    detail::HeadStructure st;
    sniff.format = detail::detect_format(text, check.guess.encoding, &sniff.component, &st);
    sniff.is_text = true;
    sniff.record_lines = st.record_lines;
    sniff.text_lines = st.text_lines;
    if (st.record_lines > 0) {
        sniff.structure = RecordStructure::records;
        sniff.confidence = static_cast<unsigned>(
            (uint64_t{st.record_lines} * 100 + st.text_lines / 2) / std::max(1u, st.text_lines));
        sniff.confidence = std::clamp(sniff.confidence, 1u, 100u);
    } else if (st.marker_lines > 0) {
        sniff.structure = RecordStructure::markers;
    }
    return sniff;
}

Sniff sniff_log(const std::filesystem::path& path) {
    const std::string name = path.string();
    detail::FileHandle file(name.c_str());
    if (!file.ok()) {
        Sniff sniff;
        sniff.reason = "cannot open: " + detail::errno_text(errno);
        return sniff;
    }
    std::string head(kSniffBytes, '\0');
    const ssize_t got = file.read_full(head.data(), head.size());
    if (got < 0) {
        Sniff sniff;
        sniff.reason = "cannot read: " + detail::errno_text(errno);
        return sniff;
    }
    head.resize(static_cast<std::size_t>(got));
    return sniff_bytes(head);
}

}  // namespace amtdiag::parsers::cmlog
