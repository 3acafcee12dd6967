// One direction of TCP put back in order: out of order, retransmitted, overlapping, wrapping
// sequence numbers, and the limits.
#include <gtest/gtest.h>

#include "parsers/pcap/tcp_stream.h"

namespace amtdiag::parsers::pcap {
namespace {

struct Collector {
    std::string bytes;
    TcpStream::Deliver deliver() {
        return [this](std::string_view b) { bytes.append(b); };
    }
};

TEST(Reassembly, OutOfOrderRetransmittedOverlapping) {
    const std::string text = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (const uint32_t isn : {1000u, 0xFFFFFFF0u}) {  // the second wraps inside the stream
        TcpStream s;
        PendingBudget budget;
        Collector c;
        s.syn(isn);
        const StreamLimits limits;
        EXPECT_TRUE(s.segment(isn + 1 + 20, std::string_view(text).substr(20, 10), limits, budget,
                              c.deliver()));
        EXPECT_EQ(c.bytes, "");
        EXPECT_EQ(budget.used, 10u);
        s.segment(isn + 1, std::string_view(text).substr(0, 8), limits, budget, c.deliver());
        s.segment(isn + 1, std::string_view(text).substr(0, 8), limits, budget,
                  c.deliver());  // again
        s.segment(isn + 1 + 5, std::string_view(text).substr(5, 16), limits, budget, c.deliver());
        EXPECT_EQ(c.bytes, text.substr(0, 30));
        s.segment(isn + 1 + 30, std::string_view(text).substr(30), limits, budget, c.deliver());
        EXPECT_EQ(c.bytes, text);
        EXPECT_EQ(budget.used, 0u);
        EXPECT_EQ(s.delivered(), text.size());
        EXPECT_EQ(s.sent(), text.size());
        EXPECT_EQ(s.retransmitted_bytes(), 8u + 3u + 1u);
    }
}

TEST(Reassembly, MidStreamStartAndOldSegments) {
    TcpStream s;
    PendingBudget budget;
    Collector c;
    s.segment(5000, "abc", {}, budget, c.deliver());
    s.segment(4990, "zz", {}, budget, c.deliver());  // before the first byte seen: dropped
    s.segment(5003, "def", {}, budget, c.deliver());
    EXPECT_EQ(c.bytes, "abcdef");
}

TEST(Reassembly, LimitsDropAndGapsAreReported) {
    TcpStream s;
    PendingBudget budget;
    Collector c;
    s.syn(0);
    StreamLimits limits;
    limits.max_pending_bytes = 8;
    limits.max_ahead = 100;
    EXPECT_TRUE(s.segment(11, "12345678", limits, budget, c.deliver()));
    EXPECT_FALSE(s.segment(21, "x", limits, budget, c.deliver()));    // over the bytes limit
    EXPECT_FALSE(s.segment(1000, "y", limits, budget, c.deliver()));  // too far ahead
    PendingBudget small;
    small.limit = 0;
    TcpStream t;
    t.syn(0);
    EXPECT_FALSE(t.segment(5, "z", limits, small, c.deliver()));  // over the capture's budget
    EXPECT_TRUE(s.flush(budget));
    EXPECT_EQ(budget.used, 0u);
    EXPECT_FALSE(s.flush(budget));
    EXPECT_EQ(c.bytes, "");
    EXPECT_EQ(s.sent(), 1000u);  // what the sender sent, dropped or not
}

}  // namespace
}  // namespace amtdiag::parsers::pcap
