#pragma once
// Windows command output as files hold it. `systeminfo > a.txt` in PowerShell writes UTF-16LE
// with a BOM; `wmic ... > a.txt` in cmd writes UTF-16LE with CR CR LF line ends; Export-Csv
// writes ASCII or UTF-8; `>>` from another shell appends a second encoding to the same file.
// These helpers turn such bytes into UTF-8 lines and split the three shapes the commands
// print: CSV rows, fixed-width tables and "key: value" lists. Pure functions, no throwing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amtdiag::parsers::cmdout {

struct Decoded {
    std::string text;      // UTF-8, BOMs and NULs removed
    std::string encoding;  // "utf-16le (BOM)", "utf-16le", "utf-8 (BOM)", "utf-8", or a mix
    // What was wrong with the bytes, one sentence each ("the last byte of the UTF-16 text is
    // cut off", "from byte 1,234 the file is UTF-8: text appended in another encoding").
    std::vector<std::string> notes;
};

// Decodes by runs: a file whose encoding changes part way (an append from another shell) is
// decoded run by run. Invalid UTF-16 becomes U+FFFD and is counted in a note.
Decoded decode(std::string_view bytes);

struct Line {
    std::string_view text;  // without the line end
    uint64_t number = 0;    // 1-based, as an editor counts them
};
// Splits on LF, CRLF and CR CR LF (what wmic writes when redirected: one line end); a lone CR
// also ends a line. Numbers count lines the way the command wrote them.
std::vector<Line> split_lines(std::string_view text);

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool icontains(std::string_view s, std::string_view needle);
// "1,234" for messages.
std::string thousands(uint64_t n);

// One CSV record on one line (RFC 4180 quoting: "a ""b"", c" is one field). nullopt when a
// quoted field is not closed on the line.
std::optional<std::vector<std::string>> csv_fields(std::string_view line);

// A column of a fixed-width table: where it starts and its header.
struct Column {
    size_t start = 0;
    std::string name;
};
// Columns from an underline row ("------ -----------" or "==== ===="): one per run of `rule`
// characters, named from the header row above it (the header text over each run).
std::vector<Column> columns_from_rule(std::string_view header, std::string_view rule_line,
                                      char rule);
// Columns from a header whose names hold no spaces (wmic): one per word.
std::vector<Column> columns_from_words(std::string_view header);
// A row cut at the columns' starts, each cell trimmed; the last column runs to the line end.
std::vector<std::string> cut_row(std::string_view row, const std::vector<Column>& columns);
// True when every column start (after the first) is preceded by a space in `row`, or lies
// past its end: the row lines up with the header.
bool row_aligned(std::string_view row, const std::vector<Column>& columns);

// "Key : value", "Key: value" or "Key=value": the trimmed key and value, when the key is
// made of letters, digits, spaces, '_', '(' and ')' and `separator` follows it.
std::optional<std::pair<std::string_view, std::string_view>> key_value(std::string_view line,
                                                                       char separator);

}  // namespace amtdiag::parsers::cmdout
