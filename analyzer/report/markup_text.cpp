#include "analyzer/report/markup_text.h"

#include "analyzer/report/safe_text.h"

namespace amtdiag::report {

std::string markup_text(std::string_view text) {
    const std::string safe = safe_text(text);
    std::string out;
    out.reserve(safe.size() + safe.size() / 8);
    for (size_t i = 0; i < safe.size(); ++i) {
        const char c = safe[i];
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            case '\xEF':
                // U+FFFE and U+FFFF (EF BF BE/BF) are valid UTF-8 but no XML character.
                if (i + 2 < safe.size() && safe[i + 1] == '\xBF' &&
                    (safe[i + 2] == '\xBE' || safe[i + 2] == '\xBF')) {
                    out += safe[i + 2] == '\xBE' ? "\\uFFFE" : "\\uFFFF";
                    i += 2;
                    break;
                }
                out.push_back(c);
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string place(const model::SourceRef& ref) {
    std::string out = ref.artifact;
    if (ref.line) out += ":" + std::to_string(ref.line);
    if (ref.packet) out += " packet " + std::to_string(ref.packet);
    if (ref.item) out += " item " + std::to_string(ref.item);
    return out;
}

}  // namespace amtdiag::report
