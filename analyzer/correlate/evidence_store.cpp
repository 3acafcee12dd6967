#include "analyzer/correlate/evidence_store.h"

#include <algorithm>

namespace amtdiag::correlate {

std::vector<model::Evidence> KindSamples::samples() const {
    std::vector<model::Evidence> out = first_;
    for (size_t i = 0; i < last_.size(); ++i) out.push_back(last_[(ring_ + i) % last_.size()]);
    return out;
}

void KindSamples::merge(KindSamples&& other) {
    std::vector<model::Evidence> all = samples();
    for (auto& e : other.samples()) all.push_back(std::move(e));
    std::sort(all.begin(), all.end(),
              [](const model::Evidence& a, const model::Evidence& b) { return a.sequence < b.sequence; });
    const uint64_t total = count_ + other.count_;
    first_.clear();
    last_.clear();
    ring_ = 0;
    // Keep the earliest and latest samples of the union; with fewer than both caps, keep all.
    const size_t head = std::min(all.size(), keep_first_);
    for (size_t i = 0; i < head; ++i) first_.push_back(std::move(all[i]));
    const size_t tail_start = std::max(head, all.size() > keep_last_ ? all.size() - keep_last_ : 0);
    for (size_t i = tail_start; i < all.size(); ++i) last_.push_back(std::move(all[i]));
    if (last_.size() == keep_last_) ring_ = 0;
    count_ = total;
}

}  // namespace amtdiag::correlate
