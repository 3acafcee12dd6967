#pragma once
// Remembers what the signature matcher found in recently scanned messages.
//
// ConfigMgr logs repeat most of their messages word for word: a worker's wake-ups and sleeps,
// the STATMSG lines, "Found 0 pending operations" (the time and the thread live in the line's
// trailer, not in its message). Confirming a signature with groups costs RE2 thousands of
// instructions and the needle pass about a dozen a byte; a message seen a moment ago costs a
// hash and one compare instead.
//
// The memo is exact: a slot answers only for a text equal to the message byte for byte, and
// what a scan finds depends on nothing but the message. Captures are kept as offsets, so a
// recalled capture views the new message, never the remembered text. Slots are direct-mapped
// and texts bounded, so its memory is fixed (kSlots x kMaxText at most) and, once the slots'
// buffers have grown, recalling and remembering allocate nothing.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/scan/match_result.h"

namespace amtdiag::scan {

class ScanMemo {
  public:
    static constexpr unsigned kSlotBits = 8;
    static constexpr size_t kSlots = size_t{1} << kSlotBits;
    // Longer messages are rare in these logs and seldom repeat (dumps, certificate chains).
    static constexpr size_t kMaxText = 512;

    ScanMemo();

    // When `message` is remembered, replaces `hits` and `captures` with what scanning it
    // found and returns true. Otherwise returns false and notes the slot that remember()
    // fills for this message.
    bool recall(std::string_view message, std::vector<MatchHit>& hits,
                std::vector<Capture>& captures);
    // Stores the result of scanning the message the last recall() did not know. Captures
    // must view `message`.
    void remember(std::string_view message, std::span<const MatchHit> hits,
                  std::span<const Capture> captures);

    // How many scans the memo answered and how many it did not, for tests and --timings.
    uint64_t recalled() const { return recalled_; }
    uint64_t missed() const { return missed_; }

  private:
    struct Slot {
        uint64_t hash = 0;
        bool used = false;
        std::string text;
        std::vector<MatchHit> hits;
        std::vector<CapturePlace> captures;
    };
    std::vector<Slot> slots_;
    Slot* pending_ = nullptr;  // the slot of the last message recall() did not know
    uint64_t pending_hash_ = 0;
    uint64_t recalled_ = 0;
    uint64_t missed_ = 0;
};

}  // namespace amtdiag::scan
