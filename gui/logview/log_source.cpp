#include "gui/logview/log_source.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <algorithm>
#include <unordered_map>

#include "parsers/cmlog/reader.h"

namespace amtdiag::gui::logview {

namespace {

// Thrown from the reader's sink to abandon indexing (the reader lets it through).
struct IndexStopped {};

constexpr uint64_t kMaxRecordBytes = uint64_t{1} << 20;
// Batches are handed over this often: the first rows show within the first interval.
constexpr qint64 kBatchMillis = 100;
constexpr size_t kFirstBatchRecords = 2000;

}  // namespace

struct LogSource::Batch {
    size_t count = 0;  // records published in the store so far
    std::vector<QString> new_components;
    uint64_t bytes_indexed = 0;
    bool last = false;
    QString error;
};

LogSource::LogSource(QString path, QObject* parent)
    : QObject(parent), path_(std::move(path)), file_(path_) {}

LogSource::~LogSource() {
    stop_ = true;
    if (worker_.joinable()) worker_.join();
}

bool LogSource::start() {
    if (!file_.open(QIODevice::ReadOnly)) {
        error_ = file_.errorString();
        return false;
    }
    size_ = static_cast<uint64_t>(file_.size());
    if (size_ > 0) {
        map_ = reinterpret_cast<const char*>(file_.map(0, file_.size()));
        if (map_ == nullptr) {
            error_ = QStringLiteral("cannot map the file: ") + file_.errorString();
            return false;
        }
    }
    // The encoding is known before the first row is drawn: message() needs it for every slice.
    const auto sniff = parsers::cmlog::sniff_log(path_.toStdString());
    wide_ = sniff.encoding == parsers::cmlog::Encoding::utf16le ||
            sniff.encoding == parsers::cmlog::Encoding::utf16le_bom;
    records_.reserve_for_bytes(size_);
    indexing_ = true;
    worker_ = std::thread([this] { index_worker(); });
    return true;
}

void LogSource::index_worker() {
    namespace cmlog = parsers::cmlog;
    // The worker is the store's only writer: entries go straight into their blocks, and the
    // GUI thread is only told how many there are (and any new component names), so a batch
    // costs it nothing however large the file.
    auto batch = std::make_shared<Batch>();
    std::unordered_map<std::string, uint16_t> component_ids;
    int64_t last_order = 0;
    size_t count = 0, announced = 0;
    bool full = false;
    QElapsedTimer clock;
    clock.start();
    auto hand_over = [&](bool last) {
        // A record's bytes end where the next record starts (raw()), so the last one read is
        // published only with the next batch, or at the end: published early, its text ran
        // to the end of the file while the next record was not in the store yet, and a filter
        // pass could find a later record's words in it.
        batch->count = last || count == 0 ? count : count - 1;
        batch->last = last;
        announced = count;
        QMetaObject::invokeMethod(
            this, [this, b = std::move(batch)] { take(b); }, Qt::QueuedConnection);
        batch = std::make_shared<Batch>();
        clock.restart();
    };
    cmlog::ReadOptions options;
    options.sha256 = false;
    cmlog::FileInfo info;
    try {
        info = cmlog::read_log(
            path_.toStdString(),
            [&](const cmlog::LogRecord& r) {
                if (stop_.load(std::memory_order_relaxed)) throw IndexStopped{};
                RecordEntry e;
                e.offset = r.offset;
                e.line = static_cast<uint32_t>(std::min<uint64_t>(r.line, UINT32_MAX));
                e.thread = r.thread;
                e.severity = static_cast<uint8_t>(r.severity);
                if (r.has_thread) e.flags |= RecordEntry::kHasThread;
                if (!r.time.valid) e.flags |= RecordEntry::kInvalidTime;
                if (r.time.has_time) {
                    e.flags |= RecordEntry::kHasTime;
                    last_order = r.time.sort_ms();
                }
                if (r.time.has_bias) {
                    e.flags |= RecordEntry::kHasBias;
                    e.bias_minutes = static_cast<int16_t>(r.time.bias_minutes);
                }
                e.order_ms = last_order;
                auto it = component_ids.find(std::string(r.component));
                if (it == component_ids.end()) {
                    const auto id =
                        static_cast<uint16_t>(std::min<size_t>(component_ids.size(), UINT16_MAX));
                    it = component_ids.emplace(std::string(r.component), id).first;
                    batch->new_components.push_back(QString::fromUtf8(
                        r.component.data(), static_cast<qsizetype>(r.component.size())));
                }
                e.component = it->second;
                if (records_.append(&e, 1) == 0) {
                    full = true;
                    return;
                }
                ++count;
                batch->bytes_indexed = r.offset;
                const bool due = announced == 0
                                     ? count >= kFirstBatchRecords
                                     : (count % 4096 == 0 && clock.elapsed() >= kBatchMillis);
                if (due) hand_over(false);
            },
            options);
    } catch (const IndexStopped&) {
        return;  // the source is being destroyed: nobody waits for the rest
    }
    batch->bytes_indexed = size_;
    if (!info.ok) batch->error = QString::fromStdString(info.error);
    if (full)
        batch->error =
            QStringLiteral("more records than the index can hold: the rest is not shown");
    hand_over(true);
}

void LogSource::take(std::shared_ptr<Batch> batch) {
    const size_t first = count_;
    count_ = batch->count;
    components_.insert(components_.end(), batch->new_components.begin(),
                       batch->new_components.end());
    bytes_indexed_ = batch->bytes_indexed;
    if (batch->last && !batch->error.isEmpty()) error_ = batch->error;
    if (count_ > first) emit recordsAdded(first, count_ - first);
    if (batch->last) {
        indexing_ = false;
        emit indexingFinished();
    }
}

std::string_view LogSource::raw(size_t record) const {
    if (map_ == nullptr || record >= records_.size()) return {};
    const uint64_t begin = std::min(records_[record].offset, size_);
    uint64_t end = record + 1 < records_.size() ? records_[record + 1].offset : size_;
    if (end < begin) end = begin;  // a record joined across a rollover: read only its start
    end = std::min({end, begin + kMaxRecordBytes, size_});
    return {map_ + begin, static_cast<size_t>(end - begin)};
}

QString LogSource::message(size_t record) const {
    std::string_view bytes = raw(record);
    if (bytes.empty()) return {};
    // The slice is read by the same reader as the file. A UTF-16 slice gets the byte order
    // mark back, so the reader does not have to guess the encoding of a few bytes.
    std::string owned;
    if (wide_) {
        owned.reserve(bytes.size() + 2);
        owned.append("\xFF\xFE");
        owned.append(bytes);
        bytes = owned;
    }
    QString text;
    bool taken = false;
    parsers::cmlog::ReadOptions options;
    options.sha256 = false;
    parsers::cmlog::read_log_bytes(
        bytes, "record",
        [&](const parsers::cmlog::LogRecord& r) {
            if (taken) return;
            taken = true;
            text = QString::fromUtf8(r.message.data(), static_cast<qsizetype>(r.message.size()));
        },
        options);
    return text;
}

int64_t LogSource::record_at_line(uint64_t line) const {
    size_t lo = 0, hi = count_;  // first record whose line is after `line`
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (records_[mid].line <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return static_cast<int64_t>(lo) - 1;
}

}  // namespace amtdiag::gui::logview
