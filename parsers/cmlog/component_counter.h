#pragma once
// Counts component names to find the dominant one. Logs use a handful of components, so a
// short vector with a "same as last time" shortcut beats a hash map; the number of distinct
// names kept is capped so garbage input cannot grow it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amtdiag::parsers::cmlog::detail {

class ComponentCounter {
  public:
    void add(std::string_view name) {
        if (name.empty()) return;
        if (last_ < counts_.size() && counts_[last_].first == name) {
            ++counts_[last_].second;
            return;
        }
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if (counts_[i].first == name) {
                ++counts_[i].second;
                last_ = i;
                return;
            }
        }
        if (counts_.size() < kMaxDistinct) {
            counts_.emplace_back(std::string(name), 1);
            last_ = counts_.size() - 1;
        } else {
            overflowed_ = true;
        }
    }

    // Adds the counts of the next piece of the same file. Exact (what one counter over both
    // would hold) unless `next` had to drop a name: then false, and the caller counts again.
    bool merge(const ComponentCounter& next) {
        if (next.overflowed_) return false;
        for (const auto& named : next.counts_) {
            auto it = std::find_if(counts_.begin(), counts_.end(),
                                   [&](const auto& entry) { return entry.first == named.first; });
            if (it != counts_.end()) {
                it->second += named.second;
            } else if (counts_.size() < kMaxDistinct) {
                counts_.push_back(named);
            } else {
                overflowed_ = true;
            }
        }
        return true;
    }

    // Most frequent; the first seen wins a tie.
    std::string dominant() const {
        const std::pair<std::string, uint64_t>* best = nullptr;
        for (const auto& entry : counts_) {
            if (best == nullptr || entry.second > best->second) best = &entry;
        }
        return best == nullptr ? std::string() : best->first;
    }

  private:
    static constexpr std::size_t kMaxDistinct = 64;
    std::vector<std::pair<std::string, uint64_t>> counts_;
    std::size_t last_ = 0;
    bool overflowed_ = false;  // a name was dropped for want of room
};

}  // namespace amtdiag::parsers::cmlog::detail
