#include "analyzer/correlate/evidence_store.h"

#include <algorithm>

namespace amtdiag::correlate {

std::vector<Sample> KindSamples::samples() const {
    std::vector<Sample> out;
    out.reserve(kept_.size());
    const size_t head = std::min(kept_.size(), size_t{keep_first_});
    out.insert(out.end(), kept_.begin(), kept_.begin() + static_cast<long>(head));
    const size_t ring_size = kept_.size() - head;
    for (size_t i = 0; i < ring_size; ++i) out.push_back(kept_[head + (ring_ + i) % ring_size]);
    return out;
}

std::vector<Sample> KindSamples::take_samples() {
    std::vector<Sample> out = samples();
    kept_.clear();
    ring_ = 0;
    return out;
}

void KindSamples::merge(KindSamples&& other) {
    if (other.count_ == 0) return;
    std::vector<Sample> all = take_samples();
    for (auto& s : other.take_samples()) all.push_back(std::move(s));
    std::sort(all.begin(), all.end(),
              [](const Sample& a, const Sample& b) { return a.sequence < b.sequence; });
    // Keep the earliest and latest samples of the union; with fewer than both caps, keep all.
    const size_t head = std::min(all.size(), size_t{keep_first_});
    const size_t tail_start = std::max(head, all.size() > keep_last_ ? all.size() - keep_last_ : 0);
    for (size_t i = 0; i < head; ++i) kept_.push_back(std::move(all[i]));
    for (size_t i = tail_start; i < all.size(); ++i) kept_.push_back(std::move(all[i]));
    count_ += other.count_;
    other.count_ = 0;
}

}  // namespace amtdiag::correlate
