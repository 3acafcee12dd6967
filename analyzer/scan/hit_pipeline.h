#pragma once
// Signature hits handed from the reading thread to a correlating thread. Matching (with the
// reading and decoding before it) and correlating each take about half of a scan, so on two
// cores they overlap: the reader copies each matched record and its captures into a batch
// (records without a hit cost nothing here), and the second thread turns them into facts in
// the same order they were found. flush() is the only synchronisation anyone sees: after it,
// every hit so far is in the correlator, which is what keeps results identical to one thread.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analyzer/scan/signature_matcher.h"
#include "parsers/cmlog/reader.h"

namespace amtdiag::scan {

// Matched records and their captures, copied out of the reader's buffers: what one thread
// hands another. Records carry their line as read; `lines_before` is added on delivery (a
// piece of a file read in pieces counts its lines from its own start).
class HitBatch {
  public:
    // The record (its message, file and context are copied) and every hit `matcher` found in
    // it, with its captures.
    void add_hits(const parsers::cmlog::LogRecord& record, const SignatureMatcher& matcher);
    bool empty() const { return hits_.empty(); }
    // Empties the batch, keeping its buffers for the next one.
    void clear();
    // Room for a full batch up front: a batch grown by doubling copied its text several
    // times, and fresh memory costs a page fault per page in this VM.
    void reserve_full();
    // Large enough to hand over: locking stays rare, the threads still overlap early.
    bool full() const;
    void set_lines_before(uint64_t lines) { lines_before_ = lines; }

    using Deliver = std::function<void(uint32_t signature, const parsers::cmlog::LogRecord&,
                                       std::span<const Capture>)>;
    // Every hit in order; `scratch` is reused for the captures of one hit.
    void deliver(const Deliver& deliver, std::vector<Capture>& scratch) const;

  private:
    struct StoredRecord {
        parsers::cmlog::LogRecord record;  // views cleared; rebuilt from `text_`
        uint32_t message_at = 0, message_size = 0, file_at = 0, file_size = 0;
    };
    struct StoredHit {
        uint32_t record = 0, signature = 0, captures_at = 0, captures_size = 0;
    };
    void begin_record(const parsers::cmlog::LogRecord& record);
    void add(uint32_t signature, std::span<const Capture> captures);
    uint32_t store(std::string_view bytes);

    std::string text_;
    std::vector<StoredRecord> records_;
    std::vector<StoredHit> hits_;
    std::vector<CapturePlace> captures_;
    std::string_view source_message_;  // the reader's message of the current record
    uint64_t lines_before_ = 0;
};

class HitPipeline {
  public:
    // Called on the correlating thread, in the order hits were added; the views live only
    // during the call.
    using Deliver = HitBatch::Deliver;

    explicit HitPipeline(Deliver deliver);
    ~HitPipeline();
    HitPipeline(const HitPipeline&) = delete;
    HitPipeline& operator=(const HitPipeline&) = delete;

    // The batch the reading thread adds to (the full one before it handed over first).
    HitBatch& batch();
    // Queues a batch filled elsewhere (a piece of a file read in pieces), after the hits
    // added so far.
    void submit(HitBatch&& batch);
    // Returns once every hit added so far has been delivered; rethrows what delivering threw.
    void flush();
    // An empty batch for any thread to fill (a piece's), with the buffers of one delivered
    // before when there is one: batches go round instead of being allocated and freed.
    HitBatch spare();

  private:
    void hand_over();  // queues the current batch (waits while the queue is full)
    HitBatch spare_locked();
    void consume();  // the correlating thread

    Deliver deliver_;
    HitBatch current_;
    std::vector<Capture> scratch_;  // the consumer's captures of one hit

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<HitBatch> queue_;
    std::vector<HitBatch> spares_;  // delivered, cleared, waiting to be filled again
    bool busy_ = false;             // the consumer holds a batch
    bool stop_ = false;
    std::exception_ptr error_;
    std::jthread consumer_;  // last: started once everything above exists
};

}  // namespace amtdiag::scan
