#include "parsers/cmdout/cmdout.h"

#include <algorithm>
#include <cctype>

namespace amtdiag::parsers::cmdout {

namespace {

// --- decoding -------------------------------------------------------------------------------

enum class Run : uint8_t { utf16_even, utf16_odd, bytes, unknown };

constexpr size_t kWindow = 64;

// A window of bytes: UTF-16LE text of ASCII characters has NUL high bytes at every other
// position (odd ones when the text starts at an even offset); 8-bit text has no NUL at all.
Run classify(std::string_view b, size_t pos, size_t len) {
    size_t nul_even = 0, nul_odd = 0;
    for (size_t i = pos; i < pos + len; ++i) {
        if (b[i] != '\0') continue;
        ((i & 1) == 0 ? nul_even : nul_odd)++;
    }
    const size_t pairs = len / 2;
    if (pairs >= 4 && nul_odd * 2 >= pairs && nul_even * 10 <= pairs) return Run::utf16_even;
    if (pairs >= 4 && nul_even * 2 >= pairs && nul_odd * 10 <= pairs) return Run::utf16_odd;
    if (nul_even + nul_odd == 0) return Run::bytes;
    return Run::unknown;
}

bool is_utf16(Run r) {
    return r == Run::utf16_even || r == Run::utf16_odd;
}

struct Segment {
    Run run;
    size_t begin;
    size_t end;
};

// Where each encoding's run begins and ends. Boundaries found at window granularity are then
// moved to the exact byte: a UTF-16 run ends after its last NUL high byte; one begins at the
// character before its first.
std::vector<Segment> segments(std::string_view b) {
    std::vector<Segment> out;
    for (size_t pos = 0; pos < b.size(); pos += kWindow) {
        const size_t len = std::min(kWindow, b.size() - pos);
        Run r = classify(b, pos, len);
        if (r == Run::unknown) r = out.empty() ? Run::unknown : out.back().run;
        if (!out.empty() && out.back().run == r) {
            out.back().end = pos + len;
            continue;
        }
        if (!out.empty() && out.back().run == Run::unknown) {
            out.back().run = r;
            out.back().end = pos + len;
            continue;
        }
        out.push_back({r, pos, pos + len});
    }
    for (auto& s : out)
        if (s.run == Run::unknown) s.run = Run::bytes;
    // Merge neighbours that ended up alike, then refine the boundaries.
    std::vector<Segment> merged;
    for (const auto& s : out) {
        if (!merged.empty() && merged.back().run == s.run)
            merged.back().end = s.end;
        else
            merged.push_back(s);
    }
    for (size_t i = 0; i + 1 < merged.size(); ++i) {
        Segment& a = merged[i];
        Segment& c = merged[i + 1];
        const size_t lo = a.end >= kWindow ? a.end - kWindow : 0;
        const size_t hi = std::min(c.end, a.end + kWindow);
        size_t cut = a.end;
        if (is_utf16(a.run) && !is_utf16(c.run)) {
            const size_t high = a.run == Run::utf16_even ? 1 : 0;
            for (size_t j = lo; j < hi; ++j)
                if (b[j] == '\0' && (j & 1) == high) cut = j + 1;
        } else if (!is_utf16(a.run) && is_utf16(c.run)) {
            const size_t high = c.run == Run::utf16_even ? 1 : 0;
            for (size_t j = lo; j < hi; ++j) {
                if (b[j] == '\0' && (j & 1) == high && j > 0) {
                    cut = j - 1;
                    break;
                }
            }
        }
        cut = std::clamp(cut, a.begin, c.end);
        a.end = cut;
        c.begin = cut;
    }
    merged.erase(std::remove_if(merged.begin(), merged.end(),
                                [](const Segment& s) { return s.begin >= s.end; }),
                 merged.end());
    return merged;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

uint32_t unit(std::string_view b, size_t i) {
    return static_cast<unsigned char>(b[i]) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b[i + 1])) << 8);
}

// UTF-16LE to UTF-8; returns how many units were invalid (lone surrogates).
size_t from_utf16le(std::string_view b, std::string& out) {
    size_t invalid = 0;
    constexpr uint32_t kReplacement = 0xFFFD;
    for (size_t i = 0; i + 1 < b.size(); i += 2) {
        const uint32_t u = unit(b, i);
        if (u == 0xFEFF || u == 0) continue;  // BOMs of appended parts, padding
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 < b.size()) {
                const uint32_t lo = unit(b, i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            append_utf8(out, kReplacement);
            ++invalid;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            append_utf8(out, kReplacement);
            ++invalid;
        } else {
            append_utf8(out, u);
        }
    }
    return invalid;
}

