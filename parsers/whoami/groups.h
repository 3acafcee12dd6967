#pragma once
// `whoami /groups` as Windows prints it (English): the table (default), /fo csv (with or
// without /nh) and /fo list; `whoami /all` and `/user /groups` add the USER INFORMATION part,
// which names the account and its SID. Several outputs may follow one another in one file.
// Pure functions over UTF-8 text (decode with parsers/cmdout first); damage is reported.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::whoami {

struct Group {
    std::string name;                     // "VPROLAB\Domain Users", "Everyone"
    std::string type;                     // "Group", "Alias", "Well-known group", "Label"
    std::string sid;                      // "S-1-5-21-...-513"
    std::vector<std::string> attributes;  // "Mandatory group", "Enabled by default", ...
    uint64_t line = 0;
};

struct GroupsReport {
    std::string user;      // "vprolab\opsadmin" when the output names it
    std::string user_sid;  // likewise
    std::string format;    // "table", "csv", "list"
    std::vector<Group> groups;
    bool complete = true;  // false: rows were damaged or the output is cut
    uint64_t line = 0;     // where its group list begins
};

struct WhoamiOutput {
    std::vector<GroupsReport> reports;
    std::vector<std::string> notes;  // damage, one sentence each, with line numbers
    std::vector<uint64_t> damaged_lines;
    uint64_t damaged = 0;
};

WhoamiOutput parse_whoami(std::string_view utf8_text);

// 0-100: how sure it is that the text is `whoami /groups` output.
int whoami_confidence(std::string_view utf8_text);

// "S-1-5-21-1-2-3-1105" -> "S-1-5-21-1-2-3" (the domain of a domain or machine account SID);
// "" for SIDs of other authorities.
std::string sid_domain(std::string_view sid);
// The last sub-authority: 1105; -1 when the SID does not end in a number.
int64_t sid_rid(std::string_view sid);

}  // namespace amtdiag::parsers::whoami
