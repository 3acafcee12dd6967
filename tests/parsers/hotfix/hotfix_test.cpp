// Hot-fix inventories: systeminfo, wmic qfe, Get-HotFix in their forms and encodings, as pure
// parse functions and as per-host evidence; damaged inputs name their damage. Fixtures are
// written by tests/parsers/make_inventory_fixtures.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "parsers/cmdout/cmdout.h"
#include "parsers/hotfix/hotfix_evidence.h"
#include "parsers/hotfix/hotfix_reader.h"
#include "parsers/hotfix/inventory.h"

namespace {

namespace hf = amtdiag::parsers::hotfix;
namespace co = amtdiag::parsers::cmdout;
using amtdiag::model::Evidence;

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::string local(const std::string& name) {
    return bytes_of("fixtures/" + name);
}
std::string rule_fixture(const std::string& name) {
    return bytes_of(std::string(AMTDIAG_RULE_FIXTURES) + "/hotfix/" + name);
}
hf::Inventory parse(const std::string& bytes) {
    return hf::parse_inventory(co::decode(bytes).text);
}
std::vector<std::string> kbs(const hf::HostInventory& h) {
    std::vector<std::string> out;
    for (const auto& e : h.hotfixes)
        if (!e.kb.empty()) out.push_back(e.kb);
    return out;
}
bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}
bool mentions(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}
std::vector<Evidence> evidence_of(
    std::initializer_list<std::pair<std::string, std::string>> files) {
    hf::InventoryMerger merger;
    for (const auto& [name, bytes] : files) merger.add(parse(bytes), name);
    return merger.evidence();
}
const amtdiag::model::Attribute& attr(const Evidence& e, const char* name) {
    static const amtdiag::model::Attribute none = amtdiag::model::Attribute::text("<absent>", "");
    const auto* a = e.attribute(name);
    return a == nullptr ? none : *a;
}

TEST(NormalizeKb, Spellings) {
    EXPECT_EQ(hf::normalize_kb("KB899900"), "KB899900");
    EXPECT_EQ(hf::normalize_kb("kb 899900 - Update"), "KB899900");
    EXPECT_EQ(hf::normalize_kb("Security Update for Windows XP (KB950974)"), "KB950974");
    EXPECT_EQ(hf::normalize_kb("http://support.microsoft.com/?kbid=932303"), "KB932303");
    EXPECT_EQ(hf::normalize_kb("Q147222"), "KB147222");
    EXPECT_EQ(hf::normalize_kb("File 1"), "");
    EXPECT_EQ(hf::normalize_kb("SP3"), "");
    EXPECT_EQ(hf::normalize_kb("ABKB123456"), "");  // not at a word start
}

TEST(OsVersion, ServicePackAndBuild) {
    auto v = hf::parse_os_version("5.2.3790 Service Pack 1 Build 3790");
    EXPECT_EQ(v.version, "5.2.3790");
    EXPECT_EQ(v.service_pack, 1);
    v = hf::parse_os_version("10.0.19045 N/A Build 19045");
    EXPECT_EQ(v.version, "10.0.19045");
    EXPECT_EQ(v.service_pack, 0);
}