// Length of the valid UTF-8 sequence at b[i], 0 when invalid.
size_t utf8_length(std::string_view b, size_t i) {
    const auto c = static_cast<unsigned char>(b[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > b.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(b[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

// 8-bit text: UTF-8 where valid; other bytes are taken as Windows-1252 (the ANSI code page of
// English Windows), which a redirect from cmd writes. Returns whether any byte was.
bool from_bytes(std::string_view b, std::string& out) {
    bool ansi = false;
    for (size_t i = 0; i < b.size();) {
        if (b[i] == '\0') {
            ++i;
            continue;
        }
        const size_t n = utf8_length(b, i);
        if (n > 0) {
            out.append(b.substr(i, n));
            i += n;
            continue;
        }
        append_utf8(out, static_cast<unsigned char>(b[i]));
        ansi = true;
        ++i;
    }
    return ansi;
}

}  // namespace

Decoded decode(std::string_view bytes) {
    Decoded d;
    if (bytes.empty()) {
        d.encoding = "empty";
        return d;
    }
    size_t start = 0;
    bool bom16 = false, bom8 = false;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xFE) {
        bom16 = true;
        start = 2;
    } else if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bom8 = true;
        start = 3;
    }
    const std::string_view body = bytes.substr(start);
    std::vector<Segment> runs = segments(body);
    if (bom16 && !runs.empty() && !is_utf16(runs.front().run)) runs.front().run = Run::utf16_even;
    std::vector<std::string> names;
    size_t invalid = 0;
    bool ansi = false;
    for (size_t i = 0; i < runs.size(); ++i) {
        const Segment& s = runs[i];
        std::string_view part = body.substr(s.begin, s.end - s.begin);
        std::string name;
        if (is_utf16(s.run)) {
            if (s.run == Run::utf16_odd && (s.begin & 1) == 0 && !part.empty())
                part.remove_prefix(1);  // a stray byte before text that begins at an odd offset
            if (part.size() % 2 != 0) {
                d.notes.push_back(
                    i + 1 == runs.size()
                        ? "the last byte of the UTF-16 text is cut off (an odd number of bytes)"
                        : "a UTF-16 part ends with half a character at byte " +
                              thousands(start + s.end));
            }
            invalid += from_utf16le(part, d.text);
            name = i == 0 && bom16 ? "utf-16le (BOM)" : "utf-16le";
        } else {
            // Drop the BOM of a UTF-16 part that follows (FF FE sits just before it).
            if (i + 1 < runs.size() && part.size() >= 2 &&
                part.substr(part.size() - 2) == "\xFF\xFE")
                part.remove_suffix(2);
            const bool this_ansi = from_bytes(part, d.text);
            ansi = ansi || this_ansi;
            name = this_ansi ? "windows-1252" : (i == 0 && bom8 ? "utf-8 (BOM)" : "utf-8");
        }
        if (names.empty() || names.back() != name) names.push_back(name);
        if (i > 0 && is_utf16(s.run) != is_utf16(runs[i - 1].run))
            d.notes.push_back("from byte " + thousands(start + s.begin) + " the file is " + name +
                              ", before it " + names[names.size() - 2] +
                              ": text appended by another shell; both parts are read");
        // Keep the parts on separate lines.
        if (i + 1 < runs.size() && !d.text.empty() && d.text.back() != '\n') d.text.push_back('\n');
    }
    for (size_t i = 0; i < names.size(); ++i) d.encoding += (i ? " + " : "") + names[i];
    if (invalid > 0)
        d.notes.push_back(thousands(invalid) + " invalid UTF-16 code unit" +
                          (invalid == 1 ? " was" : "s were") + " replaced by U+FFFD");
    if (ansi) d.notes.push_back("bytes that are not UTF-8 were read as Windows-1252");
    // Terminal colour codes of a pasted console (ESC [ ... letter) go.
    if (d.text.find('\x1B') != std::string::npos) {
        std::string clean;
        clean.reserve(d.text.size());
        for (size_t i = 0; i < d.text.size(); ++i) {
            if (d.text[i] != '\x1B') {
                clean.push_back(d.text[i]);
                continue;
            }
            if (i + 1 < d.text.size() && d.text[i + 1] == '[') {
                size_t j = i + 2;
                while (j < d.text.size() && !std::isalpha(static_cast<unsigned char>(d.text[j])))
                    ++j;
                i = j;
            }
        }
        d.text = std::move(clean);
    }
    return d;
}

// --- lines and words ------------------------------------------------------------------------

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    uint64_t number = 1;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.push_back({text.substr(start, i - start), number++});
        if (text[i] == '\r') {
            // CR CR LF (wmic redirected) and CR LF are one line end.
            if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n')
                i += 2;
            else if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        }
        start = i + 1;
    }
    if (start < text.size()) lines.push_back({text.substr(start), number});
    return lines;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && istarts_with(a, b);
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool icontains(std::string_view s, std::string_view needle) {
    if (needle.empty()) return true;
    for (size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (istarts_with(s.substr(i), needle)) return true;
    return false;
}

std::string thousands(uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// --- CSV ------------------------------------------------------------------------------------

std::optional<std::vector<std::string>> csv_fields(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    size_t i = 0;
    while (true) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                field.push_back(line[i++]);
            }
            if (!closed) return std::nullopt;
            // Anything between the closing quote and the comma is kept (lenient).
            while (i < line.size() && line[i] != ',') field.push_back(line[i++]);
        } else {
            while (i < line.size() && line[i] != ',') field.push_back(line[i++]);
        }
        fields.push_back(field);
        if (i >= line.size()) break;
        ++i;  // the comma
    }
    return fields;
}

