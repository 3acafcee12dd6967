// Host text as pasted into tickets: ipconfig /all, nslookup, rpc / MeshCmd / MEInfo; parsed as
// pure functions over the fixture texts and as evidence. Fixture shapes: fixtures/README.md.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "parsers/hosttext/amtinfo.h"
#include "parsers/hosttext/hosttext_evidence.h"
#include "parsers/hosttext/hosttext_reader.h"
#include "parsers/hosttext/ipconfig.h"
#include "parsers/hosttext/nslookup.h"
#include "parsers/hosttext/text.h"

namespace {

namespace ht = amtdiag::parsers::hosttext;
using amtdiag::model::AttrType;
using amtdiag::model::Evidence;

std::string fixture(const std::string& name) {
    std::ifstream in("fixtures/" + name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string text(const std::string& name) {
    return ht::to_utf8(fixture(name));
}

std::vector<Evidence> evidence_of(const std::string& name) {
    std::vector<Evidence> out;
    ht::emit_host_text(text(name), name, [&](const Evidence& e) { out.push_back(e); });
    return out;
}

const std::string& attr(const Evidence& e, const char* name) {
    static const std::string none = "<absent>";
    const std::string* v = e.attr(name);
    return v == nullptr ? none : *v;
}

std::vector<std::string> list(const Evidence& e, const char* name) {
    const auto* a = e.attribute(name);
    return a == nullptr ? std::vector<std::string>{"<absent>"} : a->items;
}

TEST(HostText, Utf16AndUtf8DecodeToTheSameText) {
    EXPECT_EQ(text("ipconfig_win10_utf16le.txt"), text("ipconfig_win10_utf8.txt"));
}

TEST(HostText, EscapeSequencesAndBomsGo) {
    EXPECT_EQ(ht::to_utf8("\xEF\xBB\xBFHost\x1B[1;32m Name\x1B[0m"), "Host Name");
}

TEST(Ipconfig, Windows10AllAdapters) {
    const auto r = ht::parse_ipconfig(text("ipconfig_win10_utf8.txt"));
    EXPECT_EQ(r.host_name, "HP7800");
    EXPECT_EQ(r.primary_dns_suffix, "vprolab.com");
    EXPECT_EQ(r.dns_suffix_search, (std::vector<std::string>{"vprolab.com", "lab.vprolab.com"}));
    ASSERT_EQ(r.adapters.size(), 2u);
    const auto& eth = r.adapters[0];
    EXPECT_EQ(eth.adapter, "Ethernet");
    EXPECT_EQ(eth.type, "Ethernet");
    EXPECT_EQ(eth.connection_suffix, "lab.vprolab.com");
    EXPECT_EQ(eth.physical_address, "00-1A-4B-C2-9F-10");
    EXPECT_EQ(eth.dhcp_enabled, true);
    EXPECT_EQ(eth.ip_addresses,
              (std::vector<std::string>{"fe80::5d2a:9c1e:4b7f:e2d1", "192.168.20.57"}));
    EXPECT_EQ(eth.dns_servers, (std::vector<std::string>{"192.168.20.10", "192.168.20.11"}));
    EXPECT_EQ(r.adapters[1].adapter, "Wi-Fi");
    EXPECT_EQ(r.adapters[1].media_state, "disconnected");
}

TEST(Ipconfig, EvidenceKeysAndAttributes) {
    const auto ev = evidence_of("ipconfig_win10_utf16le.txt");
    ASSERT_EQ(ev.size(), 2u);
    const Evidence& e = ev[0];
    EXPECT_EQ(e.kind, "host.ipconfig");
    EXPECT_EQ(e.keys.host, "hp7800");
    EXPECT_EQ(e.keys.fqdn, "hp7800.vprolab.com");
    EXPECT_EQ(e.keys.mac, "00-1A-4B-C2-9F-10");
    EXPECT_EQ(e.keys.ip, "192.168.20.57");
    EXPECT_EQ(attr(e, "host_name"), "HP7800");
    EXPECT_EQ(attr(e, "primary_dns_suffix"), "vprolab.com");
    EXPECT_EQ(attr(e, "connection_suffix"), "lab.vprolab.com");
    EXPECT_EQ(attr(e, "dhcp_enabled"), "true");
    EXPECT_EQ(e.attribute("dhcp_enabled")->type, AttrType::boolean);
    EXPECT_EQ(list(e, "dns_servers"), (std::vector<std::string>{"192.168.20.10", "192.168.20.11"}));
    EXPECT_EQ(attr(e, "adapter"), "Ethernet");
    EXPECT_EQ(attr(e, "source"), "ipconfig");
    EXPECT_EQ(e.ref.line, 12u);
    EXPECT_EQ(attr(ev[1], "media_state"), "disconnected");
    EXPECT_TRUE(ev[1].keys.ip.empty());
}

TEST(Ipconfig, PastedExcerptWithoutHeaderOrLeaders) {
    const auto r = ht::parse_ipconfig(text("ipconfig_excerpt.txt"));
    EXPECT_EQ(r.host_name, "hp6000");
    const auto ev = evidence_of("ipconfig_excerpt.txt");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].keys.host, "hp6000");
    EXPECT_TRUE(ev[0].keys.fqdn.empty());
    // The adapter lines pasted without their header are an adapter without a name.
    EXPECT_EQ(ev[0].keys.mac, "00-24-81-0A-BB-CD");
    EXPECT_EQ(ev[0].keys.ip, "10.1.2.3");
    EXPECT_EQ(attr(ev[0], "dhcp_enabled"), "false");
    EXPECT_EQ(attr(ev[0], "adapter"), "");
    EXPECT_EQ(ht::classify_text(text("ipconfig_excerpt.txt")).kind, "ipconfig");
}

TEST(Ipconfig, WindowsXpIpAddressLabel) {
    const auto ev = evidence_of("ipconfig_xp.txt");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].keys.ip, "10.20.30.44");
    EXPECT_EQ(ev[0].keys.fqdn, "dc7800-07.corp.contoso.local");
    EXPECT_EQ(attr(ev[0], "dhcp_enabled"), "true");
}

