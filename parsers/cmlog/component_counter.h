#pragma once
// Counts component names to find the dominant one. Logs use a handful of components, so a
// short vector with a "same as last time" shortcut beats a hash map; the number of distinct
// names kept is capped so garbage input cannot grow it.
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
        }
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
};

}  // namespace amtdiag::parsers::cmlog::detail
