#include "parsers/cert/pem.h"

#include <array>

namespace amtdiag::parsers::cert::detail {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The label of a "-----BEGIN X-----" / "-----END X-----" line, or "" when it is not one.
std::string_view armour_label(std::string_view line, std::string_view marker) {
    line = trim(line);
    if (line.size() < marker.size() + kDashes.size() || line.substr(0, marker.size()) != marker ||
        line.substr(line.size() - kDashes.size()) != kDashes)
        return {};
    return line.substr(marker.size(), line.size() - marker.size() - kDashes.size());
}

constexpr std::array<signed char, 256> make_base64_table() {
    std::array<signed char, 256> t{};
    for (auto& v : t) v = -1;
    constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    return t;
}
constexpr auto kBase64 = make_base64_table();

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// One line of text at a time, with its 1-based number.
class Lines {
  public:
    explicit Lines(std::string_view text) : text_(text) {}
    bool next(std::string_view& line, std::size_t& start) {
        if (pos_ >= text_.size()) return false;
        start = pos_;
        const std::size_t end = text_.find('\n', pos_);
        const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
        line = text_.substr(pos_, stop - pos_);
        pos_ = end == std::string_view::npos ? text_.size() : end + 1;
        ++number_;
        return true;
    }
    std::uint64_t number() const { return number_; }
    std::size_t pos() const { return pos_; }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::uint64_t number_ = 0;
};

}  // namespace

bool decode_base64(std::string_view text, std::string& out, std::size_t& bad_at) {
    out.clear();
    out.reserve(text.size() / 4 * 3);
    std::uint32_t quantum = 0;
    int filled = 0;
    int padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_space(c)) continue;
        if (c == '=') {
            // Padding completes the last quantum: one '=' after 3 symbols or two after 2.
            if (filled + padding < 2) {
                bad_at = i;
                return false;
            }
            ++padding;
            if (filled + padding > 4) {
                bad_at = i;
                return false;
            }
            continue;
        }
        const signed char v = kBase64[static_cast<unsigned char>(c)];
        if (v < 0 || padding > 0) {
            bad_at = i;
            return false;
        }
        quantum = (quantum << 6) | static_cast<std::uint32_t>(v);
        if (++filled == 4) {
            out += static_cast<char>((quantum >> 16) & 0xFF);
            out += static_cast<char>((quantum >> 8) & 0xFF);
            out += static_cast<char>(quantum & 0xFF);
            quantum = 0;
            filled = 0;
        }
    }
    if (padding > 0 && filled + padding != 4) {
        bad_at = text.size();
        return false;
    }
    // Unpadded endings are accepted (some tools omit '='); a lone symbol carries no byte.
    if (filled == 1) {
        bad_at = text.size();
        return false;
    }
    if (filled == 2) out += static_cast<char>((quantum >> 4) & 0xFF);
    if (filled == 3) {
        out += static_cast<char>((quantum >> 10) & 0xFF);
        out += static_cast<char>((quantum >> 2) & 0xFF);
    }
    return true;
}

bool has_pem_begin(std::string_view text) {
    for (std::size_t at = text.find(kBegin); at != std::string_view::npos;
         at = text.find(kBegin, at + 1)) {
        std::size_t line_start = at;
        while (line_start > 0 && (text[line_start - 1] == ' ' || text[line_start - 1] == '\t'))
            --line_start;
        if (line_start == 0 || text[line_start - 1] == '\n') return true;
    }
    return false;
}

std::vector<PemBlock> scan_pem(std::string_view text, std::size_t max_blocks) {
    std::vector<PemBlock> blocks;
    Lines lines(text);
    std::string_view line;
    std::size_t start = 0;
    bool pending = lines.next(line, start);
    while (pending && blocks.size() < max_blocks) {
        const std::string_view label = armour_label(line, kBegin);
        if (label.empty()) {
            pending = lines.next(line, start);
            continue;
        }
        PemBlock block;
        block.label = std::string(label);
        block.line = lines.number();
        const std::size_t block_start = start;
        std::string body;
        // Where each body line starts in `body`, to name the line of a bad character.
        std::vector<std::pair<std::size_t, std::uint64_t>> line_starts;
        bool in_headers = true;
        bool ended = false;
        pending = false;
        while (lines.next(line, start)) {
            const std::string_view end_label = armour_label(line, kEnd);
            if (!end_label.empty()) {
                if (end_label != label) block.problem = "its END line names another type";
                block.armoured = text.substr(block_start, lines.pos() - block_start);
                ended = true;
                break;
            }
            if (!armour_label(line, kBegin).empty()) {
                pending = true;  // the next block starts before this one ended
                break;
            }
            const std::string_view content = trim(line);
            // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") come first, then an empty line.
            if (in_headers && content.find(':') != std::string_view::npos) {
                block.has_headers = true;
                continue;
            }
            if (in_headers && block.has_headers && content.empty()) continue;
            in_headers = false;
            line_starts.emplace_back(body.size(), lines.number());
            body.append(content);
            body += '\n';
        }
        if (!ended) {
            block.problem = pending ? "no END line before the next BEGIN line" : "no END line";
            block.armoured = text.substr(block_start, lines.pos() - block_start);
        } else if (block.problem.empty()) {
            std::size_t bad_at = 0;
            if (!decode_base64(body, block.der, bad_at)) {
                std::uint64_t bad_line = block.line + 1;
                for (const auto& [offset, number] : line_starts)
                    if (offset <= bad_at) bad_line = number;
                if (bad_at >= body.size() && !line_starts.empty())
                    bad_line = line_starts.back().second;
                block.problem = "bad base64 at line " + std::to_string(bad_line);
                block.der.clear();
            } else if (block.der.empty()) {
                block.problem = "it is empty";
            }
        }
        blocks.push_back(std::move(block));
        if (!pending) pending = lines.next(line, start);
    }
    return blocks;
}

std::string narrow_text(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return std::string(bytes.substr(3));
    std::string_view wide = bytes;
    const bool bom = wide.substr(0, 2) == "\xFF\xFE";
    if (bom) wide.remove_prefix(2);
    // Without a BOM, UTF-16LE ASCII text shows as every second byte zero from the start.
    const bool looks_wide =
        bom || (wide.size() >= 4 && wide[0] != '\0' && wide[1] == '\0' && wide[3] == '\0');
    if (!looks_wide || wide.size() % 2 != 0) return std::string(bytes);
    std::string out;
    out.reserve(wide.size() / 2);
    for (std::size_t i = 0; i + 1 < wide.size(); i += 2) {
        const auto low = static_cast<unsigned char>(wide[i]);
        if (wide[i + 1] != '\0' || low >= 0x80 || low == 0) return std::string(bytes);
        out += static_cast<char>(low);
    }
    return out;
}

}  // namespace amtdiag::parsers::cert::detail
