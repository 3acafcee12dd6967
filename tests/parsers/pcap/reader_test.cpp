// The capture reader on the fixtures: the facts rules will read, asserted one by one (the
// baselines hold everything else).
#include <gtest/gtest.h>

#include <algorithm>

#include "baseline.h"
#include "parsers/pcap/pcap_reader.h"

namespace amtdiag::testing {
namespace {

std::vector<const model::Evidence*> of_kind(const CaptureRead& r, const std::string& kind) {
    std::vector<const model::Evidence*> out;
    for (const auto& e : r.evidence)
        if (e.kind == kind) out.push_back(&e);
    return out;
}

std::string text(const model::Evidence& e, const char* name) {
    const auto* a = e.attribute(name);
    return a == nullptr ? "<absent>" : a->value;
}
std::vector<std::string> items(const model::Evidence& e, const char* name) {
    const auto* a = e.attribute(name);
    return a == nullptr ? std::vector<std::string>{"<absent>"} : a->items;
}

TEST(Reader, FiveHellosAndTheirSeries) {
    const CaptureRead r = read_fixture("fixtures/hello-series.pcap");
    EXPECT_EQ(r.artifact.status, model::ReadStatus::ok);
    EXPECT_EQ(r.artifact.kind, "pcap");
    EXPECT_EQ(r.artifact.provides, std::vector<std::string>{"pcap-hello"});
    const auto hellos = of_kind(r, "hello.message");
    ASSERT_EQ(hellos.size(), 5u);
    const model::Evidence& h = *hellos[0];
    EXPECT_EQ(h.keys.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(h.keys.ip, "192.168.2.148");
    EXPECT_EQ(h.ref.packet, 4u);  // SYN, SYN-ACK, ACK, then the hello
    EXPECT_EQ(h.time.to_string(), "2025-11-20T10:00:00.003Z");
    EXPECT_EQ(text(h, "version"), "3");
    EXPECT_EQ(text(h, "hash_count"), "23");
    EXPECT_EQ(items(h, "hashes").front(),
              "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4");
    EXPECT_EQ(items(h, "hash_algorithms").front(), "sha256");
    EXPECT_EQ(text(h, "server_ip"), "192.168.2.10");
    EXPECT_EQ(text(h, "server_port"), "9971");
    EXPECT_EQ(text(h, "length"), "807");
    EXPECT_TRUE(items(h, "problems").empty());
    EXPECT_EQ(text(h, "source"), "pcap");
    const auto series = of_kind(r, "hello.series");
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(text(*series[0], "count"), "5");
    EXPECT_EQ(items(*series[0], "intervals_s"),
              (std::vector<std::string>{"60.003", "60.003", "60.003", "60.003"}));
    EXPECT_EQ(text(*series[0], "first"), "2025-11-20T10:00:00.003Z");
    EXPECT_EQ(series[0]->keys.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
}

TEST(Reader, PidHellosGoodAndWrong) {
    const CaptureRead r = read_fixture("fixtures/hello-pid.pcap");
    const auto hellos = of_kind(r, "hello.message");
    ASSERT_EQ(hellos.size(), 2u);
    EXPECT_EQ(text(*hellos[0], "pid"), "0000037M");
    EXPECT_EQ(text(*hellos[0], "pid_checksum_ok"), "true");
    EXPECT_EQ(text(*hellos[1], "pid"), "0000037X");
    EXPECT_EQ(text(*hellos[1], "pid_checksum_ok"), "false");
    EXPECT_EQ(hellos[1]->attribute("hash_count"), nullptr);
}

TEST(Reader, SegmentedHelloAndHelloOnAnotherPort) {
    const CaptureRead r = read_fixture("fixtures/hello-segments.pcap");
    const auto hellos = of_kind(r, "hello.message");
    ASSERT_EQ(hellos.size(), 2u);
    EXPECT_TRUE(items(*hellos[0], "problems").empty());
    EXPECT_EQ(text(*hellos[0], "length"), "841");
    EXPECT_EQ(hellos[0]->keys.uuid, "D2FFC23E-9DD1-412D-860A-54B2039B72FF");
    EXPECT_EQ(hellos[0]->ref.packet, 8u);  // the last piece filled the hole
    EXPECT_EQ(text(*hellos[1], "server_port"), "8443");
    EXPECT_TRUE(items(*hellos[1], "problems").empty());
}

TEST(Reader, DhcpWithAndWithoutOption15) {
    const CaptureRead r = read_fixture("fixtures/dhcp.pcap");
    const auto msgs = of_kind(r, "dhcp.message");
    ASSERT_EQ(msgs.size(), 8u);
    EXPECT_EQ(text(*msgs[0], "message_type"), "DISCOVER");
    EXPECT_EQ(msgs[0]->keys.mac, "00-1A-2B-3C-4D-5E");
    EXPECT_EQ(msgs[0]->keys.ip, "");
    EXPECT_EQ(text(*msgs[0], "client_fqdn"), "hp7800.vprolab.com");
    const model::Evidence& ack = *msgs[3];
    EXPECT_EQ(text(ack, "message_type"), "ACK");
    EXPECT_EQ(ack.keys.ip, "192.168.2.148");
    EXPECT_EQ(text(ack, "xid"), "0x3903f326");
    EXPECT_EQ(text(ack, "has_domain"), "true");
    EXPECT_EQ(text(ack, "domain"), "vprolab.com");
    EXPECT_EQ(text(ack, "client_fqdn_flags"), "5");
    EXPECT_EQ(text(ack, "server_ip"), "192.168.2.1");
    EXPECT_EQ(text(ack, "lease_seconds"), "86400");
    EXPECT_EQ(items(ack, "dns_servers"), std::vector<std::string>{"192.168.2.11"});
    const model::Evidence& bare = *msgs[7];
    EXPECT_EQ(text(bare, "message_type"), "ACK");
    EXPECT_EQ(text(bare, "has_domain"), "false");
    EXPECT_EQ(text(bare, "domain"), "");
}

TEST(Reader, DnsExchanges) {
    const CaptureRead r = read_fixture("fixtures/dns.pcap");
    const auto x = of_kind(r, "dns.exchange");
    ASSERT_EQ(x.size(), 10u);
    EXPECT_EQ(text(*x[0], "qname"), "provisionserver.vprolab.com");
    EXPECT_EQ(text(*x[0], "rcode"), "NXDOMAIN");
    EXPECT_EQ(text(*x[0], "answered"), "true");
    EXPECT_EQ(items(*x[1], "addresses"), std::vector<std::string>{"192.168.2.10"});
    EXPECT_EQ(items(*x[3], "names"), std::vector<std::string>{"sccm01.vprolab.com"});
    EXPECT_EQ(items(*x[5], "names"), std::vector<std::string>{"oldpc.vprolab.com"});
    EXPECT_EQ(text(*x[6], "opcode"), "UPDATE");
    EXPECT_EQ(text(*x[6], "zone"), "vprolab.com");
    EXPECT_EQ(text(*x[6], "rcode"), "REFUSED");
    EXPECT_EQ(items(*x[6], "updates"),
              (std::vector<std::string>{"delete hp7800.vprolab.com A",
                                        "add hp7800.vprolab.com A 192.168.2.148"}));
    EXPECT_EQ(text(*x[7], "qname"), "stray.vprolab.com");  // the response alone
    EXPECT_EQ(text(*x[8], "qtype"), "A");                  // over TCP
    EXPECT_EQ(text(*x[9], "answered"), "false");           // reported at the end
    EXPECT_EQ(text(*x[9], "rcode"), "");
    EXPECT_EQ(text(*x[9], "qtype"), "AAAA");
}

TEST(Reader, TcpOutcomes) {
    const CaptureRead r = read_fixture("fixtures/tcp-16993.pcap");
    auto c = of_kind(r, "tcp.connection");
    // Emitted as connections close; in order of the packet that decided them here.
    std::sort(c.begin(), c.end(), [](auto* x, auto* y) { return x->ref.packet < y->ref.packet; });
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(text(*c[0], "outcome"), "accepted");
    EXPECT_EQ(c[0]->keys.ip, "192.168.2.148");  // the device is the server
    EXPECT_EQ(text(*c[1], "outcome"), "reset");
    EXPECT_EQ(text(*c[1], "server_port"), "16993");
    EXPECT_EQ(text(*c[2], "outcome"), "unanswered");
    EXPECT_EQ(text(*c[3], "outcome"), "accepted");
    EXPECT_EQ(text(*c[3], "bytes_to_server"), "8");
    EXPECT_EQ(text(*c[3], "bytes_to_client"), "4");
}

TEST(Reader, TlsHandshakesAndTheirCertificates) {
    const CaptureRead r = read_fixture("fixtures/tls-16993.pcap");
    const auto t = of_kind(r, "tls.handshake");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(text(*t[0], "outcome"), "established");
    EXPECT_EQ(text(*t[0], "server_certificates"), "3");
    EXPECT_EQ(text(*t[0], "client_certificates"), "3");
    EXPECT_EQ(text(*t[0], "cipher"), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    EXPECT_EQ(text(*t[0], "sni"), "hp7800.vprolab.com");
    EXPECT_EQ(text(*t[1], "outcome"), "alert");
    EXPECT_EQ(items(*t[1], "alerts"), std::vector<std::string>{"fatal unknown_ca (from server)"});
    EXPECT_EQ(text(*t[2], "server_version"), "TLS 1.3");
    EXPECT_EQ(text(*t[2], "server_certificates"), "0");
    EXPECT_EQ(r.artifact.provides, std::vector<std::string>{"pcap-tls"});
    const auto certs = of_kind(r, "cert.certificate");
    ASSERT_EQ(certs.size(),
              4u);  // the AMT leaf, the provisioning leaf, issuing CA, root: once each
    for (const auto* c : certs) {
        EXPECT_EQ(items(*c, "containers"), std::vector<std::string>{"tls"});
        EXPECT_EQ(items(*c, "found_in").front().rfind("fixtures/tls-16993.pcap#packet ", 0), 0u);
        EXPECT_NE(c->ref.packet, 0u);
    }
    EXPECT_FALSE(of_kind(r, "cert.chain").empty());
}

TEST(Reader, DamagedCaptures) {
    const CaptureRead cut = read_fixture("fixtures/truncated.pcap");
    EXPECT_EQ(cut.artifact.status, model::ReadStatus::ok);
    EXPECT_EQ(cut.artifact.damaged_records, 1u);
    ASSERT_FALSE(cut.artifact.notes.empty());
    EXPECT_EQ(cut.artifact.notes[0],
              "capture cut after packet 10 (truncated record); the rest is not read");
    EXPECT_EQ(of_kind(cut, "hello.message").size(), 1u);
    const CaptureRead junk = read_fixture("fixtures/garbage.pcap");
    EXPECT_EQ(junk.artifact.status, model::ReadStatus::ok);
    EXPECT_EQ(of_kind(junk, "dhcp.message").size(), 4u);  // read on after the garbage
    EXPECT_GE(junk.artifact.notes.size(), 4u);
}

TEST(Reader, NotACaptureIsAnError) {
    const auto a = parsers::pcap::read_capture_bytes(
        "not a capture at all", "x.pcap", [](const model::Evidence&) {}, nullptr);
    EXPECT_EQ(a.status, model::ReadStatus::error);
    EXPECT_EQ(a.error, "not a pcap or pcapng capture");
    const auto empty = parsers::pcap::read_capture_bytes(
        "", "x.pcap", [](const model::Evidence&) {}, nullptr);
    EXPECT_EQ(empty.status, model::ReadStatus::error);
}

}  // namespace
}  // namespace amtdiag::testing
