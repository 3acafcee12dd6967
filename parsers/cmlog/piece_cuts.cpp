#include "parsers/cmlog/piece_cuts.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/head_check.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

// How far past a nominal offset a record end is looked for, and how much of the line before a
// candidate is looked at.
constexpr uint64_t kSearchBytes = uint64_t{1} << 20;
constexpr std::size_t kLineBack = 512;

// `text` holds one byte per unit (UTF-16 units outside ASCII as 0x01); `nl` is a line feed.
bool ends_a_record(std::string_view text, std::size_t nl, LogFormat hint) {
    std::size_t end = nl;
    if (end > 0 && text[end - 1] == '\r') --end;
    switch (hint) {
        case LogFormat::sms_trace: {
            // The trailer "  $$<component><time><thread=...>" closes the record.
            if (end == 0 || text[end - 1] != '>') return false;
            const std::size_t from = end > kLineBack ? end - kLineBack : 0;
            const std::string_view line = text.substr(from, end - from);
            const std::size_t trailer = line.rfind("$$<");
            return trailer != std::string_view::npos &&
                   line.find('\n', trailer) == std::string_view::npos;
        }
        case LogFormat::ccm:
            // `... file="x.cpp:12">` and the next record's opener on the next line.
            return end >= 2 && text[end - 1] == '>' && text[end - 2] == '"' &&
                   text.substr(nl + 1).substr(0, 7) == "<![LOG[";
        case LogFormat::viewer_copy:
        case LogFormat::bare:
            break;
    }
    return true;  // one record per line
}

// The first cut at or after `from`, or 0.
uint64_t find_cut(PositionalBytes& bytes, const FileLayout& layout, uint64_t from, std::string& raw,
                  std::string& narrow) {
    const uint64_t unit = layout.wide ? 2 : 1;
    const uint64_t size = bytes.size();
    uint64_t lo =
        std::max(layout.text_begin, from > kLineBack * unit ? from - kLineBack * unit : 0);
    lo = layout.text_begin + ((lo - layout.text_begin) & ~(unit - 1));
    const uint64_t hi = std::min(size, from + kSearchBytes + 8 * unit);
    if (hi <= lo) return 0;
    raw.resize(static_cast<std::size_t>(hi - lo));
    const std::ptrdiff_t got = bytes.read_at(raw.data(), raw.size(), lo);
    if (got <= 0) return 0;
    raw.resize(static_cast<std::size_t>(got));
    std::string_view text = raw;
    if (layout.wide) {
        narrow.resize(raw.size() / 2);
        for (std::size_t i = 0; i < narrow.size(); ++i)
            narrow[i] = raw[2 * i + 1] == '\0' ? raw[2 * i] : '\x01';
        text = narrow;
    }
    std::size_t i = static_cast<std::size_t>((std::max(from, lo) - lo + unit - 1) / unit);
    while (i < text.size()) {
        const void* hit = std::memchr(text.data() + i, '\n', text.size() - i);
        if (hit == nullptr) break;
        const auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
        const uint64_t cut = lo + (nl + 1) * unit;
        if (cut >= size) break;
        if (ends_a_record(text, nl, layout.hint)) return cut;
        i = nl + 1;
    }
    return 0;
}

}  // namespace

std::optional<FileLayout> file_layout(std::string_view head) {
    const HeadCheck check = check_head(head);
    if (check.verdict != HeadVerdict::text) return std::nullopt;
    FileLayout layout;
    layout.wide = is_wide(check.guess.encoding);
    layout.text_begin = std::min<uint64_t>(check.guess.bom_size, head.size());
    layout.hint = detect_format(head.substr(static_cast<std::size_t>(layout.text_begin)),
                                check.guess.encoding, nullptr);
    return layout;
}

std::vector<uint64_t> choose_cuts(PositionalBytes& bytes, const FileLayout& layout,
                                  uint64_t piece_bytes, bool anywhere) {
    std::vector<uint64_t> starts{0};
    std::string raw, narrow;
    const uint64_t size = bytes.size();
    for (uint64_t nominal = piece_bytes; nominal < size; nominal += piece_bytes) {
        const uint64_t from = std::max(nominal, starts.back() + 1);
        const uint64_t cut = anywhere ? from : find_cut(bytes, layout, from, raw, narrow);
        if (cut > starts.back() && cut < size) starts.push_back(cut);
    }
    return starts;
}

}  // namespace amtdiag::parsers::cmlog::detail
