#include "parsers/hotfix/inventory.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <span>

#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::hotfix {

namespace {

using cmdout::Column;
using cmdout::iequals;
using cmdout::istarts_with;
using cmdout::Line;
using cmdout::lower;
using cmdout::trim;

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
size_t indent_of(std::string_view s) {
    size_t n = 0;
    while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) ++n;
    return n;
}
bool blank(std::string_view s) {
    return trim(s).empty();
}

// The names a host is given in the columns and keys of the different commands.
constexpr std::string_view kHostKeys[] = {"CSName", "Source", "PSComputerName", "__SERVER", "Node"};
// Keys of a QFE record (wmic list full, Format-List) that may start one.
constexpr std::string_view kRecordKeys[] = {
    "HotFixID",    "CSName",         "Source",  "Description", "InstalledBy",
    "InstalledOn", "Caption",        "Status",  "FixComments", "ServicePackInEffect",
    "InstallDate", "PSComputerName", "Name",    "CSDVersion",  "Version",
    "BuildNumber", "ClientVersion",  "__GENUS", "__SERVER"};

bool one_of(std::string_view key, std::span<const std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](std::string_view k) { return iequals(k, key); });
}

// A row or record by column name, case-insensitively.
class Cells {
  public:
    void set(std::string_view key, std::string value) { cells_[lower(key)] = std::move(value); }
    std::string get(std::string_view key) const {
        auto it = cells_.find(lower(key));
        return it == cells_.end() ? std::string() : it->second;
    }
    bool has(std::string_view key) const { return cells_.count(lower(key)) > 0; }
    bool empty() const { return cells_.empty(); }
    void clear() { cells_.clear(); }
    std::string host() const {
        for (auto k : kHostKeys) {
            const std::string v = get(k);
            if (!v.empty()) return v;
        }
        return {};
    }

  private:
    std::map<std::string, std::string> cells_;
};

// PowerShell cuts a cell that does not fit its column with "..." (Windows PowerShell) or "…"
// (PowerShell 7).
bool truncated(std::string_view cell) {
    return cell.ends_with("...") || cell.ends_with("\xE2\x80\xA6");
}

std::string host_key(std::string_view name) {
    std::string key = lower(trim(name));
    if (key.starts_with("\\\\")) key.erase(0, 2);
    if (const size_t dot = key.find('.'); dot != std::string::npos) key.resize(dot);
    return key;
}

enum class TableKind : uint8_t { none, qfe, os, client, systeminfo };

