#include "gui/logview/raw_search.h"

namespace amtdiag::gui::logview {

namespace {

inline char fold(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

std::string widen(std::string_view ascii) {
    std::string out;
    out.reserve(ascii.size() * 2);
    for (const char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

// First occurrence of any marker, in the record's encoding; npos if none.
size_t first_marker(std::string_view raw, std::string_view marker) {
    return raw.find(marker);
}

}  // namespace

RawNeedle::RawNeedle(std::string_view utf8, bool wide) : wide_(wide) {
    std::string folded;
    folded.reserve(utf8.size());
    for (const char c : utf8) folded += fold(c);
    // UTF-16LE: ASCII characters are the byte then a zero; other characters are looked for in
    // the UTF-16 form of their UTF-8 bytes only when they are ASCII, so non-ASCII needles in
    // UTF-16 logs match through the decoded text instead (LogModel::find falls back to it).
    folded_ = wide ? widen(folded) : folded;
}

bool RawNeedle::found_in(std::string_view haystack) const {
    const size_t n = folded_.size();
    if (n == 0) return true;
    if (haystack.size() < n) return false;
    const char first = folded_[0];
    const char* p = haystack.data();
    const size_t last = haystack.size() - n;
    const size_t step = wide_ ? 2 : 1;  // UTF-16: matches start on a code unit boundary
    for (size_t at = 0; at <= last; at += step) {
        if (fold(p[at]) != first) continue;
        size_t i = 1;
        while (i < n && fold(p[at + i]) == folded_[i]) ++i;
        if (i == n) return true;
    }
    return false;
}

std::string_view message_part(std::string_view raw, bool wide) {
    static const std::string ccm = "]LOG]!><", sms = "$$<";
    static const std::string ccm_w = widen(ccm), sms_w = widen(sms), tab_w = widen("\t");
    size_t end = first_marker(raw, wide ? ccm_w : ccm);
    if (end == std::string_view::npos) end = first_marker(raw, wide ? sms_w : sms);
    if (end == std::string_view::npos) end = first_marker(raw, wide ? tab_w : "\t");
    return end == std::string_view::npos ? raw : raw.substr(0, end);
}

}  // namespace amtdiag::gui::logview
