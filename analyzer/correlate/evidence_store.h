#pragma once
// Bounded evidence per (device, kind): the exact count, plus the first and the last few
// occurrences as samples. A 1 GiB log holds millions of milestone lines; the rules need the
// counts and a handful of citations, not every line, and memory must not grow with file size.
#include <cstdint>
#include <vector>

#include "analyzer/model/evidence.h"

namespace amtdiag::correlate {

class KindSamples {
public:
    explicit KindSamples(size_t keep_first = 8, size_t keep_last = 8)
        : keep_first_(keep_first), keep_last_(keep_last) {}

    uint64_t count() const { return count_; }

    // Whether the next occurrence will be kept; callers build the Evidence only then.
    bool wants_next() const { return true; }

    // Records one occurrence; `fill` writes the evidence into the slot it is given (reusing
    // that slot's string capacity when the last-samples ring wraps).
    template <class Fill>
    void add(Fill&& fill) {
        ++count_;
        if (first_.size() < keep_first_) {
            first_.emplace_back();
            fill(first_.back());
            return;
        }
        if (keep_last_ == 0) return;
        if (last_.size() < keep_last_) {
            last_.emplace_back();
            fill(last_.back());
            return;
        }
        fill(last_[ring_]);
        ring_ = (ring_ + 1) % keep_last_;
    }

    // Adds everything of `other` (another draft of the same device) into this one.
    void merge(KindSamples&& other);

    // The kept samples in reading order.
    std::vector<model::Evidence> samples() const;

private:
    size_t keep_first_;
    size_t keep_last_;
    uint64_t count_ = 0;
    std::vector<model::Evidence> first_;
    std::vector<model::Evidence> last_;
    size_t ring_ = 0;
};

}  // namespace amtdiag::correlate
