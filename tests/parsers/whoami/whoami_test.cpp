// `whoami /groups` in its table, CSV and list forms, UTF-16LE or not, as pure parse functions
// and as evidence (the account's domain, each SID's scope). Fixtures are written by
// tests/parsers/make_inventory_fixtures.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "parsers/cmdout/cmdout.h"
#include "parsers/whoami/groups.h"
#include "parsers/whoami/whoami_evidence.h"
#include "parsers/whoami/whoami_reader.h"

namespace {

namespace wh = amtdiag::parsers::whoami;
namespace co = amtdiag::parsers::cmdout;
using amtdiag::model::Evidence;

const std::string kDomain = "S-1-5-21-3623811015-3361044348-30300820";

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::string local(const std::string& name) {
    return bytes_of("fixtures/" + name);
}
std::string rule_fixture(const std::string& name) {
    return bytes_of(std::string(AMTDIAG_RULE_FIXTURES) + "/whoami/" + name);
}
wh::WhoamiOutput parse(const std::string& bytes) {
    return wh::parse_whoami(co::decode(bytes).text);
}
bool mentions(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}
std::vector<Evidence> evidence_of(const std::string& bytes) {
    std::vector<Evidence> out;
    wh::emit_whoami(parse(bytes), "groups.csv", [&](const Evidence& e) { out.push_back(e); });
    return out;
}

TEST(Sid, DomainAndRid) {
    EXPECT_EQ(wh::sid_domain(kDomain + "-513"), kDomain);
    EXPECT_EQ(wh::sid_rid(kDomain + "-513"), 513);
    EXPECT_EQ(wh::sid_domain("S-1-5-32-544"), "");
    EXPECT_EQ(wh::sid_domain("S-1-5-21-1-2"), "");
    EXPECT_EQ(wh::sid_rid("S-1-16-8192"), 8192);
    EXPECT_EQ(wh::sid_scope("S-1-5-32-545", kDomain), "builtin");
    EXPECT_EQ(wh::sid_scope("S-1-16-8192", kDomain), "label");
    EXPECT_EQ(wh::sid_scope("S-1-5-11", kDomain), "well-known");
    EXPECT_EQ(wh::sid_scope(kDomain + "-1105", kDomain), "account");
    EXPECT_EQ(wh::sid_scope("S-1-5-21-1-2-3-1105", kDomain), "other-domain");
}

TEST(Csv, FourHundredGroups) {
    const auto out = parse(rule_fixture("opsadmin-400-groups.csv"));
    ASSERT_EQ(out.reports.size(), 1u);
    const auto& r = out.reports[0];
    EXPECT_EQ(r.format, "csv");
    ASSERT_EQ(r.groups.size(), 400u);
    EXPECT_EQ(r.groups[0].name, "Everyone");
    EXPECT_EQ(r.groups[0].type, "Well-known group");
    EXPECT_EQ(r.groups[0].sid, "S-1-1-0");
    EXPECT_EQ(r.groups[0].attributes,
              (std::vector<std::string>{"Mandatory group", "Enabled by default", "Enabled group"}));
    EXPECT_EQ(r.groups[399].type, "Label");
    EXPECT_TRUE(r.groups[399].attributes.empty());
    EXPECT_TRUE(r.complete);
    EXPECT_TRUE(out.notes.empty());
}

TEST(Forms, TableCsvListAndNoHeaderAgree) {
    const auto csv = parse(rule_fixture("opsadmin-400-groups.csv"));
    const auto utf16 = parse(rule_fixture("opsadmin-400-groups-utf16.csv"));
    const auto table = parse(local("opsadmin-400-groups-table.txt"));
    ASSERT_EQ(table.reports.size(), 1u);
    EXPECT_EQ(table.reports[0].format, "table");
    ASSERT_EQ(utf16.reports.size(), 1u);
    for (size_t i = 0; i < 400; ++i) {
        EXPECT_EQ(table.reports[0].groups[i].name, csv.reports[0].groups[i].name) << i;
        EXPECT_EQ(table.reports[0].groups[i].type, csv.reports[0].groups[i].type) << i;
        EXPECT_EQ(table.reports[0].groups[i].sid, csv.reports[0].groups[i].sid) << i;
        EXPECT_EQ(table.reports[0].groups[i].attributes, csv.reports[0].groups[i].attributes) << i;
        EXPECT_EQ(utf16.reports[0].groups[i].sid, csv.reports[0].groups[i].sid) << i;
    }
    const auto small = parse(rule_fixture("operator-groups.txt"));
    for (const char* name : {"operator-list.txt", "operator-nh.csv", "operator-collapsed.txt"}) {
        const auto other = parse(local(name));
        ASSERT_EQ(other.reports.size(), 1u) << name;
        ASSERT_EQ(other.reports[0].groups.size(), small.reports[0].groups.size()) << name;
        for (size_t i = 0; i < small.reports[0].groups.size(); ++i) {
            EXPECT_EQ(other.reports[0].groups[i].name, small.reports[0].groups[i].name) << name;
            EXPECT_EQ(other.reports[0].groups[i].sid, small.reports[0].groups[i].sid) << name;
            EXPECT_EQ(other.reports[0].groups[i].type, small.reports[0].groups[i].type) << name;
        }
    }
    EXPECT_TRUE(mentions(parse(local("operator-nh.csv")).notes, "without a header (/nh)"));
    EXPECT_TRUE(mentions(parse(local("operator-collapsed.txt")).notes, "do not line up"));
}

TEST(All, UserInformationNamesTheAccount) {
    const auto out = parse(rule_fixture("operator-all.txt"));
    ASSERT_EQ(out.reports.size(), 1u);
    EXPECT_EQ(out.reports[0].user, "vprolab\\amtoperator");
    EXPECT_EQ(out.reports[0].user_sid, kDomain + "-1104");
    EXPECT_EQ(out.reports[0].groups.size(), 13u);  // the privileges table is not a group
    EXPECT_EQ(wh::account_domain(out.reports[0]).from, "user SID");
}

TEST(Damage, CutRowAndBadSidAreNamed) {
    auto out = parse(local("operator-cut.csv"));
    ASSERT_EQ(out.reports.size(), 1u);
    EXPECT_FALSE(out.reports[0].complete);
    EXPECT_EQ(out.reports[0].groups.size(), 12u);
    EXPECT_TRUE(mentions(out.notes, "line 14: a quoted CSV field is not closed"));
    out = parse(local("operator-bad-sid.csv"));
    EXPECT_EQ(out.reports[0].groups.size(), 12u);
    EXPECT_TRUE(
        mentions(out.notes, "'S-1-5-21-36238110#5' is not a SID: the group VPROLAB\\Helpdesk"));
    EXPECT_EQ(out.damaged, 1u);
}

TEST(Evidence, AccountDomainScopesAndCounts) {
    const auto ev = evidence_of(rule_fixture("opsadmin-400-groups.csv"));
    ASSERT_EQ(ev.size(), 401u);
    const Evidence& summary = ev[0];
    EXPECT_EQ(summary.kind, "auth.groups");
    EXPECT_TRUE(summary.keys.empty());
    EXPECT_EQ(*summary.attr("account_domain_sid"), kDomain);
    EXPECT_EQ(*summary.attr("account_domain_from"), "Domain Users (RID 513)");
    EXPECT_EQ(summary.attribute("group_count")->number, 400);
    EXPECT_EQ(summary.attribute("names")->items.size(), 400u);
    std::map<std::string, int> scopes;
    for (size_t i = 1; i < ev.size(); ++i) {
        EXPECT_EQ(ev[i].kind, "auth.group");
        ++scopes[*ev[i].attr("type") + "/" + *ev[i].attr("sid_scope")];
    }
    EXPECT_EQ(scopes["Group/account"], 131);
    EXPECT_EQ(scopes["Alias/account"], 250);
    EXPECT_EQ(scopes["Group/other-domain"], 10);
    EXPECT_EQ(scopes["Alias/builtin"], 2);
    EXPECT_EQ(scopes["Well-known group/well-known"], 6);
    EXPECT_EQ(scopes["Label/label"], 1);
    EXPECT_EQ(ev[1].ref.line, 2u);
    EXPECT_EQ(ev[400].attribute("position")->number, 400);
    EXPECT_NE(ev[0].ref.excerpt.find("400 groups"), std::string::npos) << ev[0].ref.excerpt;
}

TEST(Detection, ByContent) {
    EXPECT_EQ(wh::whoami_confidence(co::decode(rule_fixture("opsadmin-400-groups.csv")).text), 95);
    EXPECT_EQ(wh::whoami_confidence(co::decode(rule_fixture("operator-groups.txt")).text), 95);
    EXPECT_GE(wh::whoami_confidence(co::decode(local("operator-list.txt")).text), 85);
    EXPECT_EQ(wh::whoami_confidence("Host Name:   CM01\r\nOS Name:  Windows\r\n"), 0);
    EXPECT_EQ(wh::whoami_confidence("a,b,c\n1,2,3\n"), 0);
}

TEST(Robustness, EdgesNeverThrow) {
    for (const std::string& s :
         {std::string(), std::string("GROUP INFORMATION\n=====\n"),
          std::string("\"Group Name\",\"SID\"\n\"x\""),
          std::string("Group Name: a\nSID: S-1-\nAttributes:"),
          std::string("x S-1-5 Group\n===\n a"),
          std::string("\"a\",\"b\",\"S-1-5-21-1-2-3-4\",\"c\"\n"), std::string(500, '=')}) {
        (void)evidence_of(s);
    }
}

}  // namespace
