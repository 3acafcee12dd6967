// Probe and hello records back to evidence: the exact vocabulary the rules read, damaged
// records as errors (never exceptions), and the three real hello vectors decoded.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "parsers/probe/probe_record.h"

namespace {

namespace pr = amtdiag::parsers::probe;
using amtdiag::model::AttrType;
using amtdiag::model::Evidence;

std::string fixture(const std::string& name) {
    std::ifstream in("fixtures/" + name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Read {
    pr::RecordSummary summary;
    std::vector<Evidence> evidence;
    std::vector<pr::HelloSighting> sightings;
};

Read read(const std::string& name) {
    Read r;
    r.summary = pr::read_record(
        fixture(name), name, [&](const Evidence& e) { r.evidence.push_back(e); }, &r.sightings);
    return r;
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

TEST(ProbeRecord, DetectionBySchema) {
    std::string kind;
    EXPECT_EQ(pr::record_confidence(fixture("dns_probe.json"), kind), 100);
    EXPECT_EQ(kind, "dns-probe");
    EXPECT_EQ(pr::record_confidence(fixture("dhcp_probe.json"), kind), 100);
    EXPECT_EQ(kind, "dhcp-probe");
    EXPECT_EQ(pr::record_confidence(fixture("hello_record.json"), kind), 100);
    EXPECT_EQ(kind, "pcap-hello");
    kind.clear();
    EXPECT_EQ(pr::record_confidence(fixture("not_ours.json"), kind), 0);
    EXPECT_EQ(pr::record_confidence("Server: x\n\"schema\": \"amtdiag.probe/1\"", kind), 0);
}

TEST(ProbeRecord, DnsExchanges) {
    const Read r = read("dns_probe.json");
    ASSERT_TRUE(r.summary.error.empty()) << r.summary.error;
    EXPECT_EQ(r.summary.kind, "dns-probe");
    ASSERT_EQ(r.evidence.size(), 4u);
    const Evidence& nx = r.evidence[0];
    EXPECT_EQ(nx.kind, "dns.exchange");
    EXPECT_EQ(attr(nx, "qname"), "provisionserver.vprolab.com");
    EXPECT_EQ(attr(nx, "qtype"), "A");
    EXPECT_EQ(attr(nx, "opcode"), "QUERY");
    EXPECT_EQ(attr(nx, "answered"), "true");
    EXPECT_EQ(nx.attribute("answered")->type, AttrType::boolean);
    EXPECT_EQ(attr(nx, "rcode"), "NXDOMAIN");
    EXPECT_EQ(attr(nx, "server"), "192.168.20.10:53");
    EXPECT_EQ(attr(nx, "source"), "probe");
    EXPECT_TRUE(nx.time.has_time);
    EXPECT_EQ(nx.ref.item, 1u);
    EXPECT_EQ(attr(r.evidence[1], "rcode"), "TIMEOUT");
    EXPECT_EQ(attr(r.evidence[1], "answered"), "false");
    const Evidence& fwd = r.evidence[2];
    EXPECT_EQ(attr(fwd, "qname"), "sccm01.vprolab.com");
    EXPECT_EQ(list(fwd, "addresses"), (std::vector<std::string>{"192.168.20.30"}));
    EXPECT_EQ(list(fwd, "answers"),
              (std::vector<std::string>{"sccm01.vprolab.com A 192.168.20.30"}));
    const Evidence& ptr = r.evidence[3];
    EXPECT_EQ(list(ptr, "names"), (std::vector<std::string>{"sccm-old.vprolab.com"}));
    EXPECT_EQ(attr(ptr, "address"), "192.168.20.30");
    EXPECT_EQ(attr(ptr, "for_host"), "sccm01.vprolab.com");
}

TEST(ProbeRecord, DhcpMessages) {
    const Read r = read("dhcp_probe.json");
    ASSERT_TRUE(r.summary.error.empty()) << r.summary.error;
    ASSERT_EQ(r.evidence.size(), 2u);
    const Evidence& offer = r.evidence[0];
    EXPECT_EQ(offer.kind, "dhcp.message");
    EXPECT_EQ(offer.keys.mac, "02-00-5E-10-00-01");
    EXPECT_EQ(offer.keys.ip, "192.168.20.150");
    EXPECT_EQ(attr(offer, "message_type"), "OFFER");
    EXPECT_EQ(attr(offer, "has_domain"), "true");
    EXPECT_EQ(attr(offer, "domain"), "vprolab.com");
    EXPECT_EQ(attr(offer, "has_client_fqdn"), "false");
    EXPECT_EQ(list(offer, "dns_servers"),
              (std::vector<std::string>{"192.168.20.10", "192.168.20.11"}));
    EXPECT_EQ(attr(offer, "lease_seconds"), "691200");
    EXPECT_EQ(offer.attribute("lease_seconds")->type, AttrType::integer);
    EXPECT_EQ(list(offer, "option_codes"),
              (std::vector<std::string>{"53", "54", "51", "1", "3", "6", "15"}));
    const Evidence& ack = r.evidence[1];
    EXPECT_EQ(attr(ack, "has_domain"), "false");
    EXPECT_EQ(attr(ack, "has_client_fqdn"), "true");
    EXPECT_EQ(attr(ack, "client_fqdn"), "probe.vprolab.com");
    EXPECT_EQ(attr(ack, "client_fqdn_flags"), "3");
}

TEST(ProbeRecord, HelloMessagesAndSeries) {
    const Read r = read("hello_record.json");
    ASSERT_TRUE(r.summary.error.empty()) << r.summary.error;
    EXPECT_EQ(r.summary.kind, "pcap-hello");
    ASSERT_EQ(r.evidence.size(), 7u);
    const Evidence& h = r.evidence[0];
    EXPECT_EQ(h.kind, "hello.message");
    EXPECT_EQ(h.keys.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(h.keys.ip, "192.168.2.148");
    EXPECT_EQ(attr(h, "version"), "3");
    EXPECT_EQ(attr(h, "hash_count"), "23");
    EXPECT_EQ(list(h, "hashes").front(),
              "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4");
    EXPECT_EQ(list(h, "hash_algorithms").front(), "sha256");
    EXPECT_EQ(attr(h, "admin_credentials"), "1");
    EXPECT_EQ(attr(h, "retry"), "0");
    EXPECT_EQ(attr(r.evidence[3], "retry"), "1");
    EXPECT_EQ(r.evidence[3].keys.uuid, "D2FFC23E-9DD1-412D-860A-54B2039B72FF");
    EXPECT_EQ(attr(h, "server_ip"), "192.168.2.10");
    EXPECT_EQ(attr(h, "server_port"), "9971");
    EXPECT_EQ(h.attribute("server_port")->type, AttrType::integer);
    EXPECT_EQ(attr(h, "length"), "807");
    EXPECT_EQ(attr(h, "source"), "listener");
    EXPECT_TRUE(h.attribute("problems")->items.empty());
    const Evidence& psk = r.evidence[4];
    EXPECT_EQ(attr(psk, "version"), "2");
    EXPECT_EQ(attr(psk, "pid"), "0000037M");
    EXPECT_EQ(attr(psk, "pid_checksum_ok"), "true");
    EXPECT_FALSE(r.evidence[5].attribute("problems")->items.empty());  // HTTP garbage
    EXPECT_TRUE(r.evidence[5].keys.empty());                           // garbage names no device
    EXPECT_EQ(attr(r.evidence[5], "version"), "0");
    EXPECT_EQ(r.evidence[6].attribute("problems")->items.front(), "empty: the peer sent nothing");

    const auto series = pr::hello_series(r.sightings);
    ASSERT_EQ(series.size(), 2u);
    const Evidence& s = series[0];
    EXPECT_EQ(s.kind, "hello.series");
    EXPECT_EQ(s.keys.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(attr(s, "count"), "4");  // three v3 hellos and the PSK one (same UUID bytes)
    EXPECT_EQ(list(s, "intervals_s"), (std::vector<std::string>{"60.000", "120.000", "180.500"}));
    EXPECT_EQ(attr(s, "first"), "2026-12-01T10:00:00.000Z");
    EXPECT_EQ(attr(s, "last"), "2026-12-01T10:06:00.500Z");
    EXPECT_EQ(attr(s, "server_ip"), "192.168.2.10");
    EXPECT_EQ(attr(s, "server_port"), "9971");
    EXPECT_EQ(s.keys.ip, "192.168.2.148");
}

TEST(ProbeRecord, DamagedRecordsAreErrors) {
    EXPECT_FALSE(read("cut_short.json").summary.error.empty());
    EXPECT_FALSE(read("not_ours.json").summary.error.empty());
    const Read wrong = read("wrong_types.json");
    EXPECT_TRUE(wrong.summary.error.empty());
    ASSERT_EQ(wrong.evidence.size(), 3u);  // wrong types read as empty, never thrown
    EXPECT_EQ(attr(wrong.evidence[0], "rcode"), "TIMEOUT");
}

TEST(ProbeRecord, Rfc3339) {
    int64_t ms = 0;
    ASSERT_TRUE(pr::parse_rfc3339("2026-12-01T10:00:00.5+01:00", ms));
    EXPECT_EQ(ms, 1796119200500 - 3600000);
    EXPECT_FALSE(pr::parse_rfc3339("2026-02-30T10:00:00Z", ms));
    EXPECT_FALSE(pr::parse_rfc3339("yesterday", ms));
}

}  // namespace
