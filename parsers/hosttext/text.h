#pragma once
// Text as engineers paste it: UTF-8 (with or without BOM) or UTF-16LE (what Windows writes
// for `ipconfig /all > file.txt` in PowerShell), CRLF or LF, terminal colour codes left in.
// Everything downstream parses UTF-8 lines with the line ends and colour codes removed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hosttext {

// UTF-16LE (BOM or NULs in the odd bytes of ASCII text) becomes UTF-8; a UTF-8 BOM goes;
// ANSI escape sequences (ESC [ ... letter) go. Invalid UTF-16 becomes U+FFFD, never an error.
std::string to_utf8(std::string_view bytes);

struct Line {
    std::string_view text;  // without the line end
    uint64_t number = 0;    // 1-based
};
// Splits on LF, CRLF and lone CR.
std::vector<Line> split_lines(std::string_view text);

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
bool starts_with_nocase(std::string_view s, std::string_view prefix);
bool contains_nocase(std::string_view s, std::string_view needle);
bool is_ipv4(std::string_view s);
bool is_ipv6(std::string_view s);

}  // namespace amtdiag::parsers::hosttext
