#include "parsers/pcap/tcp_stream.h"

#include <algorithm>

namespace amtdiag::parsers::pcap {

void TcpStream::syn(uint32_t seq) {
    if (started_) return;
    started_ = true;
    base_ = seq + 1;
}

uint64_t TcpStream::unwrap(uint32_t seq) const {
    // The offset nearest to where the stream is now: sequence numbers wrap every 4 GiB.
    const uint32_t rel = seq - base_;
    const auto delta = static_cast<int32_t>(rel - static_cast<uint32_t>(next_));
    const int64_t at = static_cast<int64_t>(next_) + delta;
    return at < 0 ? UINT64_MAX : static_cast<uint64_t>(at);
}

bool TcpStream::segment(uint32_t seq, std::string_view data, const StreamLimits& limits,
                        PendingBudget& budget, const Deliver& deliver) {
    if (!started_) {
        // The capture began after the SYN: the first segment seen starts the stream.
        started_ = true;
        base_ = seq;
    }
    if (data.empty()) return true;
    uint64_t at = unwrap(seq);
    if (at == UINT64_MAX) {  // before the stream's start: an old retransmission
        retransmitted_ += data.size();
        return true;
    }
    const uint64_t end = at + data.size();
    max_end_ = std::max(max_end_, end);
    if (end <= next_) {
        retransmitted_ += data.size();
        return true;
    }
    if (at < next_) {  // partly new: keep the new part
        retransmitted_ += next_ - at;
        data.remove_prefix(static_cast<size_t>(next_ - at));
        at = next_;
    }
    if (at == next_) {
        next_ = end;
        deliver(data);
        drain(deliver, budget);
        return true;
    }
    // Early: wait for the hole to fill, within the limits.
    if (at - next_ > limits.max_ahead || pending_bytes_ + data.size() > limits.max_pending_bytes ||
        budget.used + data.size() > budget.limit)
        return false;
    auto [it, added] = pending_.try_emplace(at, data);
    if (!added) {
        if (it->second.size() >= data.size()) return true;  // a copy we already hold
        pending_bytes_ -= it->second.size();
        budget.used -= it->second.size();
        it->second.assign(data);
    }
    pending_bytes_ += data.size();
    budget.used += data.size();
    return true;
}

void TcpStream::drain(const Deliver& deliver, PendingBudget& budget) {
    while (!pending_.empty() && pending_.begin()->first <= next_) {
        auto node = pending_.extract(pending_.begin());
        const uint64_t at = node.key();
        std::string& bytes = node.mapped();
        pending_bytes_ -= bytes.size();
        budget.used -= bytes.size();
        const uint64_t end = at + bytes.size();
        if (end <= next_) {
            retransmitted_ += bytes.size();
            continue;
        }
        const auto skip = static_cast<size_t>(next_ - at);
        retransmitted_ += skip;
        next_ = end;
        deliver(std::string_view(bytes).substr(skip));
    }
}

bool TcpStream::flush(PendingBudget& budget) {
    if (pending_.empty()) return false;
    budget.used -= pending_bytes_;
    pending_bytes_ = 0;
    pending_.clear();
    return true;
}

}  // namespace amtdiag::parsers::pcap
