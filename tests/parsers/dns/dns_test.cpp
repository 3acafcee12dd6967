// DNS decoding through ldns: queries, NXDOMAIN, A and PTR answers, CNAME chains, dynamic
// updates, malformed input.
#include <gtest/gtest.h>

#include "parsers/dns/dns.h"

namespace amtdiag::parsers::dns {
namespace {

TEST(Dns, QueryAndNxdomain) {
    MessageSpec q;
    q.id = 0x1234;
    q.questions = {"ProvisionServer.VProLab.com. A"};
    Message m = decode(encode(q));
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_FALSE(m.response);
    EXPECT_EQ(m.id, 0x1234);
    EXPECT_EQ(m.opcode, "QUERY");
    EXPECT_EQ(m.qname, "provisionserver.vprolab.com");
    EXPECT_EQ(m.qtype, "A");

    q.response = true;
    q.rcode = "NXDOMAIN";
    q.authority = {
        "vprolab.com. 3600 IN SOA dc1.vprolab.com. hostmaster.vprolab.com. 7 900 600 86400 3600"};
    m = decode(encode(q));
    ASSERT_TRUE(m.ok);
    EXPECT_TRUE(m.response);
    EXPECT_EQ(m.rcode, "NXDOMAIN");
    EXPECT_TRUE(m.answers.empty());
    ASSERT_EQ(m.authority.size(), 1u);
    EXPECT_EQ(m.authority[0].type, "SOA");
}

TEST(Dns, AnswersAddressesAndNames) {
    MessageSpec r;
    r.id = 7;
    r.response = true;
    r.questions = {"provisionserver.vprolab.com. A"};
    r.answers = {"provisionserver.vprolab.com. 300 IN CNAME SCCM01.vprolab.com.",
                 "sccm01.vprolab.com. 300 IN A 192.168.2.10"};
    Message m = decode(encode(r));
    ASSERT_TRUE(m.ok);
    EXPECT_EQ(m.rcode, "NOERROR");
    EXPECT_EQ(m.answer_texts(),
              (std::vector<std::string>{"provisionserver.vprolab.com CNAME sccm01.vprolab.com",
                                        "sccm01.vprolab.com A 192.168.2.10"}));
    EXPECT_EQ(m.addresses(), std::vector<std::string>{"192.168.2.10"});
    EXPECT_EQ(m.names(), std::vector<std::string>{"sccm01.vprolab.com"});

    r.questions = {"10.2.168.192.in-addr.arpa. PTR"};
    r.answers = {"10.2.168.192.in-addr.arpa. 300 IN PTR sccm01.vprolab.com."};
    m = decode(encode(r));
    EXPECT_EQ(m.qtype, "PTR");
    EXPECT_EQ(m.names(), std::vector<std::string>{"sccm01.vprolab.com"});

    r.questions = {"host6.vprolab.com. AAAA"};
    r.answers = {"host6.vprolab.com. 300 IN AAAA 2001:db8::10"};
    m = decode(encode(r));
    EXPECT_EQ(m.addresses(), std::vector<std::string>{"2001:db8::10"});
}

TEST(Dns, DynamicUpdate) {
    MessageSpec u;
    u.id = 99;
    u.opcode = "UPDATE";
    u.questions = {"vprolab.com. SOA"};
    u.authority = {"hp7800.vprolab.com. 0 ANY A", "hp7800.vprolab.com. 1200 IN A 192.168.2.148",
                   "old.vprolab.com. 0 NONE A 192.168.2.99"};
    const Message m = decode(encode(u));
    ASSERT_TRUE(m.ok) << m.error;
    EXPECT_EQ(m.opcode, "UPDATE");
    EXPECT_EQ(m.qname, "vprolab.com");
    EXPECT_EQ(m.updates(), (std::vector<std::string>{"delete hp7800.vprolab.com A",
                                                     "add hp7800.vprolab.com A 192.168.2.148",
                                                     "delete old.vprolab.com A 192.168.2.99"}));
    MessageSpec refused = u;
    refused.response = true;
    refused.rcode = "REFUSED";
    refused.authority.clear();
    EXPECT_EQ(decode(encode(refused)).rcode, "REFUSED");
}

TEST(Dns, MalformedInputIsAnError) {
    EXPECT_FALSE(decode("").ok);
    EXPECT_FALSE(decode("abc").ok);
    MessageSpec r;
    r.response = true;
    r.questions = {"provisionserver.vprolab.com. A"};
    r.answers = {"provisionserver.vprolab.com. 300 IN A 192.168.2.10"};
    const std::string wire = encode(r);
    ASSERT_FALSE(wire.empty());
    for (size_t n = 0; n < wire.size(); ++n) {
        const Message m = decode(wire.substr(0, n));
        EXPECT_FALSE(m.ok) << n;
        EXPECT_FALSE(m.error.empty());
    }
    // A compression pointer to itself.
    std::string loop("\x00\x01\x81\x80\x00\x01\x00\x00\x00\x00\x00\x00\xC0\x0C\x00\x01\x00\x01",
                     18);
    EXPECT_FALSE(decode(loop).ok);
}

}  // namespace
}  // namespace amtdiag::parsers::dns