TEST(Nslookup, SessionOfSeveralQueries) {
    const auto q = ht::parse_nslookup(text("nslookup_session.txt"));
    ASSERT_EQ(q.size(), 6u);
    EXPECT_EQ(q[0].qname, "provisionserver.vprolab.com");
    EXPECT_EQ(q[0].rcode, "NXDOMAIN");
    EXPECT_TRUE(q[0].answered);
    EXPECT_EQ(q[0].server, "192.168.20.10");
    EXPECT_EQ(q[0].server_name, "dc01.vprolab.com");

    EXPECT_EQ(q[1].qname, "provisionserver.lab.vprolab.com");
    EXPECT_EQ(q[1].rcode, "NOERROR");
    EXPECT_EQ(q[1].addresses, (std::vector<std::string>{"192.168.20.30"}));
    EXPECT_EQ(q[1].names, (std::vector<std::string>{"sccm01.vprolab.com"}));
    EXPECT_EQ(q[1].answers,
              (std::vector<std::string>{"provisionserver.lab.vprolab.com CNAME sccm01.vprolab.com",
                                        "sccm01.vprolab.com A 192.168.20.30"}));

    EXPECT_EQ(q[2].addresses, (std::vector<std::string>{"fd00:20::30", "192.168.20.30"}));

    EXPECT_EQ(q[3].qname, "30.20.168.192.in-addr.arpa");
    EXPECT_EQ(q[3].qtype, "PTR");
    EXPECT_EQ(q[3].names, (std::vector<std::string>{"sccm-old.vprolab.com"}));

    EXPECT_EQ(q[4].qname, "www.intel.com");
    EXPECT_FALSE(q[4].authoritative);
    EXPECT_EQ(q[4].server, "8.8.8.8");

    EXPECT_EQ(q[5].qname, "provisionserver.vprolab.com");
    EXPECT_EQ(q[5].rcode, "TIMEOUT");
    EXPECT_FALSE(q[5].answered);
}

TEST(Nslookup, InteractiveSessionWithSetType) {
    const auto q = ht::parse_nslookup(text("nslookup_interactive.txt"));
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q[0].qtype, "PTR");
    EXPECT_EQ(q[0].qname, "57.20.168.192.in-addr.arpa");
    EXPECT_EQ(q[0].names, (std::vector<std::string>{"hp7800.vprolab.com"}));
    EXPECT_EQ(q[1].qname, "provisionserver.corp.local");
    EXPECT_EQ(q[1].rcode, "SERVFAIL");
}

TEST(Nslookup, EvidenceVocabulary) {
    const auto ev = evidence_of("nslookup_session.txt");
    ASSERT_EQ(ev.size(), 6u);
    const Evidence& e = ev[0];
    EXPECT_EQ(e.kind, "dns.exchange");
    EXPECT_EQ(attr(e, "qname"), "provisionserver.vprolab.com");
    EXPECT_EQ(attr(e, "qtype"), "A");
    EXPECT_EQ(attr(e, "opcode"), "QUERY");
    EXPECT_EQ(attr(e, "answered"), "true");
    EXPECT_EQ(attr(e, "rcode"), "NXDOMAIN");
    EXPECT_EQ(attr(e, "server"), "192.168.20.10");
    EXPECT_EQ(attr(e, "source"), "nslookup");
    EXPECT_EQ(e.ref.line, 1u);
    EXPECT_TRUE(e.keys.empty());
    EXPECT_EQ(ht::classify_text(text("nslookup_session.txt")).kind, "nslookup");
}