TEST(Systeminfo, Windows2003Sp1SiteServer) {
    const auto inv = parse(rule_fixture("systeminfo-cm01-2003sp1-none.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    const auto& h = inv.hosts[0];
    EXPECT_EQ(h.host_name, "CM01");
    EXPECT_EQ(h.os_name, "Microsoft(R) Windows(R) Server 2003, Enterprise Edition");
    EXPECT_EQ(h.os_version, "5.2.3790");
    EXPECT_EQ(h.service_pack, 1);
    EXPECT_EQ(h.os_configuration, "Member Server");
    EXPECT_EQ(h.domain, "vprolab.com");
    EXPECT_EQ(h.declared_count, 12);
    ASSERT_EQ(h.hotfixes.size(), 12u);  // "File 1" included, as systeminfo counts it
    EXPECT_EQ(h.hotfixes[0].raw, "File 1");
    EXPECT_EQ(h.hotfixes[0].kb, "");
    EXPECT_EQ(h.hotfixes[1].kb, "KB147222");
    EXPECT_EQ(h.hotfixes[2].kb, "KB890046");
    EXPECT_EQ(h.hotfixes[2].description, "Update");
    EXPECT_TRUE(h.complete);
    EXPECT_TRUE(inv.notes.empty());
    EXPECT_EQ(h.formats, (std::vector<std::string>{"systeminfo"}));
}

TEST(Systeminfo, Utf16WithAndWithoutBomReadsAsUtf8) {
    const auto utf8 = parse(rule_fixture("systeminfo-cm01-2003sp1-none.txt"));
    for (const auto& bytes : {rule_fixture("systeminfo-cm01-2003sp1-none-utf16.txt"),
                              local("systeminfo-cm01-utf16-nobom.txt")}) {
        const auto inv = parse(bytes);
        ASSERT_EQ(inv.hosts.size(), 1u);
        EXPECT_EQ(kbs(inv.hosts[0]), kbs(utf8.hosts[0]));
        EXPECT_EQ(inv.hosts[0].os_version, "5.2.3790");
    }
    EXPECT_EQ(co::decode(rule_fixture("systeminfo-cm01-2003sp1-none-utf16.txt")).encoding,
              "utf-16le (BOM)");
    EXPECT_EQ(co::decode(local("systeminfo-cm01-utf16-nobom.txt")).encoding, "utf-16le");
}

TEST(Systeminfo, WithRegistryVersionAndClientVersion) {
    auto inv = parse(rule_fixture("systeminfo-cm04-2008sp2.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(inv.hosts[0].configmgr_site_version, "4.00.6487.2000");
    EXPECT_EQ(inv.hosts[0].os_name, "Microsoft\u00ae Windows Server\u00ae 2008 Enterprise");
    EXPECT_EQ(inv.hosts[0].service_pack, 2);
    inv = parse(rule_fixture("systeminfo-hp7800-win7.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(inv.hosts[0].configmgr_client_version, "4.00.6487.2000");
    EXPECT_EQ(kbs(inv.hosts[0]).size(), 5u);
}

TEST(Systeminfo, CutListIsIncompleteAndSaysSo) {
    const auto inv = parse(local("systeminfo-cut.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    const auto& h = inv.hosts[0];
    EXPECT_FALSE(h.complete);
    EXPECT_EQ(h.hotfixes.size(), 7u);
    ASSERT_EQ(h.problems.size(), 1u);
    EXPECT_NE(h.problems[0].find("says 12 hot fixes are installed on CM01 but lists 7"),
              std::string::npos)
        << h.problems[0];
}

TEST(Systeminfo, OddByteIsNamed) {
    const auto d = co::decode(local("systeminfo-odd-byte.txt"));
    EXPECT_TRUE(mentions(d.notes, "last byte of the UTF-16 text is cut off"));
    EXPECT_FALSE(parse(local("systeminfo-odd-byte.txt")).hosts.at(0).complete);
}

TEST(Systeminfo, AppendedAnsiAfterUtf16IsReadToo) {
    const std::string bytes = local("mixed-encoding.txt");
    const auto d = co::decode(bytes);
    EXPECT_EQ(d.encoding, "utf-16le (BOM) + utf-8");
    EXPECT_TRUE(mentions(d.notes, "text appended by another shell"));
    const auto inv = hf::parse_inventory(d.text);
    ASSERT_EQ(inv.hosts.size(), 1u);  // the brief wmic list names no host: the last one named
    EXPECT_TRUE(has(kbs(inv.hosts[0]), "KB936059"));
    EXPECT_TRUE(has(kbs(inv.hosts[0]), "KB942841"));
    EXPECT_TRUE(has(kbs(inv.hosts[0]), "KB890046"));
}

TEST(Systeminfo, CsvForm) {
    const std::string text =
        "\"Host Name\",\"OS Name\",\"OS Version\",\"OS Configuration\",\"Domain\",\"Hotfix(s)\","
        "\"Network Card(s)\"\r\n"
        "\"CM07\",\"Microsoft(R) Windows(R) Server 2003, Standard Edition\",\"5.2.3790 Service "
        "Pack 2 Build 3790\",\"Member Server\",\"vprolab.com\",\"3 Hotfix(s) Installed.,[01]: "
        "File 1,[02]: Q147222,[03]: KB942841 - Update\",\"1 NIC(s) Installed.,[01]: NC373i\"\r\n";
    const auto inv = hf::parse_inventory(text);
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(inv.hosts[0].host_name, "CM07");
    EXPECT_EQ(inv.hosts[0].service_pack, 2);
    EXPECT_EQ(kbs(inv.hosts[0]), (std::vector<std::string>{"KB147222", "KB942841"}));
    EXPECT_TRUE(inv.hosts[0].complete);
    std::string format;
    EXPECT_EQ(hf::inventory_confidence(text, &format), 95);
    EXPECT_EQ(format, "systeminfo-csv");
}

TEST(Wmic, TableWithOsAndRegistryInUtf16CrCrLf) {
    const auto inv = parse(rule_fixture("wmic-cm02-sp1-partial.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    const auto& h = inv.hosts[0];
    EXPECT_EQ(h.host_name, "CM02");
    EXPECT_EQ(h.os_version, "5.2.3790");
    EXPECT_EQ(h.service_pack, 2);
    EXPECT_EQ(h.configmgr_site_version, "4.00.6221.1000");
    EXPECT_EQ(kbs(h), (std::vector<std::string>{"KB914961", "KB925902", "KB932303", "KB936059",
                                                "KB940848", "KB942841", "KB954718", "KB955126"}));
    EXPECT_EQ(h.hotfixes[1].installed_by, "VPROLAB\\cmadmin");
    EXPECT_EQ(h.hotfixes[0].raw, "File 1");
    EXPECT_EQ(h.hotfixes[7].description, "Hotfix");
    EXPECT_EQ(h.formats, (std::vector<std::string>{"wmic-os", "wmic-qfe", "reg-query"}));
    EXPECT_TRUE(inv.notes.empty()) << inv.notes.front();
}

TEST(Wmic, CsvAndListForms) {
    auto inv = parse(local("wmic-qfe-cm02.csv"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(inv.hosts[0].host_name, "CM02");
    EXPECT_EQ(kbs(inv.hosts[0]).size(), 8u);
    EXPECT_EQ(inv.hosts[0].formats, (std::vector<std::string>{"wmic-qfe-csv"}));
    inv = parse(local("wmic-qfe-full-cm02.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(kbs(inv.hosts[0]), (std::vector<std::string>{"KB914961", "KB925902", "KB932303"}));
    EXPECT_EQ(inv.hosts[0].formats, (std::vector<std::string>{"wmic-qfe-list"}));
}

TEST(GetHotFix, TableCsvListAndSelectedColumns) {
    const std::vector<std::string> expected = {"KB955430", "KB958623", "KB960804", "KB959130"};
    for (const auto& [bytes, format] : std::vector<std::pair<std::string, std::string>>{
             {rule_fixture("gethotfix-cm03-sp1.txt"), "get-hotfix"},
             {rule_fixture("gethotfix-cm03.csv"), "get-hotfix-csv"},
             {local("gethotfix-cm03-select.csv"), "get-hotfix-csv"},
             {local("gethotfix-list-cm03.txt"), "get-hotfix-list"}}) {
        const auto inv = parse(bytes);
        ASSERT_EQ(inv.hosts.size(), 1u) << format;
        EXPECT_EQ(inv.hosts[0].host_name, "CM03") << format;
        EXPECT_EQ(kbs(inv.hosts[0]), expected) << format;
        EXPECT_EQ(inv.hosts[0].formats.front(), format);
        EXPECT_TRUE(inv.hosts[0].complete) << format;
        EXPECT_EQ(inv.hosts[0].hotfixes[2].installed_by, "VPROLAB\\cmadmin") << format;
    }
}

TEST(GetHotFix, TruncatedIdMakesTheListIncomplete) {
    const auto inv = parse(local("gethotfix-truncated.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_FALSE(inv.hosts[0].complete);
    EXPECT_EQ(kbs(inv.hosts[0]), (std::vector<std::string>{"KB955430"}));
    EXPECT_TRUE(mentions(inv.notes, "line 5: the HotFixID 'KB96080...' is cut short"));
    EXPECT_EQ(inv.damaged_lines, (std::vector<uint64_t>{5}));
}

TEST(GetHotFix, CollapsedColumnsStillGiveTheKbs) {
    const auto inv = parse(local("gethotfix-collapsed.txt"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_EQ(kbs(inv.hosts[0]), (std::vector<std::string>{"KB955430", "KB960804"}));
    EXPECT_TRUE(mentions(inv.notes, "does not line up with the header at line 1"));
}

TEST(GetHotFix, CutCsvRowIsNamed) {
    const auto inv = parse(local("gethotfix-cut.csv"));
    ASSERT_EQ(inv.hosts.size(), 1u);
    EXPECT_FALSE(inv.hosts[0].complete);
    EXPECT_EQ(kbs(inv.hosts[0]).size(), 3u);
    EXPECT_TRUE(mentions(inv.notes, "line 6: a quoted CSV field is not closed"));
}

TEST(Detection, ConfidenceByContentNotName) {
    for (const char* name : {"systeminfo-cm01-2003sp1-none.txt", "wmic-cm02-sp1-partial.txt",
                             "gethotfix-cm03-sp1.txt", "gethotfix-cm03.csv"}) {
        const std::string text = co::decode(rule_fixture(name)).text;
        EXPECT_GE(hf::inventory_confidence(text), 88) << name;
    }
    EXPECT_EQ(
        hf::inventory_confidence("Windows IP Configuration\r\n\r\n   Host Name . . . : pc1\r\n"),
        0);
    EXPECT_EQ(hf::inventory_confidence("just some text\nwith lines\n"), 0);
    // An ipconfig paste without dot leaders starts like systeminfo: not ours.
    EXPECT_EQ(hf::inventory_confidence("Host Name: pc1\nPrimary Dns Suffix: vprolab.com\n"), 0);
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const std::filesystem::path path("systeminfo.txt");  // the name says nothing
    EXPECT_EQ(hf::detect({path, png, png.size()}).confidence, 0);
}

TEST(Evidence, OneInventoryPerHostOverFiles) {
    // CM01's systeminfo and a wmic list naming CM01 in another file: one host.
    const std::string wmic =
        "Caption  CSName  Description  HotFixID  InstalledBy\r\n"
        "         cm01    Update       KB936059  VPROLAB\\cmadmin\r\n";
    const auto ev = evidence_of({{"a.txt", rule_fixture("systeminfo-cm01-2003sp1-none.txt")},
                                 {"b.txt", wmic},
                                 {"c.csv", rule_fixture("gethotfix-cm03.csv")}});
    ASSERT_EQ(ev.size(), 2u);
    const Evidence& e = ev[0];
    EXPECT_EQ(e.kind, "hotfix.inventory");
    EXPECT_TRUE(e.keys.empty());  // a site server is not an AMT device
    EXPECT_EQ(attr(e, "host_name").value, "CM01");
    EXPECT_EQ(attr(e, "os_version").value, "5.2.3790");
    EXPECT_EQ(attr(e, "service_pack").number, 1);
    EXPECT_EQ(attr(e, "os_server").number, 1);
    EXPECT_EQ(attr(e, "os_known").number, 1);
    EXPECT_EQ(attr(e, "list_complete").number, 1);
    EXPECT_TRUE(has(attr(e, "kbs").items, "KB936059"));
    EXPECT_TRUE(has(attr(e, "kbs").items, "KB890046"));
    EXPECT_EQ(attr(e, "sources").items,
              (std::vector<std::string>{"a.txt (systeminfo)", "b.txt (wmic-qfe)"}));
    EXPECT_EQ(e.ref.artifact, "a.txt");
    EXPECT_EQ(e.ref.line, 2u);
    EXPECT_NE(e.ref.excerpt.find("CM01: Microsoft(R) Windows(R) Server 2003"), std::string::npos);
    EXPECT_EQ(attr(ev[1], "host_name").value, "CM03");
    EXPECT_EQ(attr(ev[1], "os_known").number, 0);
}

TEST(Robustness, GarbageAndEdgesNeverThrow) {
    for (const std::string& s :
         {std::string(), std::string("Host Name:"),
          std::string("Host Name: X\nHotfix(s): 99999999"), std::string("HotFixID\n"),
          std::string("\"HotFixID\",\"x\"\n\"a\n"), std::string("\xff\xfe\x00", 3),
          std::string("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\n REG_SZ"),
          std::string("Source Description HotFixID\n- -\nx"), std::string(1000, '\n')}) {
        const auto inv = parse(s);
        (void)evidence_of({{"x", s}});
        EXPECT_LE(inv.hosts.size(), 2u);
    }
}

}  // namespace
