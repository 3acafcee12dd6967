#include "parsers/whoami/groups.h"

#include <algorithm>
#include <cctype>

#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::whoami {

namespace {

using cmdout::iequals;
using cmdout::Line;
using cmdout::lower;
using cmdout::trim;

// The SID types whoami prints in its Type column (SID_NAME_USE, as whoami names them).
constexpr std::string_view kTypes[] = {"Well-known group",
                                       "Unknown SID type",
                                       "Deleted account",
                                       "Invalid SID",
                                       "Alias",
                                       "Group",
                                       "Label",
                                       "Domain",
                                       "User",
                                       "Computer"};

bool is_sid(std::string_view s) {
    if (!s.starts_with("S-1-") || s.size() < 5) return false;
    for (char c : s.substr(4))
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-') return false;
    return std::isdigit(static_cast<unsigned char>(s.back())) != 0;
}

bool heading(std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) {
        return c == ' ' || std::isupper(static_cast<unsigned char>(c));
    });
}

bool rule_line(std::string_view s, char c) {
    const std::string_view t = trim(s);
    return !t.empty() && t.find_first_not_of(std::string(1, c) + " ") == std::string_view::npos;
}

std::vector<std::string> split_attributes(std::string_view s) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= s.size()) {
        const size_t comma = std::min(s.find(',', pos), s.size());
        const std::string_view part = trim(s.substr(pos, comma - pos));
        if (!part.empty()) out.emplace_back(part);
        pos = comma + 1;
    }
    return out;
}