// --- fixed-width tables ---------------------------------------------------------------------

std::vector<Column> columns_from_rule(std::string_view header, std::string_view rule_line,
                                      char rule) {
    std::vector<Column> out;
    size_t i = 0;
    while (i < rule_line.size()) {
        if (rule_line[i] != rule) {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < rule_line.size() && rule_line[i] == rule) ++i;
        Column c;
        c.start = start;
        if (start < header.size()) c.name = std::string(trim(header.substr(start, i - start)));
        out.push_back(std::move(c));
    }
    // A header name longer than its underline run spills into the gap: take the text up to
    // the next column's start.
    for (size_t k = 0; k < out.size(); ++k) {
        const size_t end = k + 1 < out.size() ? out[k + 1].start : header.size();
        if (out[k].start < header.size())
            out[k].name = std::string(trim(header.substr(out[k].start, end - out[k].start)));
    }
    return out;
}

std::vector<Column> columns_from_words(std::string_view header) {
    std::vector<Column> out;
    size_t i = 0;
    while (i < header.size()) {
        if (std::isspace(static_cast<unsigned char>(header[i]))) {
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < header.size() && !std::isspace(static_cast<unsigned char>(header[i]))) ++i;
        out.push_back({start, std::string(header.substr(start, i - start))});
    }
    return out;
}

std::vector<std::string> cut_row(std::string_view row, const std::vector<Column>& columns) {
    std::vector<std::string> cells;
    cells.reserve(columns.size());
    for (size_t k = 0; k < columns.size(); ++k) {
        const size_t start = columns[k].start;
        const size_t end = k + 1 < columns.size() ? columns[k + 1].start : row.size();
        if (start >= row.size() || end <= start) {
            cells.emplace_back();
            continue;
        }
        cells.emplace_back(trim(row.substr(start, std::min(end, row.size()) - start)));
    }
    return cells;
}

bool row_aligned(std::string_view row, const std::vector<Column>& columns) {
    for (size_t k = 1; k < columns.size(); ++k) {
        const size_t start = columns[k].start;
        if (start == 0 || start > row.size()) continue;
        if (!std::isspace(static_cast<unsigned char>(row[start - 1]))) return false;
    }
    return true;
}

// --- key: value -----------------------------------------------------------------------------

std::optional<std::pair<std::string_view, std::string_view>> key_value(std::string_view line,
                                                                       char separator) {
    const size_t at = line.find(separator);
    if (at == std::string_view::npos || at == 0) return std::nullopt;
    const std::string_view key = trim(line.substr(0, at));
    if (key.empty()) return std::nullopt;
    for (char c : key) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && c != ' ' && c != '_' && c != '(' && c != ')' && c != '-' &&
            c != '.')
            return std::nullopt;
    }
    return std::make_pair(key, trim(line.substr(at + 1)));
}

}  // namespace amtdiag::parsers::cmdout
