// The network fixtures: DNS (UDP and TCP, NXDOMAIN, A/PTR pairs, a dynamic update), TCP
// outcomes to the AMT ports, TLS handshakes with certificate chains and an unknown_ca alert,
// IPv6, and a pcapng with two interfaces of different link types.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../hello/hello_vectors.h"
#include "fixture_support.h"

namespace amtdiag::testing::capture::fixtures {

// --- DNS ------------------------------------------------------------------------------------

std::string dns_wire(uint16_t id, bool response, const std::string& rcode,
                     std::vector<std::string> questions, std::vector<std::string> answers,
                     std::vector<std::string> authority, const std::string& opcode) {
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
    struct X509Free {
        void operator()(X509* x) const { X509_free(x); }
    };
    struct BytesFree {
        void operator()(unsigned char* p) const { OPENSSL_free(p); }
    };
    for (;;) {
        const std::unique_ptr<X509, X509Free> x(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
        if (!x) break;
        unsigned char* raw = nullptr;
        const int n = i2d_X509(x.get(), &raw);
        const std::unique_ptr<unsigned char, BytesFree> der(raw);
        if (n > 0)
            out.emplace_back(reinterpret_cast<const char*>(der.get()), static_cast<size_t>(n));
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

}  // namespace amtdiag::testing::capture::fixtures
