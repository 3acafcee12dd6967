#include "parsers/epm/key_lists.h"

#include <algorithm>
#include <optional>

#include "analyzer/model/device_key.h"
#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::epm {

namespace {

bool is_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
bool is_alnum(char c) {
    return is_key_char(upper(c));
}

// A run of `groups` groups of four key characters joined by dashes, starting at `at` and not
// glued to other letters or digits; the characters without dashes, upper case.
std::optional<std::string> grouped_token(std::string_view s, size_t at, size_t groups) {
    const size_t length = groups * 5 - 1;
    if (at + length > s.size()) return std::nullopt;
    if (at > 0 && (is_alnum(s[at - 1]) || s[at - 1] == '-')) return std::nullopt;
    if (at + length < s.size() && (is_alnum(s[at + length]) || s[at + length] == '-'))
        return std::nullopt;
    std::string chars;
    for (size_t i = 0; i < length; ++i) {
        const char c = s[at + i];
        if (i % 5 == 4) {
            if (c != '-') return std::nullopt;
            continue;
        }
        if (!is_alnum(c)) return std::nullopt;
        chars += upper(c);
    }
    return chars;
}

struct Found {
    size_t at = 0, length = 0;
    std::string chars;
};

// Every dashed token of `groups` groups in the line.
std::vector<Found> find_grouped(std::string_view line, size_t groups) {
    std::vector<Found> out;
    for (size_t i = 0; i < line.size(); ++i)
        if (auto t = grouped_token(line, i, groups)) {
            out.push_back({i, groups * 5 - 1, *t});
            i += groups * 5 - 2;
        }
    return out;
}

bool all_key_chars(std::string_view s, size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c); });
}

std::string upper_string(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upper(c);
    return out;
}

PidEntry entry(uint64_t line, const std::string& pid, const std::string& pps, std::string masked) {
    PidEntry e;
    e.line = line;
    e.pid = pid.substr(0, 4) + "-" + pid.substr(4);
    e.pid_checksum_ok = check_character(std::string_view(pid).substr(0, 7)) == pid[7];
    for (int g = 0; g < 8; ++g) {
        const std::string_view group = std::string_view(pps).substr(static_cast<size_t>(g) * 4, 4);
        if (check_character(group.substr(0, 3)) != group[3]) e.bad_pps_groups.push_back(g + 1);
    }
    e.pps_checksum_ok = e.bad_pps_groups.empty();
    e.masked_line = std::move(masked);
    return e;
}

std::string mask(std::string_view line, size_t at, size_t length) {
    std::string out(line);
    for (size_t i = at; i < at + length && i < out.size(); ++i)
        if (out[i] != '-') out[i] = '*';
    return out;
}

// A header row of a table: the index of the column whose name contains `word`.
std::optional<size_t> column_named(const std::vector<std::string>& header, std::string_view word) {
    for (size_t i = 0; i < header.size(); ++i)
        if (cmdout::icontains(header[i], word)) return i;
    return std::nullopt;
}

std::vector<std::string> split_row(std::string_view line, char separator) {
    if (separator == ',') {
        if (auto f = cmdout::csv_fields(line)) return *f;
        return {};
    }
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == separator) {
            out.emplace_back(cmdout::trim(line.substr(start, i - start)));
            start = i + 1;
        }
    return out;
}

char separator_of(std::string_view header) {
    const auto commas = std::count(header.begin(), header.end(), ',');
    const auto tabs = std::count(header.begin(), header.end(), '\t');
    const auto semis = std::count(header.begin(), header.end(), ';');
    if (tabs >= commas && tabs >= semis && tabs > 0) return '\t';
    if (semis > commas) return ';';
    return ',';
}

struct Table {
    char separator = ',';
    std::vector<std::string> header;
};

std::optional<size_t> pid_column(const std::vector<std::string>& h) {
    if (auto i = column_named(h, "pid")) return i;
    return column_named(h, "provisioning id");
}
std::optional<size_t> pps_column(const std::vector<std::string>& h) {
    if (auto i = column_named(h, "pps")) return i;
    return column_named(h, "passphrase");
}
bool is_pid_header(const std::vector<std::string>& h) {
    return pid_column(h) && pps_column(h);
}

void damage(KeyLists& lists, uint64_t line) {
    constexpr size_t kKeptLines = 10;
    ++lists.damaged;
    if (lists.damaged_lines.size() < kKeptLines) lists.damaged_lines.push_back(line);
}

}  // namespace

char check_character(std::string_view chars) {
    unsigned sum = 0;
    for (char c : chars) sum += static_cast<unsigned char>(c);
    const unsigned v = sum % 36;
    return static_cast<char>(v < 10 ? '0' + v : 'A' + (v - 10));
}

