#pragma once
// One direction of a TCP connection put back in order. Sequence numbers are unwrapped to
// 64-bit offsets from the stream's start; retransmitted bytes are delivered once; segments
// that arrive early wait in a bounded buffer. When a hole is never filled, the waiting bytes
// are dropped and the consumer is told there was a gap.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace amtdiag::parsers::pcap {

struct StreamLimits {
    size_t max_pending_bytes = 256 * 1024;  // out-of-order bytes one direction may hold
    uint64_t max_ahead = 1 << 20;           // a segment further ahead is not buffered
};

// Shared by every stream of a capture: out-of-order bytes held across all flows.
struct PendingBudget {
    size_t used = 0;
    size_t limit = 64u << 20;
};

class TcpStream {
  public:
    using Deliver = std::function<void(std::string_view)>;

    // The SYN's sequence number: data starts one after it.
    void syn(uint32_t seq);
    // A segment's payload; in-order bytes go to `deliver`. Returns false when the segment was
    // dropped for a limit (the caller notes it).
    bool segment(uint32_t seq, std::string_view data, const StreamLimits& limits,
                 PendingBudget& budget, const Deliver& deliver);
    // Drops what waits behind a hole; true when something was dropped (a gap).
    bool flush(PendingBudget& budget);

    bool started() const { return started_; }
    uint64_t delivered() const { return next_; }
    // Bytes the sender sent (the highest sequence seen), holes included.
    uint64_t sent() const { return max_end_; }
    uint64_t retransmitted_bytes() const { return retransmitted_; }

  private:
    uint64_t unwrap(uint32_t seq) const;
    void drain(const Deliver& deliver, PendingBudget& budget);

    bool started_ = false;
    uint32_t base_ = 0;  // sequence number of offset 0
    uint64_t next_ = 0;  // next offset expected
    uint64_t max_end_ = 0;
    uint64_t retransmitted_ = 0;
    std::map<uint64_t, std::string> pending_;  // offset -> bytes, all beyond next_
    size_t pending_bytes_ = 0;
};

}  // namespace amtdiag::parsers::pcap
