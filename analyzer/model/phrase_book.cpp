#include "analyzer/model/phrase_book.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <mutex>

namespace amtdiag::model {

namespace {

// Chunks of this size hold the phrases back to back; a longer phrase gets a chunk of its own.
constexpr size_t kChunkBytes = size_t{64} << 10;

size_t hash_of(std::string_view text) {
    return std::hash<std::string_view>{}(text);
}

}  // namespace

uint32_t PhraseBook::number(std::string_view text) {
    const size_t hash = hash_of(text);
    std::unique_lock lock(mutex_);
    if (slots_.empty()) slots_.assign(1024, 0);
    const size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
        const uint32_t slot = slots_[at];
        if (slot == 0) break;
        if (phrases_[slot - 1] == text) return slot - 1;
    }
    const auto added = static_cast<uint32_t>(phrases_.size());
    phrases_.push_back(keep(text));
    if (2 * phrases_.size() > slots_.size()) {
        grow_index();
    } else {
        for (size_t at = hash & mask;; at = (at + 1) & mask)
            if (slots_[at] == 0) {
                slots_[at] = added + 1;
                break;
            }
    }
    return added;
}

void PhraseBook::grow_index() {
    std::vector<uint32_t> slots(slots_.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (uint32_t n = 0; n < phrases_.size(); ++n)
        for (size_t at = hash_of(phrases_[n]) & mask;; at = (at + 1) & mask)
            if (slots[at] == 0) {
                slots[at] = n + 1;
                break;
            }
    slots_ = std::move(slots);
}

std::string_view PhraseBook::keep(std::string_view text) {
    if (chunks_.empty() || chunk_size_ - chunk_used_ < text.size()) {
        chunk_size_ = std::max(kChunkBytes, text.size());
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size_));
        chunk_used_ = 0;
    }
    char* at = chunks_.back().get() + chunk_used_;
    if (!text.empty()) std::memcpy(at, text.data(), text.size());
    chunk_used_ += text.size();
    text_bytes_ += text.size();
    return {at, text.size()};
}

std::string_view PhraseBook::phrase(uint32_t number) const {
    std::shared_lock lock(mutex_);
    return phrases_[number];
}

size_t PhraseBook::size() const {
    std::shared_lock lock(mutex_);
    return phrases_.size();
}

size_t PhraseBook::bytes() const {
    std::shared_lock lock(mutex_);
    return text_bytes_ + phrases_.capacity() * sizeof(std::string_view) +
           slots_.capacity() * sizeof(uint32_t);
}

}  // namespace amtdiag::model