TEST(AmtInfo, RpcClassicText) {
    const auto i = ht::parse_amtinfo(text("rpc_amtinfo_classic.txt"));
    ASSERT_EQ(i.size(), 1u);
    EXPECT_EQ(i[0].tool, "rpc");
    EXPECT_EQ(i[0].firmware, "16.1.25");
    EXPECT_EQ(i[0].build, "2020");
    EXPECT_EQ(i[0].control_mode, "pre-provisioning");
    EXPECT_EQ(i[0].dns_suffix, "vprolab.com");
    EXPECT_EQ(i[0].os_dns_suffix, "lab.vprolab.com");
    EXPECT_EQ(i[0].mac, "00:1a:4b:c2:9f:10");  // the wired adapter, not the wireless one
    EXPECT_EQ(i[0].link_status, "up");
    EXPECT_EQ(i[0].dhcp_enabled, true);
    EXPECT_TRUE(i[0].ip.empty());  // 0.0.0.0 is no address
}

TEST(AmtInfo, RpcStyledText) {
    const auto i = ht::parse_amtinfo(text("rpc_amtinfo_styled.txt"));
    ASSERT_EQ(i.size(), 1u);
    EXPECT_EQ(i[0].firmware, "16.1.27");
    EXPECT_EQ(i[0].control_mode, "acm");
    EXPECT_EQ(i[0].provisioning_state, "post");
    EXPECT_EQ(i[0].ip, "192.168.20.58");
    EXPECT_EQ(i[0].os_ip, "192.168.20.57");
}

TEST(AmtInfo, RpcJson) {
    const auto ev = evidence_of("rpc_amtinfo.json");
    ASSERT_EQ(ev.size(), 1u);
    const Evidence& e = ev[0];
    EXPECT_EQ(e.kind, "amt.info");
    EXPECT_EQ(e.keys.uuid, "4C4C4544-0038-4B10-8031-B4C04F4D4E32");
    EXPECT_EQ(e.keys.mac, "00-1A-4B-C2-9F-10");
    EXPECT_EQ(e.keys.fqdn, "hp7800.vprolab.com");
    EXPECT_EQ(attr(e, "firmware"), "16.1.25");
    EXPECT_EQ(attr(e, "control_mode"), "ccm");
    EXPECT_EQ(attr(e, "provisioning_state"), "post");
    EXPECT_EQ(attr(e, "dns_suffix"), "vprolab.com");
    EXPECT_EQ(attr(e, "tool"), "rpc");
    EXPECT_EQ(attr(e, "source"), "amtinfo");
    EXPECT_EQ(ht::classify_text(text("rpc_amtinfo.json")).kind, "amtinfo");
}

TEST(AmtInfo, MeshCmd) {
    const auto ev = evidence_of("meshcmd_amtinfo.txt");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(attr(ev[0], "tool"), "meshcmd");
    EXPECT_EQ(attr(ev[0], "firmware"), "11.8.50");
    EXPECT_EQ(attr(ev[0], "control_mode"), "ccm");
    EXPECT_EQ(attr(ev[0], "provisioning_state"), "post");
    EXPECT_EQ(attr(ev[0], "ip"), "10.0.5.23");
    EXPECT_EQ(ev[0].keys.mac, "8C-EC-4B-52-07-1D");
}

TEST(AmtInfo, MeInfo) {
    const auto ev = evidence_of("meinfo_win.txt");
    ASSERT_EQ(ev.size(), 1u);
    const Evidence& e = ev[0];
    EXPECT_EQ(attr(e, "tool"), "meinfo");
    EXPECT_EQ(attr(e, "firmware"), "16.1.25");
    EXPECT_EQ(attr(e, "build"), "2020");
    EXPECT_EQ(attr(e, "sku"), "H Corporate");
    EXPECT_EQ(attr(e, "provisioning_state"), "pre");
    EXPECT_EQ(attr(e, "pki_dns_suffix"), "vprolab.com");
    EXPECT_EQ(e.keys.mac, "00-1A-4B-C2-9F-10");
    EXPECT_EQ(e.keys.fqdn, "hp7800.vprolab.com");
    EXPECT_EQ(ht::classify_text(text("meinfo_win.txt")).confidence, 95);
}

TEST(HostText, OneTicketWithSeveralBlocksGivesAll) {
    const std::string paste = text("ipconfig_excerpt.txt") + "\n" + text("nslookup_session.txt") +
                              "\n" + text("meshcmd_amtinfo.txt");
    std::vector<Evidence> ev;
    const auto s =
        ht::emit_host_text(paste, "ticket.txt", [&](const Evidence& e) { ev.push_back(e); });
    EXPECT_EQ(s.adapters, 1u);
    EXPECT_EQ(s.queries, 6u);
    EXPECT_EQ(s.amt_blocks, 1u);
}

TEST(HostText, OtherTextIsNotClaimed) {
    EXPECT_EQ(ht::classify_text("just some notes\nnothing to see\n").confidence, 0);
    EXPECT_EQ(ht::classify_text("<![LOG[Provision task begin]LOG]!>").confidence, 0);
    EXPECT_EQ(ht::classify_text("").confidence, 0);
}

}  // namespace
