// The DHCP decoder: the fixed part, message types, the options a provisioning diagnosis reads
// (15, 81 in both encodings, 119 with compression), overloaded fields, malformed input.
#include <gtest/gtest.h>

#include "parsers/dhcp/dhcp.h"

namespace amtdiag::parsers::dhcp {
namespace {

uint32_t ip(const char* text) {
    return parse_ipv4(text).value();
}

Message ack_with_domain() {
    Message m;
    m.op = 2;
    m.xid = 0x3903F326;
    m.yiaddr = ip("192.168.2.148");
    m.siaddr = ip("192.168.2.1");
    m.chaddr = std::string("\x00\x1a\x2b\x3c\x4d\x5e", 6);
    m.options = {u8_option(option::message_type, 5),
                 ipv4_option(option::server_id, {ip("192.168.2.1")}),
                 u32_option(option::lease, 86400),
                 ipv4_option(option::netmask, {ip("255.255.255.0")}),
                 ipv4_option(option::routers, {ip("192.168.2.1")}),
                 ipv4_option(option::dns_servers, {ip("192.168.2.10"), ip("192.168.2.11")}),
                 text_option(option::domain, "vprolab.com"),
                 text_option(option::host_name, "hp7800"),
                 client_fqdn_option(0x05, "hp7800.vprolab.com")};
    return m;
}

TEST(Dhcp, AckWithDomainAndClientFqdn) {
    const std::string wire = encode(ack_with_domain());
    EXPECT_GE(wire.size(), 300u);
    const Decoded d = decode(wire);
    ASSERT_TRUE(d.ok);
    EXPECT_TRUE(d.has_cookie);
    EXPECT_TRUE(d.problems.empty()) << d.problems.front();
    EXPECT_EQ(d.type, 5);
    EXPECT_EQ(d.type_name, "ACK");
    EXPECT_EQ(d.message.xid, 0x3903F326u);
    EXPECT_EQ(d.mac, "00-1A-2B-3C-4D-5E");
    EXPECT_EQ(ipv4_text(d.message.yiaddr), "192.168.2.148");
    EXPECT_EQ(d.domain, "vprolab.com");
    EXPECT_EQ(d.host_name, "hp7800");
    ASSERT_TRUE(d.client_fqdn);
    EXPECT_EQ(d.client_fqdn->flags, 0x05);
    EXPECT_EQ(d.client_fqdn->name, "hp7800.vprolab.com");
    EXPECT_FALSE(d.client_fqdn->partial);
    EXPECT_EQ(d.dns_servers, (std::vector<std::string>{"192.168.2.10", "192.168.2.11"}));
    EXPECT_EQ(d.routers, std::vector<std::string>{"192.168.2.1"});
    EXPECT_EQ(d.lease_seconds, 86400u);
    EXPECT_EQ(d.server_id, "192.168.2.1");
    EXPECT_EQ(d.netmask, "255.255.255.0");
    EXPECT_EQ(d.option_codes, (std::vector<uint8_t>{53, 54, 51, 1, 3, 6, 15, 12, 81}));
}

TEST(Dhcp, RoundTripKeepsEveryField) {
    Message m = ack_with_domain();
    m.chaddr.resize(16, '\0');
    m.sname.assign(64, '\0');
    m.file.assign(128, '\0');
    const Decoded d = decode(encode(m));
    EXPECT_EQ(d.message, m);
}

TEST(Dhcp, AckWithoutOption15) {
    Message m = ack_with_domain();
    m.options.erase(m.options.begin() + 6);  // option 15
    const Decoded d = decode(encode(m));
    EXPECT_FALSE(d.domain.has_value());
    EXPECT_EQ(d.type_name, "ACK");
}

TEST(Dhcp, ClientFqdnAsciiAndTrailingNulInDomain) {
    Message m;
    m.chaddr = std::string("\x00\x1a\x2b\x3c\x4d\x5e", 6);
    m.options = {u8_option(option::message_type, 3),
                 client_fqdn_option(0x01, "hp7800.vprolab.com."),
                 text_option(option::domain, std::string("vprolab.com\0", 12))};
    const Decoded d = decode(encode(m));
    EXPECT_EQ(d.type_name, "REQUEST");
    ASSERT_TRUE(d.client_fqdn);
    EXPECT_EQ(d.client_fqdn->flags, 0x01);
    EXPECT_EQ(d.client_fqdn->name, "hp7800.vprolab.com");
    EXPECT_EQ(d.domain, "vprolab.com");
}

TEST(Dhcp, PartialWireFormatFqdn) {
    Message m;
    m.options = {Option{option::client_fqdn,
                        std::string("\x04\x00\x00", 3) + dns_wire_name("hp7800", false)}};
    const Decoded d = decode(encode(m));
    ASSERT_TRUE(d.client_fqdn);
    EXPECT_EQ(d.client_fqdn->name, "hp7800");
    EXPECT_TRUE(d.client_fqdn->partial);
    EXPECT_TRUE(d.problems.empty());
}

TEST(Dhcp, DomainSearchWithCompression) {
    // RFC 3397's example: eng.apple.com, marketing.apple.com (the second points into the first).
    std::string data = dns_wire_name("eng.apple.com");
    data += std::string("\x09marketing\xC0\x04", 12);
    Message m;
    m.options = {Option{option::domain_search, data}};
    const Decoded d = decode(encode(m));
    EXPECT_EQ(d.domain_search, (std::vector<std::string>{"eng.apple.com", "marketing.apple.com"}));
    EXPECT_TRUE(d.problems.empty());
}

TEST(Dhcp, CompressionLoopsAreCaught) {
    Message m;
    m.options = {Option{option::domain_search, std::string("\x01"
                                                           "a\xC0\x00",
                                                           4)}};
    const Decoded d = decode(encode(m));
    EXPECT_TRUE(d.domain_search.empty());
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "option 119 holds a malformed name at byte 0");
}

TEST(Dhcp, LongOptionSplitAndJoined) {
    std::vector<std::string> names;
    for (int i = 0; i < 30; ++i) names.push_back("site" + std::to_string(i) + ".vprolab.com");
    Message m;
    m.options = {domain_search_option(names)};
    ASSERT_GT(m.options[0].data.size(), 255u);
    const Decoded d = decode(encode(m));
    EXPECT_EQ(d.domain_search, names);
}

TEST(Dhcp, OverloadedFileAndSname) {
    Message m;
    m.options = {u8_option(option::message_type, 2), u8_option(option::overload, 3)};
    std::string file;
    file += std::string("\x0f\x0bvprolab.com", 13);
    file.push_back(static_cast<char>(option::end));
    m.file = file;
    m.sname = std::string("\x0c\x06hp7800\xff", 9);
    const Decoded d = decode(encode(m));
    EXPECT_EQ(d.type_name, "OFFER");
    EXPECT_EQ(d.domain, "vprolab.com");
    EXPECT_EQ(d.host_name, "hp7800");
    EXPECT_EQ(d.option_codes, (std::vector<uint8_t>{53, 52, 15, 12}));
}

TEST(Dhcp, MalformedInput) {
    Decoded d = decode("short");
    EXPECT_FALSE(d.ok);
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0], "message is 5 bytes, shorter than the 236-byte BOOTP header");

    std::string wire = encode(ack_with_domain());
    wire.resize(kFixedBytes + 4 + 10);  // cut inside the options
    d = decode(wire);
    EXPECT_TRUE(d.ok);
    EXPECT_FALSE(d.problems.empty());

    wire = std::string(kFixedBytes, '\0');  // plain BOOTP: no cookie
    d = decode(wire);
    EXPECT_TRUE(d.ok);
    EXPECT_FALSE(d.has_cookie);
    EXPECT_EQ(d.type_name, "BOOTP");

    // Every prefix, from a copy of exactly that size (ASan catches reads past it).
    const std::string full = encode(ack_with_domain());
    for (size_t n = 0; n <= full.size(); ++n) (void)decode(full.substr(0, n));
}

TEST(Dhcp, Names) {
    EXPECT_EQ(message_type_name(1), "DISCOVER");
    EXPECT_EQ(message_type_name(8), "INFORM");
    EXPECT_EQ(message_type_name(6), "NAK");
    EXPECT_EQ(message_type_name(200), "TYPE-200");
    EXPECT_FALSE(parse_ipv4("1.2.3").has_value());
    EXPECT_FALSE(parse_ipv4("1.2.3.256").has_value());
    EXPECT_EQ(ipv4_text(ip("10.0.0.1")), "10.0.0.1");
}

}  // namespace
}  // namespace amtdiag::parsers::dhcp
