#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/model/finding.h"
#include "analyzer/model/phrase_book.h"

namespace amtdiag::model {

// Strings that thousands of findings repeat word for word (check ids, components, fixes,
// rule ids, artifact kinds, error-code notes): a finding stores a word's number instead of
// its text. Read-only once built, so threads encode against it without a lock. It also
// carries the run's phrase book (long texts the findings repeat), which locks on its own.
class FindingVocabulary {
  public:
    explicit FindingVocabulary(std::vector<std::string> words);
    FindingVocabulary(const FindingVocabulary&) = delete;  // the index views its own words
    FindingVocabulary& operator=(const FindingVocabulary&) = delete;

    // The word's number, or -1 when it is not a word of this vocabulary.
    int64_t find(std::string_view text) const;
    const std::string& word(uint32_t number) const { return words_[number]; }
    size_t size() const { return words_.size(); }
    // Shared by every list encoded against this vocabulary: their bytes stay movable
    // between them (FindingList::append).
    PhraseBook& phrases() const { return phrases_; }

  private:
    std::vector<std::string> words_;
    std::unordered_map<std::string_view, uint32_t> numbers_;
    mutable PhraseBook phrases_;  // grows while findings are written; locks itself
};

// What sorting, grouping and counting read of a finding, decoded without an allocation: the
// views point into the list's storage and stay valid until the list changes.
struct FindingHead {
    Status status = Status::unknown;
    int verdict_stage = 0;
    int suspect_rank = 0;
    size_t for_all_devices = 0;
    std::string_view check;
    std::string_view device;
    std::string_view rule;
};

// The findings of a run, each encoded in a few hundred bytes instead of held as a Finding
// (its dozen strings and vectors cost about 2 KB on the heap: 250 MB for the 128,000
// findings of a 10,000-device fleet). Reading one decodes it; a report writer decodes each
// finding once, into the same scratch Finding, so its strings' buffers are reused.
//
// The list reads like a vector of findings (size, [i], range-for), but [i] and the iterator
// give a decoded copy: never keep a pointer to one past the next step. Changing findings goes
// through change_each, erase_if and reorder, which move encoded bytes or positions only.
class FindingList {
  public:
    FindingList() = default;
    explicit FindingList(std::shared_ptr<const FindingVocabulary> vocabulary);
    FindingList(const std::vector<Finding>& findings);  // NOLINT: a vector reads as a list
    FindingList& operator=(const std::vector<Finding>& findings);

    size_t size() const { return places_.size(); }
    bool empty() const { return places_.empty(); }
    void reserve(size_t findings) { places_.reserve(findings); }
    void clear();

    void push_back(const Finding& finding);
    // The finding at `index`, decoded. `into` keeps its buffers: a loop that decodes into one
    // scratch Finding allocates only when a string outgrows the last one.
    void decode(size_t index, Finding& into) const;
    Finding operator[](size_t index) const;
    Finding at(size_t index) const;  // throws std::out_of_range
    FindingHead head(size_t index) const;
    std::vector<Finding> to_vector() const;

    // Calls `change` on each finding in turn (decoded); a finding it changes (it returns
    // true) is encoded again. With jobs > 1 the list is split into that many contiguous
    // parts, each changed on a thread of its own; `change` must then be safe to call from
    // several threads at once.
    void change_each(const std::function<bool(Finding&)>& change, unsigned jobs = 1);
    void replace(size_t index, const Finding& finding);
    size_t erase_if(const std::function<bool(const Finding&)>& drop);
    // Afterwards position k holds what position order[k] held (order is a permutation).
    void reorder(std::span<const size_t> order);
    // Appends `other`'s findings after this list's, moving its storage, not its findings.
    void append(FindingList&& other);

    // Bytes held by the encoded findings (without the vocabulary and its phrase book), for
    // tests and timings.
    size_t encoded_bytes() const;
    // Bytes of the phrase book the findings refer to (0 without a vocabulary).
    size_t phrase_bytes() const;

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Finding;
        using difference_type = std::ptrdiff_t;
        using pointer = const Finding*;
        using reference = const Finding&;

        const_iterator() = default;
        const_iterator(const FindingList* list, size_t index) : list_(list), index_(index) {}
        const Finding& operator*() const;
        const Finding* operator->() const { return &**this; }
        const_iterator& operator++() {
            ++index_;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before(list_, index_);
            ++index_;
            return before;
        }
        bool operator==(const const_iterator& other) const { return index_ == other.index_; }
        size_t index() const { return index_; }

      private:
        const FindingList* list_ = nullptr;
        size_t index_ = 0;
        // Decoded on first look, kept for the next finding's decode (its buffers reused).
        mutable Finding current_;
        mutable size_t decoded_ = static_cast<size_t>(-1);
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

  private:
    struct Place {
        uint32_t block = 0;
        uint32_t offset = 0;
    };
    Place store(const Finding& finding);
    const char* bytes_at(Place place) const;

    std::shared_ptr<const FindingVocabulary> vocabulary_;
    // Encoded findings, back to back in blocks that never move once written (a growing
    // single buffer would hold two copies of everything while it grows).
    std::vector<std::string> blocks_;
    std::vector<Place> places_;
    std::string scratch_;  // one finding's encoding before it is copied into a block
};

}  // namespace amtdiag::model
