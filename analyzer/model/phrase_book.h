#pragma once
// Long strings that many findings repeat whole, kept once per run: the message of a check
// that is undecided on every device, the excerpt and time of a log line that several checks
// cite. On a 10,000-device fleet the findings held 12 MB of messages with 1 MB distinct and
// 23 MB of excerpts with 9 MB distinct. A finding stores a phrase's number.
//
// Shared by every list of a run, the evaluating threads' included, so adding and reading
// lock; a number stays valid and its text never moves for as long as the book lives.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string_view>
#include <vector>

namespace amtdiag::model {

class PhraseBook {
  public:
    // Phrases shorter than this are cheaper written out than numbered.
    static constexpr size_t kShortest = 16;

    // The number of `text`, added when it is new.
    uint32_t number(std::string_view text);
    std::string_view phrase(uint32_t number) const;
    size_t size() const;
    // Bytes held: the texts, their views and the index.
    size_t bytes() const;

  private:
    // Copies `text` into the chunks; the copy never moves.
    std::string_view keep(std::string_view text);
    void grow_index();

    mutable std::shared_mutex mutex_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    size_t chunk_used_ = 0, chunk_size_ = 0, text_bytes_ = 0;
    std::vector<std::string_view> phrases_;  // by number
    // Open addressing: number + 1 per slot, 0 for an empty slot; at most half full. Four
    // bytes a slot instead of a hash node of some 50 bytes per phrase.
    std::vector<uint32_t> slots_;
};

}  // namespace amtdiag::model
