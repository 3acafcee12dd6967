#pragma once
// Bounded evidence per (device, kind): the exact count, plus the first and the last few
// occurrences as samples. A 1 GiB log holds millions of milestone lines; the rules need the
// counts and a handful of citations, not every line, and memory must not grow with file size.
//
// A sample is compact on purpose (one string for excerpt and captures): it is written on the
// hot path, and overwriting a ring slot reuses that string's capacity, so the steady state
// does not allocate. Samples become model::Evidence only when the scan is over.
#include <cstdint>
#include <vector>

#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"

namespace amtdiag::correlate {

struct Sample {
    uint64_t sequence = 0;
    uint32_t signature = 0;  // index into the signature list
    uint32_t artifact = 0;   // index into the correlator's artifact table
    uint64_t line = 0;
    uint64_t offset = 0;
    model::LogTime time;
    model::Severity severity = model::Severity::none;  // the record's own (type= or keyword)
    // The excerpt, then for each named group "\x1f" name and either "\x1e" value or
    // "\x1d" offset "," length of the value inside the excerpt.
    std::string text;
};

class KindSamples {
  public:
    KindSamples(size_t keep_first, size_t keep_last)
        : keep_first_(static_cast<uint8_t>(keep_first)),
          keep_last_(static_cast<uint8_t>(keep_last)) {}

    uint64_t count() const { return count_; }

    // Records one occurrence; `fill` writes the sample into the slot it is given (an old
    // slot of the ring when it wraps: reuse its capacity, do not reallocate).
    template <class Fill>
    void add(Fill&& fill) {
        ++count_;
        if (kept_.size() < size_t{keep_first_} + keep_last_) {
            fill(kept_.emplace_back());
            return;
        }
        if (keep_last_ == 0) return;
        fill(kept_[keep_first_ + ring_]);
        ring_ = static_cast<uint8_t>((ring_ + 1) % keep_last_);
    }

    // Adds everything of `other` (another draft of the same device) into this one.
    void merge(KindSamples&& other);

    // The kept samples in reading order.
    std::vector<Sample> samples() const;
    // The same, moved out (the store is left empty of samples).
    std::vector<Sample> take_samples();

  private:
    // Small on purpose: there is one per device and evidence kind, thousands of them.
    uint64_t count_ = 0;
    std::vector<Sample> kept_;  // [0, keep_first) the first ones, then the ring of the last
    uint8_t keep_first_;
    uint8_t keep_last_;
    uint8_t ring_ = 0;  // oldest slot of the ring once it is full
};

}  // namespace amtdiag::correlate