TableKind kind_of_header(const std::vector<std::string>& names) {
    bool hotfix = false, csd = false, caption = false, version = false, client = false,
         host_name = false, hotfixes = false;
    for (const auto& n : names) {
        const std::string l = lower(trim(n));
        hotfix = hotfix || l == "hotfixid";
        csd = csd || l == "csdversion";
        caption = caption || l == "caption";
        version = version || l == "version";
        client = client || l == "clientversion";
        host_name = host_name || l == "host name";
        hotfixes = hotfixes || l == "hotfix(s)";
    }
    if (host_name && hotfixes) return TableKind::systeminfo;
    if (hotfix) return TableKind::qfe;
    if (csd || (caption && version)) return TableKind::os;
    if (client) return TableKind::client;
    return TableKind::none;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : lines_(cmdout::split_lines(text)) {}

    Inventory run() {
        while (i_ < lines_.size()) {
            if (systeminfo_block() || csv_block() || table_block() || registry_block() ||
                list_record())
                continue;
            ++i_;
        }
        merge_unnamed();
        return std::move(out_);
    }

  private:
    const Line& line() const { return lines_[i_]; }

    HostInventory& host(std::string_view name, uint64_t at) {
        const std::string key = host_key(name);
        for (size_t k = 0; k < out_.hosts.size(); ++k) {
            if (host_key(out_.hosts[k].host_name) == key) {
                if (!key.empty()) current_ = k;
                return out_.hosts[k];
            }
        }
        HostInventory h;
        h.host_name = std::string(trim(name));
        if (h.host_name.starts_with("\\\\")) h.host_name.erase(0, 2);
        h.line = at;
        out_.hosts.push_back(std::move(h));
        if (!key.empty()) current_ = out_.hosts.size() - 1;
        return out_.hosts.back();
    }
    // The host a part without a host name belongs to: the last one named, else an unnamed one.
    HostInventory& current_host(uint64_t at) {
        if (current_ < out_.hosts.size()) return out_.hosts[current_];
        return host("", at);
    }
    HostInventory& host_or_current(const std::string& name, uint64_t at) {
        return name.empty() ? current_host(at) : host(name, at);
    }

    static void add_format(HostInventory& h, const char* format) {
        if (std::find(h.formats.begin(), h.formats.end(), format) == h.formats.end())
            h.formats.emplace_back(format);
    }

    void damage(uint64_t at, std::string note) {
        ++out_.damaged;
        if (out_.damaged_lines.size() < 8) out_.damaged_lines.push_back(at);
        if (out_.notes.size() < 16)
            out_.notes.push_back("line " + std::to_string(at) + ": " + note);
    }

    static void add_hotfix(HostInventory& h, HotfixEntry e) {
        h.hotfix_list_seen = true;
        h.hotfixes.push_back(std::move(e));
    }

    // Whether line k begins another part: a systeminfo block, a registry key, a CSV or table
    // header. Tables and records end there even without a blank line before it.
    bool section_start(size_t k) const {
        const std::string_view text = lines_[k].text;
        if (host_name_line(text)) return true;
        const std::string_view t = trim(text);
        if (t.starts_with("HKEY_") || t.starts_with("#TYPE ")) return true;
        if (t.starts_with("\\\\") && t.find("\\HKEY_") != std::string_view::npos) return true;
        if (t.find(',') != std::string_view::npos) {
            const auto fields = cmdout::csv_fields(t);
            if (fields && fields->size() >= 2 && kind_of_header(*fields) != TableKind::none)
                return true;
        }
        if (t.find_first_of(":=\",") == std::string_view::npos) {
            std::vector<std::string> names;
            for (const auto& c : cmdout::columns_from_words(t)) names.push_back(c.name);
            const TableKind kind = kind_of_header(names);
            if (kind != TableKind::none && names.size() >= 2) return true;
        }
        return false;
    }

    // --- systeminfo (list form) -------------------------------------------------------------

    // "OS Name:                   Microsoft ..." -> {"OS Name", "Microsoft ..."}. A label is
    // short and made of words; the value begins after its colon.
    static std::optional<std::pair<std::string_view, std::string_view>> sysinfo_label(
        std::string_view t) {
        const size_t colon = t.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon > 32) return std::nullopt;
        const std::string_view label = t.substr(0, colon);
        if (label.back() == ' ' || label.back() == '\t') return std::nullopt;  // "Key : value"
        for (char c : label)
            if (!is_alnum(c) && c != ' ' && c != '(' && c != ')' && c != '-' && c != '/')
                return std::nullopt;
        return std::make_pair(trim(label), trim(t.substr(colon + 1)));
    }

    static bool host_name_line(std::string_view text) {
        const std::string_view t = text.substr(indent_of(text));
        if (!t.starts_with("Host Name:")) return false;
        return !trim(t.substr(10)).empty();
    }

    bool systeminfo_block() {
        if (!host_name_line(line().text)) return false;
        const size_t indent = indent_of(line().text);
        const uint64_t first = line().number;
        HostInventory& h = host(trim(line().text.substr(indent + 10)), first);
        add_format(h, "systeminfo");
        ++out_.recognised;
        ++i_;
        bool in_hotfixes = false, seen_list = false;
        int listed = 0;
        uint64_t last = first;
        for (; i_ < lines_.size(); ++i_) {
            const std::string_view text = line().text;
            if (blank(text)) continue;
            const size_t lead = indent_of(text);
            if (lead <= indent) {
                if (host_name_line(text)) break;
                const auto label = sysinfo_label(text.substr(lead));
                if (!label) break;
                in_hotfixes = false;
                last = line().number;
                ++out_.recognised;
                const auto [name, value] = *label;
                if (name == "OS Name") h.os_name = std::string(value);
                if (name == "OS Version") {
                    h.os_version_text = std::string(value);
                    const OsVersion v = parse_os_version(value);
                    h.os_version = v.version;
                    h.service_pack = v.service_pack;
                }
                if (name == "OS Configuration") h.os_configuration = std::string(value);
                if (name == "Domain") h.domain = std::string(value);
                if (name == "Hotfix(s)") {
                    in_hotfixes = true;
                    seen_list = true;
                    h.hotfix_list_seen = true;
                    // "14 Hotfix(s) Installed." or "N/A".
                    int n = 0;
                    size_t k = 0;
                    while (k < value.size() && is_digit(value[k]) && n < 100000)
                        n = n * 10 + (value[k++] - '0');
                    if (k > 0)
                        h.declared_count = n;
                    else if (value == "N/A")
                        h.declared_count = 0;
                }
                continue;
            }
            if (!in_hotfixes) continue;  // Processor(s), Network Card(s) details
            // "                           [03]: KB893756 - Update"
            const std::string_view t = trim(text);
            const size_t close = t.find("]:");
            if (!t.starts_with('[') || close == std::string_view::npos) {
                damage(line().number, "not a hot-fix entry inside the Hotfix(s) list of " +
                                          h.host_name + ": '" + std::string(t.substr(0, 60)) + "'");
                h.complete = false;
                continue;
            }
            HotfixEntry e;
            e.raw = std::string(trim(t.substr(close + 2)));
            e.kb = normalize_kb(e.raw);
            if (const size_t dash = e.raw.find(" - "); dash != std::string::npos)
                e.description = std::string(trim(std::string_view(e.raw).substr(dash + 3)));
            e.line = line().number;
            add_hotfix(h, std::move(e));
            ++listed;
            ++out_.recognised;
            last = line().number;
        }
        if (!seen_list) {
            h.complete = false;
            h.problems.push_back("the systeminfo output of " + h.host_name + " (lines " +
                                 std::to_string(first) + "-" + std::to_string(last) +
                                 ") has no Hotfix(s) section: it is cut before the list");
        } else if (h.declared_count && listed < *h.declared_count) {
            h.complete = false;
            h.problems.push_back("systeminfo says " + std::to_string(*h.declared_count) +
                                 " hot fixes are installed on " + h.host_name + " but lists " +
                                 std::to_string(listed) + " (ending at line " +
                                 std::to_string(last) + "): the list is cut");
        }
        return true;
    }

    // --- CSV (systeminfo /fo csv, wmic /format:csv, Export-Csv, ConvertTo-Csv) -----------------

    bool csv_block() {
        const std::string_view t = trim(line().text);
        if (t.starts_with("#TYPE ")) {
            ++out_.recognised;
            ++i_;
            return true;
        }
        if (t.find(',') == std::string_view::npos) return false;
        const auto header = cmdout::csv_fields(t);
        if (!header || header->size() < 2) return false;
        const TableKind kind = kind_of_header(*header);
        if (kind == TableKind::none) return false;
        const bool wmic = iequals(trim((*header)[0]), "Node");
        const char* format = kind == TableKind::systeminfo ? "systeminfo-csv"
                             : kind == TableKind::qfe ? (wmic ? "wmic-qfe-csv" : "get-hotfix-csv")
                             : kind == TableKind::os  ? "wmic-os"
                                                      : "client-version";
        const uint64_t header_line = line().number;
        ++out_.recognised;
        ++i_;
        size_t rows = 0;
        // The host of the last good row, by index: rows may add hosts (and move the vector).
        size_t last_host = static_cast<size_t>(-1);
        auto mark_incomplete = [&] {
            if (last_host < out_.hosts.size())
                out_.hosts[last_host].complete = false;
            else
                incomplete_all();
        };
        for (; i_ < lines_.size(); ++i_) {
            const std::string_view row = trim(line().text);
            if (row.empty()) {
                if (rows > 0) break;
                continue;
            }
            const auto fields = cmdout::csv_fields(row);
            if (!fields) {
                damage(line().number, "a quoted CSV field is not closed: the row is cut off");
                mark_incomplete();
                continue;
            }
            if (fields->size() != header->size() || section_start(i_)) {
                if (section_start(i_)) break;  // the next table
                damage(line().number,
                       std::to_string(fields->size()) + " CSV fields where the header (line " +
                           std::to_string(header_line) + ") has " + std::to_string(header->size()));
                mark_incomplete();
                continue;
            }
            Cells cells;
            for (size_t k = 0; k < header->size(); ++k) cells.set(trim((*header)[k]), (*fields)[k]);
            const HostInventory& h = row_to_inventory(kind, cells, format, line().number);
            last_host = static_cast<size_t>(&h - out_.hosts.data());
            ++rows;
            ++out_.recognised;
        }
        return true;
    }

    void incomplete_all() {
        for (auto& h : out_.hosts) h.complete = false;
    }

    HostInventory& row_to_inventory(TableKind kind, const Cells& cells, const char* format,
                                    uint64_t at) {
        if (kind == TableKind::systeminfo) {
            HostInventory& h = host(cells.get("Host Name"), at);
            add_format(h, format);
            h.os_name = cells.get("OS Name");
            h.os_version_text = cells.get("OS Version");
            const OsVersion v = parse_os_version(h.os_version_text);
            h.os_version = v.version;
            h.service_pack = v.service_pack;
            h.os_configuration = cells.get("OS Configuration");
            h.domain = cells.get("Domain");
            h.hotfix_list_seen = true;
            // "3 Hotfix(s) Installed.,[01]: KB899900,[02]: Q147222,[03]: KB942841"
            const std::string list = cells.get("Hotfix(s)");
            int listed = 0;
            size_t pos = 0;
            while (pos <= list.size()) {
                const size_t comma = std::min(list.find(',', pos), list.size());
                const std::string_view part = trim(std::string_view(list).substr(pos, comma - pos));
                pos = comma + 1;
                if (part.starts_with('[')) {
                    const size_t close = part.find("]:");
                    HotfixEntry e;
                    e.raw = std::string(
                        trim(part.substr(close == std::string_view::npos ? 1 : close + 2)));
                    e.kb = normalize_kb(e.raw);
                    e.line = at;
                    add_hotfix(h, std::move(e));
                    ++listed;
                } else if (!part.empty() && is_digit(part[0])) {
                    h.declared_count = std::atoi(std::string(part).c_str());
                } else if (part == "N/A") {
                    h.declared_count = 0;
                }
            }
            if (h.declared_count && listed < *h.declared_count) {
                h.complete = false;
                h.problems.push_back("systeminfo says " + std::to_string(*h.declared_count) +
                                     " hot fixes are installed on " + h.host_name + " but lists " +
                                     std::to_string(listed) + " (line " + std::to_string(at) +
                                     "): the list is cut");
            }
            return h;
        }
        HostInventory& h = host_or_current(cells.host(), at);
        add_format(h, format);
        if (kind == TableKind::qfe) add_qfe(h, cells, at);
        if (kind == TableKind::os) add_os(h, cells);
        if (kind == TableKind::client) {
            const std::string v = cells.get("ClientVersion");
            if (!v.empty()) h.configmgr_client_version = v;
        }
        return h;
    }

    void add_qfe(HostInventory& h, const Cells& cells, uint64_t at) {
        HotfixEntry e;
        e.raw = cells.get("HotFixID");
        e.description = cells.get("Description");
        e.installed_by = cells.get("InstalledBy");
        e.installed_on = cells.get("InstalledOn");
        e.line = at;
        if (truncated(e.raw)) {
            damage(at, "the HotFixID '" + e.raw + "' is cut short by the table's width");
            h.complete = false;
        } else {
            e.kb = normalize_kb(e.raw);
        }
        // XP and 2003 list some fixes as "File 1" with the KB in another column.
        for (const char* other : {"Caption", "Description", "ServicePackInEffect", "FixComments"})
            if (e.kb.empty()) e.kb = normalize_kb(cells.get(other));
        add_hotfix(h, std::move(e));
    }

    static void add_os(HostInventory& h, const Cells& cells) {
        const std::string caption = std::string(trim(cells.get("Caption")));
        if (!caption.empty()) h.os_name = caption;
        const std::string version = std::string(trim(cells.get("Version")));
        const std::string csd = std::string(trim(cells.get("CSDVersion")));
        if (!version.empty()) {
            h.os_version = version;
            h.os_version_text = version + (csd.empty() ? "" : " " + csd);
            h.service_pack = parse_os_version("0 " + csd).service_pack;
        }
    }

    // --- fixed-width tables (wmic, Format-Table) --------------------------------------------

    bool table_block() {
        const std::string_view text = line().text;
        if (blank(text) || text.find('"') != std::string_view::npos ||
            text.find(',') != std::string_view::npos || text.find(':') != std::string_view::npos ||
            text.find('=') != std::string_view::npos)
            return false;
        std::vector<Column> columns = cmdout::columns_from_words(text);
        std::vector<std::string> names;
        for (const auto& c : columns) names.push_back(c.name);
        const TableKind kind = kind_of_header(names);
        if (kind == TableKind::none || kind == TableKind::systeminfo) return false;
        const uint64_t header_line = line().number;
        size_t j = i_ + 1;
        while (j < lines_.size() && blank(lines_[j].text)) ++j;
        bool powershell = false;
        if (j < lines_.size()) {
            const std::string_view r = trim(lines_[j].text);
            powershell = !r.empty() && r.find_first_not_of("- ") == std::string_view::npos;
        }
        if (powershell) {
            columns = cmdout::columns_from_rule(text, lines_[j].text, '-');
            i_ = j + 1;
        } else {
            ++i_;
        }
        const char* format = kind == TableKind::qfe  ? (powershell ? "get-hotfix" : "wmic-qfe")
                             : kind == TableKind::os ? "wmic-os"
                                                     : "client-version";
        ++out_.recognised;
        size_t rows = 0;
        for (; i_ < lines_.size(); ++i_) {
            const std::string_view row = line().text;
            if (blank(row)) {
                if (rows > 0) break;
                continue;
            }
            if (section_start(i_)) break;
            if (!cmdout::row_aligned(row, columns)) {
                if (kind != TableKind::qfe) {
                    damage(line().number, "the row does not line up with the header at line " +
                                              std::to_string(header_line) + ": not read");
                    continue;
                }
                // Columns collapsed by a paste: the KB number is all that can be trusted.
                HostInventory& h = current_host(line().number);
                add_format(h, format);
                HotfixEntry e;
                e.raw = std::string(trim(row));
                e.kb = normalize_kb(row);
                e.line = line().number;
                damage(line().number, "the row does not line up with the header at line " +
                                          std::to_string(header_line) +
                                          (e.kb.empty() ? ": no KB number in it, not read"
                                                        : ": only its KB number is read"));
                if (!e.kb.empty())
                    add_hotfix(h, std::move(e));
                else
                    h.complete = false;
                ++rows;
                continue;
            }
            const std::vector<std::string> cells_text = cmdout::cut_row(row, columns);
            Cells cells;
            for (size_t k = 0; k < columns.size(); ++k) cells.set(columns[k].name, cells_text[k]);
            row_to_inventory(kind, cells, format, line().number);
            ++rows;
            ++out_.recognised;
        }
        return true;
    }

    // --- reg query ---------------------------------------------------------------------------

    bool registry_block() {
        std::string_view t = trim(line().text);
        std::string remote;
        if (t.starts_with("\\\\")) {
            const size_t slash = t.find('\\', 2);
            if (slash == std::string_view::npos) return false;
            remote = std::string(t.substr(2, slash - 2));
            t = t.substr(slash + 1);
        }
        if (!t.starts_with("HKEY_")) return false;
        const std::string key = lower(t);
        const bool setup = key.ends_with("\\microsoft\\sms\\setup");
        const bool client = key.ends_with("\\microsoft\\sms\\mobile client");
        const uint64_t at = line().number;
        ++i_;
        if (!setup && !client) return true;
        ++out_.recognised;
        std::string full, version, product;
        for (; i_ < lines_.size(); ++i_) {
            const std::string_view v = line().text;
            if (blank(v)) continue;
            const size_t reg = v.find("REG_");
            if (reg == std::string_view::npos || indent_of(v) == 0) break;
            const std::string_view name = trim(v.substr(0, reg));
            std::string_view rest = v.substr(reg);
            const size_t space = rest.find_first_of(" \t");
            const std::string value = space == std::string_view::npos
                                          ? std::string()
                                          : std::string(trim(rest.substr(space)));
            if (setup && name == "Full Version") full = value;
            if (setup && name == "Version") version = value;
            if (client && (name == "ProductVersion" || name == "SmsClientVersion")) product = value;
            ++out_.recognised;
        }
        HostInventory& h = remote.empty() ? current_host(at) : host(remote, at);
        add_format(h, "reg-query");
        if (setup && !(full.empty() && version.empty()))
            h.configmgr_site_version = full.empty() ? version : full;
        if (client && !product.empty()) h.configmgr_client_version = product;
        return true;
    }

    // --- key: value records (wmic list full, Format-List) -------------------------------------

    bool list_record() {
        const auto start = record_line(line().text);
        if (!start || !one_of(start->first, kRecordKeys)) return false;
        const char separator = start->second;
        Cells cells;
        const uint64_t at = line().number;
        for (; i_ < lines_.size(); ++i_) {
            const std::string_view text = line().text;
            if (blank(text)) {
                if (!cells.empty()) break;
                continue;
            }
            if (!cells.empty() && section_start(i_)) break;
            const auto kv = cmdout::key_value(text, separator);
            if (!kv) {
                if (indent_of(text) > 0) continue;  // a wrapped long value
                break;
            }
            if (cells.has(kv->first)) break;  // the next record without a blank line between
            cells.set(kv->first, std::string(kv->second));
        }
        const bool qfe = cells.has("HotFixID");
        const bool os =
            cells.has("CSDVersion") ||
            (cells.has("Version") && cmdout::icontains(cells.get("Caption"), "Windows"));
        const bool client = cells.has("ClientVersion");
        if (!qfe && !os && !client) return true;
        const bool powershell = separator == ':';
        const char* format = qfe  ? (powershell ? "get-hotfix-list" : "wmic-qfe-list")
                             : os ? "wmic-os"
                                  : "client-version";
        row_to_inventory(qfe  ? TableKind::qfe
                         : os ? TableKind::os
                              : TableKind::client,
                         cells, format, at);
        ++out_.recognised;
        return true;
    }

    // "HotFixID=KB899900" or "HotFixID    : KB899900": the key and its separator.
    static std::optional<std::pair<std::string_view, char>> record_line(std::string_view text) {
        if (indent_of(text) > 0) return std::nullopt;
        const size_t eq = text.find('=');
        const size_t colon = text.find(':');
        const char sep = eq < colon ? '=' : ':';
        const auto kv = cmdout::key_value(text, sep);
        if (!kv) return std::nullopt;
        return std::make_pair(kv->first, sep);
    }

    // A part that named no host, in a file that names exactly one: it is that host's.
    void merge_unnamed() {
        auto unnamed = std::find_if(out_.hosts.begin(), out_.hosts.end(),
                                    [](const HostInventory& h) { return h.host_name.empty(); });
        if (unnamed == out_.hosts.end()) return;
        std::vector<size_t> named;
        for (size_t k = 0; k < out_.hosts.size(); ++k)
            if (!out_.hosts[k].host_name.empty()) named.push_back(k);
        if (named.size() != 1) return;
        HostInventory u = std::move(*unnamed);
        out_.hosts.erase(unnamed);
        HostInventory& h =
            *std::find_if(out_.hosts.begin(), out_.hosts.end(),
                          [](const HostInventory& x) { return !x.host_name.empty(); });
        for (auto& e : u.hotfixes) h.hotfixes.push_back(std::move(e));
        h.hotfix_list_seen = h.hotfix_list_seen || u.hotfix_list_seen;
        h.complete = h.complete && u.complete;
        if (h.os_version.empty() && !u.os_version.empty()) {
            h.os_name = u.os_name;
            h.os_version = u.os_version;
            h.os_version_text = u.os_version_text;
            h.service_pack = u.service_pack;
        }
        if (h.configmgr_site_version.empty()) h.configmgr_site_version = u.configmgr_site_version;
        if (h.configmgr_client_version.empty())
            h.configmgr_client_version = u.configmgr_client_version;
        for (const auto& f : u.formats) add_format(h, f.c_str());
        for (auto& p : u.problems) h.problems.push_back(std::move(p));
        out_.notes.push_back("the parts that name no host (from line " + std::to_string(u.line) +
                             ") are taken as " + h.host_name + "'s, the only host the file names");
    }

    std::vector<Line> lines_;
    size_t i_ = 0;
    size_t current_ = static_cast<size_t>(-1);
    Inventory out_;
};

}  // namespace

