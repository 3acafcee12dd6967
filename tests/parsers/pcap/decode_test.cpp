// Link layers, IPv4/IPv6 and transport headers, including what is refused.
#include <gtest/gtest.h>

#include "capture_writer.h"
#include "parsers/pcap/packet_decode.h"

namespace amtdiag::parsers::pcap {
namespace {

namespace w = amtdiag::testing::capture;

const w::Ip kA = w::Ip::parse("192.168.2.148"), kB = w::Ip::parse("192.168.2.10");

std::string udp4() {
    return w::udp_packet(kA, kB, 68, 67, "hello");
}

TEST(Decode, EveryLinkLayerReachesUdp) {
    const std::pair<w::Link, int> links[] = {
        {w::Link::ethernet, 0}, {w::Link::ethernet, 1}, {w::Link::ethernet, 2},
        {w::Link::sll, 0},      {w::Link::sll2, 0},     {w::Link::raw, 0},
        {w::Link::raw_ipv4, 0}, {w::Link::null, 0},     {w::Link::loop, 0}};
    for (const auto& [link, vlans] : links) {
        // The frame outlives the decode: the payload is a view into it.
        const std::string frame = w::frame(link, udp4(), vlans);
        const Decoded d = decode_packet(static_cast<uint32_t>(link), frame);
        EXPECT_EQ(d.problem, "") << static_cast<int>(link) << "/" << vlans;
        ASSERT_EQ(d.transport, Transport::udp) << static_cast<int>(link) << "/" << vlans;
        EXPECT_EQ(d.src.text(), "192.168.2.148");
        EXPECT_EQ(d.dst.text(), "192.168.2.10");
        EXPECT_EQ(d.src_port, 68);
        EXPECT_EQ(d.dst_port, 67);
        // Ethernet pads short frames: the payload is only the datagram's.
        EXPECT_EQ(d.payload, "hello");
    }
    // DLT_RAW as libpcap reports it for classic pcap on Linux.
    EXPECT_EQ(decode_packet(12, udp4()).transport, Transport::udp);
}

TEST(Decode, Ipv6WithExtensionHeaders) {
    const w::Ip a = w::Ip::parse("2001:db8::148"), b = w::Ip::parse("2001:db8::10");
    const std::string p = w::tcp_packet(a, b, 50000, 9971, 7, 0, w::kSyn, "", true);
    const Decoded d = decode_packet(static_cast<uint32_t>(w::Link::raw_ipv6), p);
    ASSERT_EQ(d.transport, Transport::tcp) << d.problem;
    EXPECT_EQ(d.src.text(), "2001:db8::148");
    EXPECT_EQ(d.dst_port, 9971);
    EXPECT_EQ(d.tcp.seq, 7u);
    EXPECT_EQ(d.tcp.flags, kSyn);
}

TEST(Decode, FragmentsAreRecognisedNotRead) {
    const auto frags = w::fragmented_udp(kB, kA, 53, 50000, std::string(3000, 'x'), 1500);
    ASSERT_EQ(frags.size(), 3u);
    for (const auto& f : frags) {
        const Decoded d = decode_packet(101, f);
        EXPECT_TRUE(d.fragment);
        EXPECT_EQ(d.transport, Transport::none);
        EXPECT_EQ(d.problem, "");
    }
}

TEST(Decode, DamageIsDescribed) {
    EXPECT_EQ(decode_packet(1, "short").problem, "Ethernet header cut short");
    EXPECT_EQ(decode_packet(101, std::string("\x45\x00", 2)).problem, "IPv4 header cut short");
    std::string p = udp4();
    p[0] = 0x43;
    EXPECT_EQ(decode_packet(101, p).problem, "IPv4 header length 12 is impossible");
    p = udp4();
    p[0] = 0x55;
    EXPECT_EQ(decode_packet(101, p).problem, "IP version 5");
    p = w::tcp_packet(kA, kB, 1, 2, 3, 4, w::kAck, "data");
    p[32] = 0x10;
    EXPECT_EQ(decode_packet(101, p).problem, "TCP header length 4 is impossible");
    EXPECT_EQ(decode_packet(147, "x").problem, "unsupported link type 147");
    // A snapshot length shorter than the packet: what was kept is read, and said.
    const std::string whole = w::udp_packet(kA, kB, 68, 67, std::string(400, 'z'));
    const Decoded cut = decode_packet(101, whole.substr(0, 100));
    EXPECT_TRUE(cut.truncated);
    EXPECT_EQ(cut.transport, Transport::udp);
    // ARP is not IP and not a problem.
    const Decoded arp = decode_packet(
        1, std::string(12, '\xff') + std::string("\x08\x06", 2) + std::string(28, '\0'));
    EXPECT_TRUE(arp.not_ip);
    EXPECT_EQ(arp.problem, "");
    // Every prefix of a VLAN-tagged IPv6 frame, from an exact-size copy (ASan).
    const std::string f = w::frame(
        w::Link::ethernet,
        w::tcp_packet(w::Ip::parse("::1"), w::Ip::parse("::2"), 1, 2, 3, 4, 0, "x", true), 2);
    for (size_t n = 0; n <= f.size(); ++n) (void)decode_packet(1, f.substr(0, n));
}

TEST(Decode, LinkTypeNames) {
    EXPECT_EQ(link_type_name(1), "Ethernet");
    EXPECT_EQ(link_type_name(113), "Linux cooked (SLL)");
    EXPECT_EQ(link_type_name(276), "Linux cooked (SLL2)");
    EXPECT_EQ(link_type_name(101), "raw IP");
    EXPECT_EQ(link_type_name(0), "BSD loopback");
    EXPECT_FALSE(link_type_supported(105));
}

}  // namespace
}  // namespace amtdiag::parsers::pcap