// A table row whose columns do not line up (a paste that collapsed spaces): the SID is the
// one token that starts with S-1-; the type is the known word before it.
bool parse_loose_row(std::string_view row, std::string& name, std::string& type, std::string& sid,
                     std::string& attributes) {
    size_t at = row.find(" S-1-");
    if (at == std::string_view::npos) return false;
    const size_t end = std::min(row.find_first_of(" \t", at + 1), row.size());
    sid = std::string(row.substr(at + 1, end - at - 1));
    if (!is_sid(sid)) return false;
    std::string_view before = trim(row.substr(0, at));
    attributes = std::string(trim(row.substr(end)));
    for (auto t : kTypes) {
        if (before.size() > t.size() && before.ends_with(t) &&
            std::isspace(static_cast<unsigned char>(before[before.size() - t.size() - 1]))) {
            type = std::string(t);
            name = std::string(trim(before.substr(0, before.size() - t.size())));
            return !name.empty();
        }
    }
    return false;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : lines_(cmdout::split_lines(text)) {}

    WhoamiOutput run() {
        for (i_ = 0; i_ < lines_.size(); ++i_) step();
        close();
        return std::move(out_);
    }

  private:
    enum class Section : uint8_t { none, user, groups, other };

    void damage(uint64_t at, const std::string& note) {
        ++out_.damaged;
        if (out_.damaged_lines.size() < 8) out_.damaged_lines.push_back(at);
        if (out_.notes.size() < 16)
            out_.notes.push_back("line " + std::to_string(at) + ": " + note);
        if (open_) out_.reports.back().complete = false;
    }

    void close() { open_ = false; }

    GroupsReport& report(const char* format, uint64_t at) {
        if (!open_ || out_.reports.back().format != format) {
            GroupsReport r;
            r.format = format;
            r.user = pending_user_;
            r.user_sid = pending_sid_;
            r.line = at;
            out_.reports.push_back(std::move(r));
            open_ = true;
        }
        return out_.reports.back();
    }

    void add_group(const char* format, Group g) {
        GroupsReport& r = report(format, g.line);
        if (!is_sid(g.sid)) {
            damage(g.line, "'" + g.sid + "' is not a SID: the group " + g.name + " is not read");
            return;
        }
        r.groups.push_back(std::move(g));
    }

    void set_user(std::string user, std::string sid) {
        // A new account's information begins a new report.
        close();
        pending_user_ = std::move(user);
        pending_sid_ = std::move(sid);
    }

    size_t next_nonblank(size_t k) const {
        while (k < lines_.size() && trim(lines_[k].text).empty()) ++k;
        return k;
    }

    void step() {
        const Line& line = lines_[i_];
        const std::string_view t = trim(line.text);
        if (t.empty()) return;
        // "USER INFORMATION", "GROUP INFORMATION", "PRIVILEGES INFORMATION", ...
        if (t.ends_with(" INFORMATION") && heading(t)) {
            close();
            list_item_ = Section::none;
            csv_kind_ = Section::none;
            return;
        }
        if (rule_line(t, '-')) return;
        // Table: a header over a row of '='.
        const size_t next = next_nonblank(i_ + 1);
        if (next < lines_.size() && rule_line(lines_[next].text, '=')) {
            table(line, lines_[next], next);
            return;
        }
        if (t.starts_with('"')) {
            csv(line, t);
            return;
        }
        list(line, t);
    }

    void table(const Line& header, const Line& rule, size_t rule_index) {
        const auto columns = cmdout::columns_from_rule(header.text, rule.text, '=');
        std::vector<std::string> names;
        for (const auto& c : columns) names.push_back(lower(c.name));
        auto col = [&](const char* n) -> int {
            for (size_t k = 0; k < names.size(); ++k)
                if (names[k] == n) return static_cast<int>(k);
            return -1;
        };
        const int c_group = col("group name"), c_type = col("type"), c_sid = col("sid"),
                  c_attr = col("attributes"), c_user = col("user name");
        i_ = rule_index + 1;
        const bool groups = c_group >= 0 && c_sid >= 0;
        const bool user = c_user >= 0 && c_sid >= 0;
        if (groups) close();
        for (; i_ < lines_.size(); ++i_) {
            const Line& row = lines_[i_];
            if (trim(row.text).empty()) break;
            if (!groups && !user) continue;  // privileges, claims
            const auto cells = cmdout::cut_row(row.text, columns);
            auto cell = [&](int k) {
                return k >= 0 ? cells[static_cast<size_t>(k)] : std::string();
            };
            if (user) {
                set_user(cell(c_user), cell(c_sid));
                continue;
            }
            Group g;
            g.line = row.number;
            if (cmdout::row_aligned(row.text, columns) && is_sid(cell(c_sid))) {
                g.name = cell(c_group);
                g.type = cell(c_type);
                g.sid = cell(c_sid);
                g.attributes = split_attributes(cell(c_attr));
            } else {
                std::string attributes;
                if (!parse_loose_row(row.text, g.name, g.type, g.sid, attributes)) {
                    report("table", row.number);
                    damage(row.number, "a row of the group table that cannot be read: '" +
                                           std::string(trim(row.text).substr(0, 60)) + "'");
                    continue;
                }
                g.attributes = split_attributes(attributes);
                ++loose_;
                if (loose_ == 1)
                    out_.notes.push_back("line " + std::to_string(row.number) +
                                         ": the group table's columns do not line up (a paste "
                                         "that collapsed spaces?); rows read by their SID");
            }
            add_group("table", std::move(g));
        }
        if (groups) close();
    }

    void csv(const Line& line, std::string_view t) {
        const auto fields = cmdout::csv_fields(t);
        if (!fields) {
            if (open_) damage(line.number, "a quoted CSV field is not closed: the row is cut off");
            return;
        }
        std::vector<std::string> names;
        for (const auto& f : *fields) names.push_back(lower(trim(f)));
        auto has = [&](const char* n) {
            return std::find(names.begin(), names.end(), n) != names.end();
        };
        if (has("group name") && has("sid")) {
            close();
            csv_columns_ = names;
            csv_kind_ = Section::groups;
            report("csv", line.number);
            return;
        }
        if (has("user name") && has("sid")) {
            close();
            csv_columns_ = names;
            csv_kind_ = Section::user;
            return;
        }
        if (has("privilege name") || has("claim name")) {
            close();
            csv_kind_ = Section::other;
            return;
        }
        // A data row: by the header's columns, or by shape (/nh: no header at all).
        auto at = [&](const char* n) -> int {
            for (size_t k = 0; k < csv_columns_.size(); ++k)
                if (csv_columns_[k] == n) return static_cast<int>(k);
            return -1;
        };
        if (csv_kind_ == Section::user && fields->size() == csv_columns_.size()) {
            set_user((*fields)[static_cast<size_t>(at("user name"))],
                     (*fields)[static_cast<size_t>(at("sid"))]);
            csv_kind_ = Section::none;
            return;
        }
        if (csv_kind_ == Section::groups) {
            if (fields->size() != csv_columns_.size()) {
                damage(line.number, std::to_string(fields->size()) +
                                        " CSV fields where the header has " +
                                        std::to_string(csv_columns_.size()));
                return;
            }
            Group g;
            g.line = line.number;
            auto get = [&](const char* n) {
                const int k = at(n);
                return k >= 0 ? (*fields)[static_cast<size_t>(k)] : std::string();
            };
            g.name = get("group name");
            g.type = get("type");
            g.sid = get("sid");
            g.attributes = split_attributes(get("attributes"));
            add_group("csv", std::move(g));
            return;
        }
        if (csv_kind_ == Section::none && fields->size() == 4 && is_sid((*fields)[2])) {
            if (!open_ && !nh_noted_) {
                out_.notes.push_back("line " + std::to_string(line.number) +
                                     ": CSV rows without a header (/nh): read as Group Name, "
                                     "Type, SID, Attributes");
                nh_noted_ = true;
            }
            Group g;
            g.line = line.number;
            g.name = (*fields)[0];
            g.type = (*fields)[1];
            g.sid = (*fields)[2];
            g.attributes = split_attributes((*fields)[3]);
            add_group("csv", std::move(g));
            return;
        }
        if (csv_kind_ == Section::none && fields->size() == 2 && is_sid((*fields)[1]))
            set_user((*fields)[0], (*fields)[1]);
    }

    void list(const Line& line, std::string_view t) {
        const auto kv = cmdout::key_value(t, ':');
        if (!kv) return;
        const auto [key, value] = *kv;
        if (iequals(key, "User Name")) {
            set_user(std::string(value), "");
            list_item_ = Section::user;
            return;
        }
        if (iequals(key, "Group Name")) {
            Group g;
            g.name = std::string(value);
            g.line = line.number;
            report("list", line.number);
            pending_group_ = std::move(g);
            have_group_ = true;
            list_item_ = Section::groups;
            return;
        }
        if (iequals(key, "SID") && list_item_ == Section::user) {
            pending_sid_ = std::string(value);
            if (open_) out_.reports.back().user_sid = pending_sid_;
            return;
        }
        if (list_item_ != Section::groups || !have_group_) return;
        if (iequals(key, "Type")) pending_group_.type = std::string(value);
        if (iequals(key, "SID")) pending_group_.sid = std::string(value);
        if (iequals(key, "Attributes")) {
            pending_group_.attributes = split_attributes(value);
            add_group("list", std::move(pending_group_));
            pending_group_ = Group{};
            have_group_ = false;
        }
    }

    std::vector<Line> lines_;
    size_t i_ = 0;
    WhoamiOutput out_;
    bool open_ = false;  // the last report still takes groups
    Section csv_kind_ = Section::none;
    Section list_item_ = Section::none;
    std::vector<std::string> csv_columns_;
    std::string pending_user_, pending_sid_;
    Group pending_group_;
    bool have_group_ = false;
    bool nh_noted_ = false;
    size_t loose_ = 0;
};

}  // namespace

