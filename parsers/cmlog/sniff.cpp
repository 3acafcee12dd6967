// sniff_log / sniff_bytes: the cheap look used for artifact-kind detection.
#include <algorithm>
#include <string>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog {

Sniff sniff_bytes(std::string_view head) {
    Sniff sniff;
    head = head.substr(0, std::min(head.size(), kSniffBytes));
    if (head.empty()) {
        sniff.reason = "empty file";
        return sniff;
    }
    const detail::EncodingGuess guess = detail::detect_encoding(head);
    sniff.encoding = guess.encoding;
    const std::string_view text = head.substr(std::min(guess.bom_size, head.size()));
    if (text.empty()) {
        sniff.reason = "empty file (byte order mark only)";
        return sniff;
    }
    if (const std::size_t bad = detail::binary_offset(text, guess.encoding);
        bad != std::string_view::npos) {
        sniff.reason =
            "binary data at byte " + std::to_string(bad + guess.bom_size) + ", not a text log";
        return sniff;
    }
    sniff.format = detail::detect_format(text, guess.encoding, &sniff.component);
    sniff.is_text = true;
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
