// Generates the capture fixtures in fixtures/ (checked in; run again after a change and review
// the baselines):   pcap_make_fixtures tests/parsers/pcap/fixtures
// Deterministic: the same bytes on every run.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../hello/hello_vectors.h"
#include "../tls/tls_records.h"
#include "capture_writer.h"
#include "parsers/dhcp/dhcp.h"
#include "parsers/dns/dns.h"
#include "parsers/hello/hello.h"

namespace amtdiag::testing::capture {
namespace {

namespace dhcp = parsers::dhcp;
namespace dns = parsers::dns;
namespace t = testing::tls;

constexpr int64_t kBase = 1'763'632'800'000'000'000;  // 2025-11-20T10:00:00Z
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMs = 1'000'000;

const Ip kDevice = Ip::parse("192.168.2.148");
const Ip kDevice2 = Ip::parse("192.168.2.134");
const Ip kServer = Ip::parse("192.168.2.10");
const Ip kDns = Ip::parse("192.168.2.11");
const Ip kDhcp = Ip::parse("192.168.2.1");

// Packets in time order, all on one interface unless said otherwise.
class Timeline {
  public:
    explicit Timeline(Link link, int vlans = 0) : link_(link), vlans_(vlans) {}
    void at(int64_t time_ns, const std::string& ip, uint32_t interface = 0,
            std::optional<Link> link = std::nullopt) {
        packets_.push_back({time_ns, frame(link.value_or(link_), ip, vlans_), interface});
    }
    // Several packets a millisecond apart from `time_ns` on.
    void burst(int64_t time_ns, const std::vector<std::string>& ips) {
        for (size_t i = 0; i < ips.size(); ++i) at(time_ns + static_cast<int64_t>(i) * kMs, ips[i]);
    }
    const std::vector<Packet>& packets() const { return packets_; }