std::string normalize_kb(std::string_view text) {
    auto digits_at = [&](size_t p, size_t min, size_t max) -> std::string {
        size_t e = p;
        while (e < text.size() && is_digit(text[e])) ++e;
        const size_t n = e - p;
        if (n < min || n > max) return {};
        return "KB" + std::string(text.substr(p, n));
    };
    for (size_t i = 0; i < text.size(); ++i) {
        if (istarts_with(text.substr(i), "kbid=")) {
            if (auto kb = digits_at(i + 5, 4, 8); !kb.empty()) return kb;
        }
        const bool boundary = i == 0 || !is_alnum(text[i - 1]);
        if (!boundary) continue;
        if (istarts_with(text.substr(i), "kb")) {
            size_t p = i + 2;
            if (p < text.size() && (text[p] == ' ' || text[p] == '-' || text[p] == '_')) ++p;
            if (auto kb = digits_at(p, 4, 8); !kb.empty()) return kb;
        }
        if ((text[i] == 'Q' || text[i] == 'q') && i + 1 < text.size() && is_digit(text[i + 1])) {
            if (auto kb = digits_at(i + 1, 6, 6); !kb.empty()) return kb;
        }
    }
    return {};
}

OsVersion parse_os_version(std::string_view text) {
    OsVersion v;
    text = trim(text);
    size_t k = 0;
    while (k < text.size() && (is_digit(text[k]) || text[k] == '.')) ++k;
    v.version = std::string(text.substr(0, k));
    const size_t sp = lower(text).find("service pack ");
    if (sp != std::string::npos) {
        size_t p = sp + 13;
        int n = 0;
        while (p < text.size() && is_digit(text[p]) && n < 100) n = n * 10 + (text[p++] - '0');
        v.service_pack = n;
    }
    return v;
}

