#include "analyzer/correlate/evidence_store.h"

#include <algorithm>

namespace amtdiag::correlate {

std::vector<Sample> KindSamples::samples() const {
    std::vector<Sample> out = first_;
    for (size_t i = 0; i < last_.size(); ++i) out.push_back(last_[(ring_ + i) % last_.size()]);
    return out;
}

std::vector<Sample> KindSamples::take_samples() {
    std::vector<Sample> out = std::move(first_);
    for (size_t i = 0; i < last_.size(); ++i)
        out.push_back(std::move(last_[(ring_ + i) % last_.size()]));
    first_.clear();
    last_.clear();
    ring_ = 0;
    return out;
}

void KindSamples::merge(KindSamples&& other) {
    if (other.count_ == 0) return;
    std::vector<Sample> all = take_samples();
    for (auto& s : other.take_samples()) all.push_back(std::move(s));
    std::sort(all.begin(), all.end(),
              [](const Sample& a, const Sample& b) { return a.sequence < b.sequence; });
    const uint64_t total = count_ + other.count_;
    first_.clear();
    last_.clear();
    ring_ = 0;
    // Keep the earliest and latest samples of the union; with fewer than both caps, keep all.
    const size_t head = std::min(all.size(), keep_first_);
    for (size_t i = 0; i < head; ++i) first_.push_back(std::move(all[i]));
    const size_t tail_start = std::max(head, all.size() > keep_last_ ? all.size() - keep_last_ : 0);
    for (size_t i = tail_start; i < all.size(); ++i) last_.push_back(std::move(all[i]));
    count_ = total;
    other = KindSamples(keep_first_, keep_last_);
}

}  // namespace amtdiag::correlate
