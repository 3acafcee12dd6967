#include "analyzer/scan/hit_pipeline.h"

#include <utility>

namespace amtdiag::scan {

namespace {

// A batch is handed over at this many hits or bytes: large enough that locking is rare,
// small enough that the two threads overlap from the first megabyte of a log.
constexpr size_t kBatchHits = 4096;
constexpr size_t kBatchBytes = size_t{1} << 20;
constexpr size_t kQueuedBatches = 4;  // bounds the memory between the threads
// Delivered batches kept for reuse: enough for a piece or a unit read ahead to find one
// (pieces and units hold their batches until they are committed).
constexpr size_t kSpareBatches = 8;

}  // namespace

bool HitBatch::full() const {
    return hits_.size() >= kBatchHits || text_.size() >= kBatchBytes;
}

void HitBatch::clear() {
    text_.clear();
    records_.clear();
    hits_.clear();
    captures_.clear();
    source_message_ = {};
    lines_before_ = 0;
}

void HitBatch::reserve_full() {
    // A record may start when the batch is just below full: a little more than full.
    text_.reserve(kBatchBytes + kBatchBytes / 8);
    // Most batches fill by bytes first (a record is larger than the 256 bytes a quarter of
    // the hits would give each); the lists grow past this only for short records, and keep
    // what they grew to when the batch comes round again.
    records_.reserve(kBatchHits / 4);
    hits_.reserve(kBatchHits / 4);
    captures_.reserve(kBatchHits / 2);
}

uint32_t HitBatch::store(std::string_view bytes) {
    const auto at = static_cast<uint32_t>(text_.size());
    text_.append(bytes);
    return at;
}

void HitBatch::begin_record(const parsers::cmlog::LogRecord& record) {
    StoredRecord stored;
    stored.record = record;
    stored.record.message = {};
    stored.record.component = {};
    stored.record.file = {};
    stored.message_size = static_cast<uint32_t>(record.message.size());
    stored.message_at = store(record.message);
    source_message_ = record.message;
    // Consecutive records nearly always come from one file: its name is stored once.
    if (!records_.empty()) {
        const StoredRecord& last = records_.back();
        if (std::string_view(text_).substr(last.file_at, last.file_size) == record.file) {
            stored.file_at = last.file_at;
            stored.file_size = last.file_size;
        }
    }
    if (stored.file_size == 0 && !record.file.empty()) {
        stored.file_size = static_cast<uint32_t>(record.file.size());
        stored.file_at = store(record.file);
    }
    records_.push_back(stored);
}

void HitBatch::add_hits(const parsers::cmlog::LogRecord& record, const SignatureMatcher& matcher) {
    begin_record(record);
    for (size_t k = 0; k < matcher.hit_count(); ++k)
        add(static_cast<uint32_t>(matcher.hit(k)), matcher.captures(k));
}

void HitBatch::add(uint32_t signature, std::span<const Capture> captures) {
    const StoredRecord& rec = records_.back();
    StoredHit hit;
    hit.record = static_cast<uint32_t>(records_.size() - 1);
    hit.signature = signature;
    hit.captures_at = static_cast<uint32_t>(captures_.size());
    hit.captures_size = static_cast<uint32_t>(captures.size());
    const char* const begin = source_message_.data();
    const char* const end = begin + source_message_.size();
    for (const Capture& c : captures) {
        CapturePlace stored{c.name, 0, static_cast<uint32_t>(c.value.size())};
        // A capture inside the message is a view into the stored copy, as it was a view into
        // the record (the correlator keeps such captures as positions in the excerpt).
        if (c.value.data() >= begin && c.value.data() + c.value.size() <= end)
            stored.at = rec.message_at + static_cast<uint32_t>(c.value.data() - begin);
        else
            stored.at = store(c.value);
        captures_.push_back(stored);
    }
    hits_.push_back(hit);
}

void HitBatch::deliver(const Deliver& deliver, std::vector<Capture>& scratch) const {
    const std::string_view text(text_);
    for (const StoredHit& hit : hits_) {
        const StoredRecord& stored = records_[hit.record];
        parsers::cmlog::LogRecord record = stored.record;
        record.message = text.substr(stored.message_at, stored.message_size);
        record.file = text.substr(stored.file_at, stored.file_size);
        record.line += lines_before_;
        scratch.clear();
        for (uint32_t i = 0; i < hit.captures_size; ++i) {
            const CapturePlace& c = captures_[hit.captures_at + i];
            scratch.push_back({c.name, text.substr(c.at, c.size)});
        }
        deliver(hit.signature, record, scratch);
    }
}

HitPipeline::HitPipeline(Deliver deliver)
    : deliver_(std::move(deliver)), consumer_([this] { consume(); }) {}

HitPipeline::~HitPipeline() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
}

HitBatch& HitPipeline::batch() {
    if (current_.full()) hand_over();
    return current_;
}

void HitPipeline::submit(HitBatch&& batch) {
    hand_over();
    std::swap(current_, batch);  // `batch` keeps the empty current batch's buffers
    hand_over();
    batch.clear();
    std::lock_guard lock(mutex_);
    if (spares_.size() < kSpareBatches) spares_.push_back(std::move(batch));
}

void HitPipeline::hand_over() {
    if (current_.empty()) {
        current_.clear();
        return;
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < kQueuedBatches || error_; });
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    queue_.push_back(std::move(current_));
    current_ = spare_locked();
    lock.unlock();
    changed_.notify_all();
}

HitBatch HitPipeline::spare_locked() {
    if (spares_.empty()) {
        HitBatch fresh;
        fresh.reserve_full();
        return fresh;
    }
    HitBatch batch = std::move(spares_.back());
    spares_.pop_back();
    return batch;
}

HitBatch HitPipeline::spare() {
    std::lock_guard lock(mutex_);
    return spare_locked();
}

void HitPipeline::flush() {
    hand_over();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
    // Reported once: the reader of the unit that failed says so, later units go on.
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void HitPipeline::consume() {
    for (;;) {
        HitBatch batch;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return !queue_.empty() || stop_; });
            if (queue_.empty()) return;  // stopped with nothing left
            batch = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        changed_.notify_all();
        try {
            batch.deliver(deliver_, scratch_);
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        batch.clear();
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
            if (spares_.size() < kSpareBatches) spares_.push_back(std::move(batch));
        }
        changed_.notify_all();
    }
}

}  // namespace amtdiag::scan
