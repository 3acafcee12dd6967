// The DHCP messages the probe sends, read back by its own decoder and checked byte by byte
// where RFC 2131/2132/4702 fix them.
#include <gtest/gtest.h>

#include "analyzer/collect/dhcp_wire.h"

namespace {

namespace collect = amtdiag::collect;

TEST(DhcpWire, DiscoverLayout) {
    collect::DhcpRequestSpec spec;
    spec.xid = 0x01020304;
    ASSERT_TRUE(collect::parse_mac("02-00-5E-10-00-01", spec.mac));
    const std::string b = collect::encode_dhcp(spec);
    ASSERT_GE(b.size(), 300u);
    EXPECT_EQ(b[0], 1);                                             // BOOTREQUEST
    EXPECT_EQ(b.substr(4, 4), std::string("\x01\x02\x03\x04", 4));  // xid
    EXPECT_EQ(static_cast<unsigned char>(b[10]), 0x80u);            // broadcast flag
    EXPECT_EQ(b.substr(236, 4), std::string("\x63\x82\x53\x63", 4));
    EXPECT_EQ(b.substr(240, 3), std::string("\x35\x01\x01", 3));  // option 53 DISCOVER
}

TEST(DhcpWire, RequestCarriesOption81InWireFormat) {
    collect::DhcpRequestSpec spec;
    spec.message_type = 3;
    spec.client_fqdn = "hp7800.vprolab.test";
    const std::string b = collect::encode_dhcp(spec);
    const std::string want =
        std::string("\x51\x18\x05\x00\x00\x06hp7800\x07vprolab\x04test\x00", 26);
    EXPECT_NE(b.find(want), std::string::npos);
}

TEST(DhcpWire, ReplyDecodes) {
    collect::DhcpRequestSpec spec;
    spec.xid = 7;
    std::string b = collect::encode_dhcp(spec);
    b[0] = 2;  // as if a server answered
    b.resize(240);
    auto opt = [](int code, const std::string& data) {
        return std::string(1, static_cast<char>(code)) +
               std::string(1, static_cast<char>(data.size())) + data;
    };
    b += opt(53, "\x02") + opt(54, std::string("\x0a\x00\x00\x01", 4)) +
         opt(15, std::string("vprolab.test\0", 13)) + opt(51, std::string("\x00\x00\x0e\x10", 4)) +
         opt(81, std::string("\x05\xff\xff\x03pc1\x01x\x00", 10)) + "\xff";
    const auto r = collect::decode_dhcp(b);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->message_type, 2);
    EXPECT_EQ(r->xid, 7u);
    EXPECT_EQ(r->server_id, "10.0.0.1");
    EXPECT_EQ(r->domain, "vprolab.test");  // the trailing NUL some servers send is dropped
    EXPECT_EQ(r->lease_seconds, 3600u);
    ASSERT_TRUE(r->client_fqdn.has_value());
    EXPECT_EQ(r->client_fqdn->name, "pc1.x");
    EXPECT_EQ(r->client_fqdn->rcode1, 255);
}

TEST(DhcpWire, GarbageIsNoReply) {
    EXPECT_FALSE(collect::decode_dhcp("").has_value());
    EXPECT_FALSE(collect::decode_dhcp(std::string(300, '\x02')).has_value());
    std::string cut(240, '\0');
    cut[0] = 2;
    cut.replace(236, 4, "\x63\x82\x53\x63");
    cut += "\x35\x09\x01";  // an option longer than the packet
    const auto r = collect::decode_dhcp(cut);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->options.empty());
}

}  // namespace