WhoamiOutput parse_whoami(std::string_view utf8_text) {
    return Parser(utf8_text).run();
}

int whoami_confidence(std::string_view utf8_text) {
    const WhoamiOutput out = parse_whoami(utf8_text);
    size_t groups = 0;
    bool table_or_header = false;
    for (const auto& r : out.reports) {
        groups += r.groups.size();
        table_or_header = table_or_header || r.format != "list";
    }
    if (groups == 0) return 0;
    const bool heading = utf8_text.find("GROUP INFORMATION") != std::string_view::npos;
    if (heading || (table_or_header && groups >= 2)) return 95;
    return groups >= 2 ? 85 : 60;
}

std::string sid_domain(std::string_view sid) {
    if (!sid.starts_with("S-1-5-21-")) return {};
    const size_t last = sid.rfind('-');
    // S-1-5-21-a-b-c-rid: three sub-authorities name the domain.
    if (std::count(sid.begin(), sid.end(), '-') < 7) return {};
    return std::string(sid.substr(0, last));
}

int64_t sid_rid(std::string_view sid) {
    const size_t last = sid.rfind('-');
    if (last == std::string_view::npos || last + 1 >= sid.size()) return -1;
    int64_t rid = 0;
    for (char c : sid.substr(last + 1)) {
        if (!std::isdigit(static_cast<unsigned char>(c)) || rid > (int64_t{1} << 40)) return -1;
        rid = rid * 10 + (c - '0');
    }
    return rid;
}

}  // namespace amtdiag::parsers::whoami