  private:
    Link link_;
    int vlans_;
    std::vector<Packet> packets_;
};

// One hello connection: handshake, the hello in `pieces` segments, FINs.
std::vector<std::string> hello_connection(const Ip& device, uint16_t cport, const Ip& server,
                                          uint16_t sport, const std::string& hello, uint32_t isn,
                                          size_t pieces = 1) {
    TcpConversation c(device, cport, server, sport, isn, isn ^ 0x5a5a5a5a, device.v6);
    std::vector<std::string> out = {c.syn(), c.syn_ack(), c.ack()};
    const size_t step = (hello.size() + pieces - 1) / pieces;
    for (size_t at = 0; at < hello.size(); at += step)
        out.push_back(c.client_data(hello.substr(at, step)));
    out.push_back(c.client_fin());
    out.push_back(c.server_fin());
    out.push_back(c.ack());
    return out;
}

std::string pid_hello(const std::string& pid) {
    parsers::hello::Hello h;
    h.version = parsers::hello::kVersionPsk;
    h.retry = 0;
    h.uuid = "D2FFC23E-9DD1-412D-860A-54B2039B72FF";
    h.pid = pid;
    return parsers::hello::encode_hello(h);
}

void hello_series(const std::string& dir) {
    // ConfigMgr's schedule: a hello every minute for the first five minutes.
    Timeline tl(Link::ethernet);
    const std::string hello = hello_vector(0);
    for (int i = 0; i < 5; ++i)
        tl.burst(kBase + i * 60 * kSecond + i * 3 * kMs,
                 hello_connection(kDevice, static_cast<uint16_t>(49152 + i), kServer, 9971, hello,
                                  1000u + static_cast<uint32_t>(i) * 7919u));
    write_file(dir + "/hello-series.pcap", pcap_file(Link::ethernet, tl.packets()));
}

void hello_pid(const std::string& dir) {
    Timeline tl(Link::ethernet, 1);  // 802.1Q
    tl.burst(kBase, hello_connection(kDevice2, 50000, kServer, 9971, pid_hello("0000037M"), 11));
    tl.burst(kBase + 60 * kSecond,
             hello_connection(kDevice2, 50001, kServer, 9971, pid_hello("0000037X"), 22));
    write_file(dir + "/hello-pid.pcap", pcap_file(Link::ethernet, tl.packets(), true));
}

void hello_vectors(const std::string& dir) {
    Timeline tl(Link::sll);
    tl.burst(kBase, hello_connection(kDevice, 50100, kServer, 9971, hello_vector(0), 100));
    tl.burst(kBase + kSecond,
             hello_connection(kDevice, 50101, kServer, 9971, hello_vector(1), 200));
    tl.burst(kBase + 2 * kSecond,
             hello_connection(kDevice2, 50102, kServer, 9971, hello_vector(2), 300));
    write_file(dir + "/hello-vectors.pcapng", pcapng_file({{Link::sll, false}}, tl.packets()));
}

void hello_segments(const std::string& dir) {
    // One hello in four segments: the third arrives first, the first is sent twice, the
    // second overlaps the first; then a hello to a port that is not 9971.
    const std::string h = hello_vector(2);
    TcpConversation c(kDevice2, 50200, kServer, 9971, 4'294'967'000u, 777);  // wraps
    Timeline tl(Link::ethernet);
    int64_t now = kBase;
    auto at = [&](const std::string& p) { tl.at(now += 2 * kMs, p); };
    at(c.syn());
    at(c.syn_ack());
    at(c.ack());
    at(c.client_data_at(400, h.substr(400, 300)));  // early
    at(c.client_data_at(0, h.substr(0, 200)));
    at(c.client_data_at(0, h.substr(0, 200)));      // retransmitted
    at(c.client_data_at(150, h.substr(150, 250)));  // overlaps what came before
    at(c.client_data_at(700, h.substr(700)));
    c.advance_client(static_cast<uint32_t>(h.size()));
    at(c.client_fin());
    at(c.server_fin());
    at(c.ack());
    now = kBase + 5 * kSecond;
    for (const auto& p : hello_connection(kDevice, 50201, kServer, 8443, hello_vector(0), 55, 3))
        at(p);
    write_file(dir + "/hello-segments.pcap", pcap_file(Link::ethernet, tl.packets(), false, true));
}

dhcp::Message dhcp_base(uint8_t op, uint32_t xid, const std::string& mac) {
    dhcp::Message m;
    m.op = op;
    m.xid = xid;
    m.chaddr = mac;
    return m;
}

void dhcp_exchange(Timeline& tl, int64_t start, uint32_t xid, const std::string& mac,
                   uint32_t yiaddr, bool with_domain) {
    using namespace dhcp;
    const Ip any = Ip::parse("0.0.0.0"), bcast = Ip::parse("255.255.255.255");
    Message discover = dhcp_base(1, xid, mac);
    discover.options = {u8_option(option::message_type, 1),
                        Option{option::parameter_list, std::string("\x01\x03\x06\x0f\x51\x77", 6)},
                        client_fqdn_option(0x01, "hp7800.vprolab.com"),
                        text_option(option::host_name, "hp7800")};
    Message request = discover;
    request.options[0] = u8_option(option::message_type, 3);
    request.options.push_back(u32_option(option::requested_ip, yiaddr));
    request.options.push_back(ipv4_option(option::server_id, {parse_ipv4("192.168.2.1").value()}));
    Message offer = dhcp_base(2, xid, mac);
    offer.yiaddr = yiaddr;
    offer.options = {u8_option(option::message_type, 2),
                     ipv4_option(option::server_id, {parse_ipv4("192.168.2.1").value()}),
                     u32_option(option::lease, 86400),
                     ipv4_option(option::netmask, {parse_ipv4("255.255.255.0").value()}),
                     ipv4_option(option::routers, {parse_ipv4("192.168.2.1").value()}),
                     ipv4_option(option::dns_servers, {parse_ipv4("192.168.2.11").value()})};
    if (with_domain) {
        offer.options.push_back(text_option(option::domain, "vprolab.com"));
        offer.options.push_back(domain_search_option({"vprolab.com", "corp.vprolab.com"}));
    }
    Message ack = offer;
    ack.options[0] = u8_option(option::message_type, 5);
    // The server took over the name registration (S set, E wire format).
    ack.options.push_back(client_fqdn_option(0x05, "hp7800.vprolab.com"));
    const Ip yi = Ip::parse(dhcp::ipv4_text(yiaddr));
    tl.at(start, udp_packet(any, bcast, 68, 67, encode(discover)));
    tl.at(start + 2 * kMs, udp_packet(kDhcp, yi, 67, 68, encode(offer)));
    tl.at(start + 4 * kMs, udp_packet(any, bcast, 68, 67, encode(request)));
    tl.at(start + 6 * kMs, udp_packet(kDhcp, yi, 67, 68, encode(ack)));
}

void dhcp_capture(const std::string& dir) {
    Timeline tl(Link::ethernet);
    dhcp_exchange(tl, kBase, 0x3903F326, std::string("\x00\x1a\x2b\x3c\x4d\x5e", 6),
                  dhcp::parse_ipv4("192.168.2.148").value(), true);
    // Another segment's server: no option 15 in its ACK.
    dhcp_exchange(tl, kBase + 30 * kSecond, 0x0BADF00D, std::string("\x00\x1a\x2b\x3c\x4d\x99", 6),
                  dhcp::parse_ipv4("192.168.2.150").value(), false);
    write_file(dir + "/dhcp.pcap", pcap_file(Link::ethernet, tl.packets()));
}

// --- DNS ------------------------------------------------------------------------------------

std::string dns_wire(uint16_t id, bool response, const std::string& rcode,
                     std::vector<std::string> questions, std::vector<std::string> answers = {},
                     std::vector<std::string> authority = {}, const std::string& opcode = "QUERY") {
    dns::MessageSpec s;
    s.id = id;
    s.response = response;
    s.rcode = rcode;
    s.opcode = opcode;
    s.questions = std::move(questions);
    s.answers = std::move(answers);
    s.authority = std::move(authority);
    const std::string wire = dns::encode(s);
    if (wire.empty()) throw std::runtime_error("ldns refused a DNS fixture message");
    return wire;
}

void dns_capture(const std::string& dir) {
    Timeline tl(Link::raw);
    int64_t now = kBase;
    uint16_t port = 53000;
    auto exchange = [&](const Ip& client, uint16_t id, const std::string& question,
                        const std::string& rcode, std::vector<std::string> answers,
                        std::vector<std::string> authority = {}) {
        ++port;
        tl.at(now += 10 * kMs,
              udp_packet(client, kDns, port, 53, dns_wire(id, false, "NOERROR", {question})));
        tl.at(now += 3 * kMs, udp_packet(kDns, client, 53, port,
                                         dns_wire(id, true, rcode, {question}, std::move(answers),
                                                  std::move(authority))));
    };
    const std::string soa =
        "vprolab.com. 3600 IN SOA dc1.vprolab.com. hostmaster.vprolab.com. 7 900 600 86400 3600";
    exchange(kDevice, 0x1001, "provisionserver.vprolab.com. A", "NXDOMAIN", {}, {soa});
    exchange(kDevice, 0x1002, "provisionserver.corp.vprolab.com. A", "NOERROR",
             {"provisionserver.corp.vprolab.com. 300 IN A 192.168.2.10"});
    // A and PTR that agree, then a pair that does not.
    exchange(kServer, 0x1003, "sccm01.vprolab.com. A", "NOERROR",
             {"sccm01.vprolab.com. 300 IN A 192.168.2.10"});
    exchange(kServer, 0x1004, "10.2.168.192.in-addr.arpa. PTR", "NOERROR",
             {"10.2.168.192.in-addr.arpa. 300 IN PTR sccm01.vprolab.com."});
    exchange(kServer, 0x1005, "hp7800.vprolab.com. A", "NOERROR",
             {"hp7800.vprolab.com. 300 IN A 192.168.2.148"});
    exchange(kServer, 0x1006, "148.2.168.192.in-addr.arpa. PTR", "NOERROR",
             {"148.2.168.192.in-addr.arpa. 300 IN PTR oldpc.vprolab.com."});
    // The device registers its name; the zone only takes secure updates.
    const std::vector<std::string> updates = {"hp7800.vprolab.com. 0 ANY A",
                                              "hp7800.vprolab.com. 1200 IN A 192.168.2.148"};
    tl.at(now += 10 * kMs, udp_packet(kDevice, kDns, 53100, 53,
                                      dns_wire(0x1007, false, "NOERROR", {"vprolab.com. SOA"}, {},
                                               updates, "UPDATE")));
    tl.at(now += 3 * kMs,
          udp_packet(kDns, kDevice, 53, 53100,
                     dns_wire(0x1007, true, "REFUSED", {"vprolab.com. SOA"}, {}, {}, "UPDATE")));
    // Asked twice, never answered.
    const std::string unanswered =
        dns_wire(0x1008, false, "NOERROR", {"provisionserver.vprolab.com. AAAA"});
    tl.at(now += 10 * kMs, udp_packet(kDevice, kDns, 53101, 53, unanswered));
    tl.at(now += 1000 * kMs, udp_packet(kDevice, kDns, 53101, 53, unanswered));
    // A response whose query the capture missed; mDNS, which is ignored.
    tl.at(now += 10 * kMs, udp_packet(kDns, kDevice, 53, 53102,
                                      dns_wire(0x100A, true, "NOERROR", {"stray.vprolab.com. A"},
                                               {"stray.vprolab.com. 60 IN A 192.168.2.77"})));
    tl.at(now += 10 * kMs, udp_packet(kDevice, Ip::parse("224.0.0.251"), 5353, 5353,
                                      dns_wire(0, false, "NOERROR", {"hp7800.local. A"})));
    // DNS over TCP.
    TcpConversation c(kServer, 50300, kDns, 53, 5000, 9000);
    const std::string q =
        dns_wire(0x1009, false, "NOERROR", {"provisionserver.corp.vprolab.com. A"});
    const std::string r = dns_wire(0x1009, true, "NOERROR", {"provisionserver.corp.vprolab.com. A"},
                                   {"provisionserver.corp.vprolab.com. 300 IN A 192.168.2.10"});
    auto framed = [](const std::string& m) {
        return std::string{static_cast<char>(m.size() >> 8), static_cast<char>(m.size() & 0xFF)} +
               m;
    };
    tl.burst(now += 10 * kMs, {c.syn(), c.syn_ack(), c.ack(), c.client_data(framed(q).substr(0, 9)),
                               c.client_data(framed(q).substr(9)), c.server_data(framed(r)),
                               c.client_fin(), c.server_fin(), c.ack()});
    write_file(dir + "/dns.pcap", pcap_file(Link::raw, tl.packets()));
}

// --- TCP and TLS to the device ----------------------------------------------------------------

void tcp_capture(const std::string& dir) {
    Timeline tl(Link::sll2);
    TcpConversation ok(kServer, 51000, kDevice, 16993, 100, 200);
    tl.burst(kBase, {ok.syn(), ok.syn_ack(), ok.ack(), ok.client_fin(), ok.server_fin(), ok.ack()});
    TcpConversation reset(kServer, 51001, kDevice, 16993, 300, 400);
    tl.burst(kBase + kSecond, {reset.syn(), reset.server_rst()});
    TcpConversation silent(kServer, 51002, kDevice2, 16993, 500, 600);
    tl.at(kBase + 2 * kSecond, silent.syn());
    tl.at(kBase + 3 * kSecond, silent.syn());  // retransmitted: the same attempt
    tl.at(kBase + 5 * kSecond, silent.syn());
    TcpConversation plain(kServer, 51003, kDevice, 16994, 700, 800);
    tl.burst(kBase + 6 * kSecond,
             {plain.syn(), plain.syn_ack(), plain.ack(),
              plain.client_data(std::string("\x10\x00\x00\x00SOL ", 8)),
              plain.server_data(std::string("\x11\x00\x00\x00", 4)), plain.client_rst()});
    write_file(dir + "/tcp-16993.pcap", pcap_file(Link::sll2, tl.packets()));
}

std::vector<std::string> der_chain(const std::string& pem_path) {
    std::vector<std::string> out;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(pem_path.c_str(), "r"),
                                                      std::fclose);
    if (!f) throw std::runtime_error("cannot open " + pem_path);
    while (X509* x = PEM_read_X509(f.get(), nullptr, nullptr, nullptr)) {
        unsigned char* der = nullptr;
        const int n = i2d_X509(x, &der);
        out.emplace_back(reinterpret_cast<const char*>(der), static_cast<size_t>(n));
        OPENSSL_free(der);
        X509_free(x);
    }
    return out;
}

void tls_capture(const std::string& dir, const std::string& certs) {
    const std::vector<std::string> amt = der_chain(certs + "/amt-webserver.pem");
    std::vector<std::string> server_chain = amt;
    for (const auto& d : der_chain(certs + "/intermediate.pem")) server_chain.push_back(d);
    for (const auto& d : der_chain(certs + "/root.pem")) server_chain.push_back(d);
    const std::vector<std::string> prov = der_chain(certs + "/prov-good-chain.pem");
    Timeline tl(Link::ethernet);
    const std::string hello =
        t::record(22, t::client_hello({0x0303, "hp7800.vprolab.com", 12, {}}), 0x0301);
    // Established, the provisioning server showing its chain as a client certificate.
    TcpConversation a(kServer, 52000, kDevice, 16993, 1000, 2000);
    tl.burst(kBase,
             {a.syn(), a.syn_ack(), a.ack(), a.client_data(hello),
              a.server_data(t::record(22, t::server_hello(0x0303, 0xC030) +
                                              t::certificate(server_chain) +
                                              t::handshake(13, std::string("\x01\x01\x00\x00", 4)) +
                                              t::server_hello_done())),
              a.client_data(t::record(22, t::certificate(prov) +
                                              t::handshake(16, std::string(130, 'k')) +
                                              t::handshake(15, std::string(260, 'v'))) +
                            t::change_cipher_spec() + t::record(22, std::string(40, 'f'))),
              a.server_data(t::change_cipher_spec() + t::record(22, std::string(40, 'f'))),
              a.client_data(t::application_data(300)), a.server_data(t::application_data(900)),
              a.client_fin(), a.server_fin(), a.ack()});
    // The device does not trust the root of the provisioning chain.
    TcpConversation b(kServer, 52001, kDevice, 16993, 3000, 4000);
    tl.burst(kBase + 5 * kSecond,
             {b.syn(), b.syn_ack(), b.ack(), b.client_data(hello),
              b.server_data(t::record(22, t::server_hello(0x0303, 0xC030) + t::certificate(amt) +
                                              t::handshake(13, std::string("\x01\x01\x00\x00", 4)) +
                                              t::server_hello_done())),
              b.client_data(
                  t::record(22, t::certificate(prov) + t::handshake(16, std::string(130, 'k')))),
              b.server_data(t::alert(2, 48)), b.client_rst()});
    // TLS 1.3 on the redirection port: no certificates in the clear.
    TcpConversation c(kServer, 52002, kDevice, 16995, 5000, 6000);
    tl.burst(kBase + 10 * kSecond,
             {c.syn(), c.syn_ack(), c.ack(),
              c.client_data(t::record(
                  22, t::client_hello({0x0303, "hp7800.vprolab.com", 3, {0x0304, 0x0303}}))),
              c.server_data(t::record(22, t::server_hello(0x0303, 0x1302, true)) +
                            t::change_cipher_spec() + t::application_data(2500)),
              c.client_data(t::change_cipher_spec() + t::application_data(60)),
              c.client_data(t::application_data(200)), c.client_fin(), c.server_fin(), c.ack()});
    write_file(dir + "/tls-16993.pcap", pcap_file(Link::ethernet, tl.packets()));
}

// --- IPv6, two interfaces, loopback, damage ---------------------------------------------------

void ipv6_capture(const std::string& dir) {
    const Ip dev = Ip::parse("2001:db8::148"), srv = Ip::parse("2001:db8::10"),
             ns = Ip::parse("2001:db8::11");
    Timeline tl(Link::ethernet);
    tl.burst(kBase, hello_connection(dev, 50400, srv, 9971, hello_vector(0), 40, 2));
    tl.at(kBase + kSecond,
          udp_packet(dev, ns, 53200, 53,
                     dns_wire(0x2001, false, "NOERROR", {"provisionserver.vprolab.com. AAAA"}),
                     true));
    tl.at(kBase + kSecond + 2 * kMs,
          udp_packet(ns, dev, 53, 53200,
                     dns_wire(0x2001, true, "NOERROR", {"provisionserver.vprolab.com. AAAA"},
                              {"provisionserver.vprolab.com. 300 IN AAAA 2001:db8::10"}),
                     true));
    TcpConversation c(srv, 52100, dev, 16993, 70, 80, true);
    tl.burst(kBase + 2 * kSecond,
             {c.syn(), c.syn_ack(), c.ack(), c.client_fin(), c.server_fin(), c.ack()});
    write_file(dir + "/ipv6.pcap", pcap_file(Link::ethernet, tl.packets()));
}

void two_interfaces(const std::string& dir) {
    // Ethernet on the LAN (microseconds) and a VPN's raw IP (nanoseconds) in one pcapng.
    Timeline lan(Link::ethernet);
    dhcp_exchange(lan, kBase, 0x12345678, std::string("\x00\x1a\x2b\x3c\x4d\x5e", 6),
                  dhcp::parse_ipv4("192.168.2.148").value(), true);
    std::vector<Packet> packets = lan.packets();
    const Ip vpn_dev = Ip::parse("10.8.0.6"), vpn_srv = Ip::parse("10.8.0.1");
    int64_t now = kBase + kSecond + 123;  // nanoseconds survive on the raw interface
    for (const auto& p : hello_connection(vpn_dev, 50500, vpn_srv, 9971, hello_vector(0), 4242))
        packets.push_back({now += kMs, frame(Link::raw, p), 1});
    write_file(dir + "/two-interfaces.pcapng",
               pcapng_file({{Link::ethernet, false}, {Link::raw, true}}, packets));
}

void loopback(const std::string& dir) {
    // A hello replayed on the server itself, captured on BSD loopback (DLT_NULL).
    const Ip lo = Ip::parse("127.0.0.1");
    Timeline tl(Link::null);
    tl.burst(kBase, hello_connection(lo, 50600, lo, 9971, hello_vector(1), 31337));
    write_file(dir + "/loopback.pcap", pcap_file(Link::null, tl.packets()));
}

void truncated(const std::string& dir) {
    // The hello series, cut in the middle of the second hello's data record.
    Timeline tl(Link::ethernet);
    for (int i = 0; i < 2; ++i)
        tl.burst(kBase + i * 60 * kSecond,
                 hello_connection(kDevice, static_cast<uint16_t>(49152 + i), kServer, 9971,
                                  hello_vector(0), 1000u + static_cast<uint32_t>(i) * 7919u));
    std::vector<Packet> first(tl.packets().begin(), tl.packets().begin() + 11);
    std::string bytes = pcap_file(Link::ethernet, first);
    bytes.resize(bytes.size() - 500);
    write_file(dir + "/truncated.pcap", bytes);
}

void garbage(const std::string& dir) {
    Timeline tl(Link::ethernet);
    int64_t now = kBase;
    std::string noise;
    uint32_t x = 12345;
    for (int i = 0; i < 40; ++i) {
        x = x * 1103515245u + 12345u;
        noise.push_back(static_cast<char>(x >> 24));
    }
    noise[0] = 0x42;  // IPv4 with a 2-word header: impossible
    tl.at(now += kMs, noise);
    std::string bad_tcp = tcp_packet(kServer, kDevice, 52200, 16993, 1, 0, kSyn, {});
    bad_tcp[20 + 12] = 0x20;  // TCP data offset 2 words
    tl.at(now += kMs, bad_tcp);
    tl.at(now += kMs, udp_packet(kDevice, kDhcp, 68, 67, "too short"));
    tl.at(now += kMs, udp_packet(kDevice, kDns, 53300, 53, std::string(30, '\xff')));
    for (const auto& f : fragmented_udp(kDns, kDevice, 53, 53301, std::string(3000, 'd'), 1500))
        tl.at(now += kMs, f);
    // ARP: not IP, not a problem.
    const size_t arp_index = tl.packets().size();
    tl.at(now += kMs, std::string("\x00\x01\x08\x00\x06\x04\x00\x01", 8) + std::string(20, '\0'));
    dhcp_exchange(tl, now + kSecond, 0x600DF00D, std::string("\x00\x1a\x2b\x3c\x4d\x5e", 6),
                  dhcp::parse_ipv4("192.168.2.148").value(), true);
    std::vector<Packet> packets = tl.packets();
    // The ARP frame needs its own ethertype: rewrite that one frame.
    Packet& arp = packets[arp_index];
    arp.frame = std::string("\xff\xff\xff\xff\xff\xff\x00\x1a\x2b\x3c\x4d\x5e\x08\x06", 14) +
                arp.frame.substr(14);
    write_file(dir + "/garbage.pcap", pcap_file(Link::ethernet, packets));
}

}  // namespace
}  // namespace amtdiag::testing::capture

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pcap_make_fixtures FIXTURES_DIR\n");
        return 2;
    }
    using namespace amtdiag::testing::capture;
    const std::string dir = argv[1];
    const std::string certs = dir + "/../../../../rules/fixtures/cert";
    hello_series(dir);
    hello_pid(dir);
    hello_vectors(dir);
    hello_segments(dir);
    dhcp_capture(dir);
    dns_capture(dir);
    tcp_capture(dir);
    tls_capture(dir, certs);
    ipv6_capture(dir);
    two_interfaces(dir);
    loopback(dir);
    truncated(dir);
    garbage(dir);
    return 0;
}
