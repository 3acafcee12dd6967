// Generates the capture fixtures in fixtures/ (checked in; run again after a change and review
// the baselines):   pcap_make_fixtures tests/parsers/pcap/fixtures
// Deterministic: the same bytes on every run. Hellos, DHCP, loopback and damage here; DNS,
// TCP, TLS, IPv6 and two interfaces in make_fixtures_network.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "../hello/hello_vectors.h"
#include "fixture_support.h"
#include "parsers/hello/hello.h"

namespace amtdiag::testing::capture::fixtures {

// One hello connection: handshake, the hello in `pieces` segments, FINs.
std::vector<std::string> hello_connection(const Ip& device, uint16_t cport, const Ip& server,
                                          uint16_t sport, const std::string& hello, uint32_t isn,
                                          size_t pieces) {
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

}  // namespace amtdiag::testing::capture::fixtures

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pcap_make_fixtures FIXTURES_DIR\n");
        return 2;
    }
    using namespace amtdiag::testing::capture::fixtures;
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