KeyLists parse_key_lists(std::string_view text) {
    KeyLists out;
    std::optional<Table> table;  // the current table's header, once seen
    for (const auto& l : cmdout::split_lines(text)) {
        const std::string_view line = cmdout::trim(l.text);
        if (line.empty()) continue;
        // A header row starts a table: PID/PPS columns, or a UUID column for devices.
        {
            const char sep = separator_of(line);
            const std::vector<std::string> cells = split_row(line, sep);
            if (cells.size() >= 2 && find_grouped(line, 2).empty() &&
                (is_pid_header(cells) || column_named(cells, "uuid")) &&
                !model::normalize_uuid(line)) {
                // Column names carry no digits; a data row (an address, a name like ws2)
                // does, even when a cell happens to say "uuid".
                const bool digits = std::any_of(line.begin(), line.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
                if (!digits) {
                    table = Table{sep, cells};
                    continue;
                }
            }
        }
        // PID and PPS written with their dashes, wherever they stand in the line.
        const std::vector<Found> pps = find_grouped(line, 8);
        if (!pps.empty()) {
            std::vector<Found> pid = find_grouped(line, 2);
            // A PPS's own groups are no PID: keep two-group tokens outside every PPS.
            pid.erase(std::remove_if(pid.begin(), pid.end(),
                                     [&](const Found& p) {
                                         return std::any_of(
                                             pps.begin(), pps.end(), [&](const Found& s) {
                                                 return p.at >= s.at && p.at < s.at + s.length;
                                             });
                                     }),
                      pid.end());
            if (pid.size() == 1 && pps.size() == 1) {
                out.pids.push_back(entry(l.number, pid.front().chars, pps.front().chars,
                                         mask(line, pps.front().at, pps.front().length)));
            } else {
                damage(out, l.number);
                out.notes.push_back("line " + std::to_string(l.number) + ": " +
                                    std::to_string(pid.size()) + " PIDs and " +
                                    std::to_string(pps.size()) +
                                    " PPSs on one line; a line holds one pair");
            }
            continue;
        }
        if (!table) continue;
        const std::vector<std::string> cells = split_row(line, table->separator);
        if (is_pid_header(table->header)) {
            // Undashed characters in named columns.
            const size_t pid_at = *pid_column(table->header);
            const size_t pps_at = *pps_column(table->header);
            if (pid_at < cells.size() && pps_at < cells.size() && all_key_chars(cells[pid_at], 8) &&
                all_key_chars(cells[pps_at], 32)) {
                // The excerpt is the row rebuilt from its cells with the PPS starred: a row
                // whose quoting the CSV reader repaired may not hold the PPS verbatim, and no
                // part of it may reach a report.
                std::string masked;
                for (size_t i = 0; i < cells.size(); ++i)
                    masked += (i ? std::string(1, table->separator) : std::string()) +
                              (i == pps_at ? std::string(32, '*') : cells[i]);
                out.pids.push_back(entry(l.number, upper_string(cells[pid_at]),
                                         upper_string(cells[pps_at]), masked));
            } else {
                damage(out, l.number);
            }
            continue;
        }
        const size_t uuid_at = *column_named(table->header, "uuid");
        if (uuid_at >= cells.size()) {
            damage(out, l.number);
            continue;
        }
        const auto uuid = model::normalize_uuid(cells[uuid_at]);
        if (!uuid) {
            if (!cmdout::trim(cells[uuid_at]).empty()) damage(out, l.number);
            continue;
        }
        ListedDevice d;
        d.line = l.number;
        d.uuid = *uuid;
        for (const char* word : {"device name", "name", "host"})
            if (auto i = column_named(table->header, word);
                i && *i < cells.size() && *i != uuid_at) {
                d.name = cells[*i];
                break;
            }
        for (const char* word : {"ip address", "ip"})
            if (auto i = column_named(table->header, word);
                i && *i < cells.size() && *i != uuid_at) {
                d.ip = cells[*i];
                break;
            }
        out.devices.push_back(std::move(d));
    }
    return out;
}

int pid_list_confidence(const KeyLists& lists) {
    if (lists.pids.empty()) return 0;
    // Lines of well-formed pairs are a strong sign; pairs whose check characters are all
    // wrong are still a list, only a damaged one.
    size_t ok = 0;
    for (const auto& p : lists.pids) ok += p.pid_checksum_ok && p.pps_checksum_ok;
    return ok > 0 ? 85 : 70;
}

int device_list_confidence(const KeyLists& lists) {
    if (lists.devices.empty()) return 0;
    return lists.damaged == 0 ? 65 : 55;
}

int pid_list_confidence(std::string_view text) {
    return pid_list_confidence(parse_key_lists(text));
}

int device_list_confidence(std::string_view text) {
    return device_list_confidence(parse_key_lists(text));
}

}  // namespace amtdiag::parsers::epm
