#pragma once
// What the viewer keeps per log record: where it starts in the file and the few fields the
// columns and filters need. The message text is never kept: it is read back from the mapped
// file when a row is drawn or searched, so a 1 GiB log costs its index, not a copy.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace amtdiag::gui::logview {

// 32 bytes: 6.3 million records (a 1 GiB operation manager log) take 200 MB.
struct RecordEntry {
    uint64_t offset = 0;   // byte offset of the record start in its file
    int64_t order_ms = 0;  // timeline key: UTC when the bias is known, else local; a record
                           // without a time inherits the previous one's (kept in place)
    uint32_t line = 0;     // 1-based physical line of the record start
    uint32_t thread = 0;
    uint16_t component = 0;  // index into LogSource::components()
    int16_t bias_minutes = 0;
    uint8_t severity = 0;  // model::Severity
    uint8_t flags = 0;     // kHasTime, kHasBias, kHasThread, kInvalidTime

    static constexpr uint8_t kHasTime = 1, kHasBias = 2, kHasThread = 4, kInvalidTime = 8;
    bool has(uint8_t flag) const { return (flags & flag) != 0; }
    // The wall clock as written: the timeline key less the bias (the key is local without one).
    int64_t local_ms() const {
        return has(kHasBias) ? order_ms - int64_t{bias_minutes} * 60'000 : order_ms;
    }
};

// The records of one file, appended by the indexer thread while the GUI thread and the
// filter's worker read the part already published: entries live in fixed blocks that never
// move, and the block table is sized once from the file size (a record takes at least two
// bytes), so a reader may use every index below size() while appends go on.
class RecordStore {
  public:
    void reserve_for_bytes(uint64_t file_bytes) {
        blocks_.resize(static_cast<size_t>(file_bytes / 2 / kBlock + 2));
    }
    // One writer thread (the indexer). Returns how many were taken (all, unless full).
    size_t append(const RecordEntry* entries, size_t count) {
        size_t n = size_.load(std::memory_order_relaxed);
        size_t taken = 0;
        for (; taken < count; ++taken, ++n) {
            const size_t block = n / kBlock;
            if (block >= blocks_.size()) break;
            if (!blocks_[block]) blocks_[block] = std::make_unique<RecordEntry[]>(kBlock);
            blocks_[block][n % kBlock] = entries[taken];
        }
        size_.store(n, std::memory_order_release);
        return taken;
    }
    size_t size() const { return size_.load(std::memory_order_acquire); }
    const RecordEntry& operator[](size_t i) const { return blocks_[i / kBlock][i % kBlock]; }

  private:
    static constexpr size_t kBlock = size_t{1} << 16;
    std::vector<std::unique_ptr<RecordEntry[]>> blocks_;
    std::atomic<size_t> size_{0};
};

// A row of the merged timeline: which source, which record of it.
struct RowRef {
    uint32_t source = 0;
    uint32_t record = 0;
    bool operator==(const RowRef&) const = default;
};

}  // namespace amtdiag::gui::logview