Inventory parse_inventory(std::string_view utf8_text) {
    return Parser(utf8_text).run();
}

int inventory_confidence(std::string_view utf8_text, std::string* format) {
    const Inventory inv = parse_inventory(utf8_text);
    int best = 0;
    std::string best_format;
    for (const auto& h : inv.hosts) {
        for (const auto& f : h.formats) {
            int c = 0;
            if (f == "systeminfo" || f == "systeminfo-csv")
                // "Host Name:" alone is also how ipconfig pastes begin: not enough.
                c = h.hotfix_list_seen ? 95 : (!h.os_version.empty() ? 80 : 0);
            else if (f == "get-hotfix" || f == "wmic-qfe-csv" || f == "get-hotfix-csv")
                c = h.hotfixes.empty() ? 60 : 92;
            else if (f == "wmic-qfe" || f == "wmic-qfe-list" || f == "get-hotfix-list")
                c = h.hotfixes.empty() ? 55 : 88;
            else if (f == "reg-query" && !h.configmgr_site_version.empty())
                c = 65;
            else if (f == "wmic-os" || f == "client-version" || f == "reg-query")
                c = 55;
            if (c > best) {
                best = c;
                best_format = f;
            }
        }
    }
    if (format != nullptr) *format = best_format;
    return best;
}

}  // namespace amtdiag::parsers::hotfix
