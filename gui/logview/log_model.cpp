#include "gui/logview/log_model.h"

#include <QDateTime>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <thread>

#include "analyzer/engine/error_codes.h"
#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"

namespace amtdiag::gui::logview {

namespace {

constexpr auto kError = static_cast<uint8_t>(model::Severity::error);
constexpr auto kWarning = static_cast<uint8_t>(model::Severity::warning);

quint64 cache_key(RowRef r) {
    return (quint64{r.source} << 40) | r.record;
}

QString clock_text(int64_t ms) {
    std::string s = model::format_epoch_ms(ms);  // YYYY-MM-DDTHH:MM:SS.mmm
    if (s.size() > 10) s[10] = ' ';
    return QString::fromStdString(s);
}

}  // namespace

// One filter pass: for each source, which of its first `counts[s]` records match.
struct LogModel::FilterResult {
    std::vector<size_t> counts;
    std::vector<std::vector<uint8_t>> match;  // bytes: written by several threads
    std::vector<RowRef> rows;                 // the matches in timeline order
    uint64_t generation = 0;                  // LogModel::order_generation_ it was made for
};

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&job_, &QFutureWatcher<std::shared_ptr<FilterResult>>::finished, this,
            &LogModel::onFilterJobDone);
}

LogModel::~LogModel() {
    if (job_cancel_) *job_cancel_ = true;
    job_.waitForFinished();
    merge_job_.waitForFinished();  // it reads the logs' indexes
}

bool LogModel::addFile(const QString& path, QString* error) {
    auto source = std::make_unique<LogSource>(path);
    if (!source->start()) {
        if (error != nullptr) *error = source->error();
        return false;
    }
    const auto id = static_cast<uint32_t>(sources_.size());
    connect(source.get(), &LogSource::recordsAdded, this,
            [this, id](size_t first, size_t count) { onRecordsAdded(id, first, count); });
    connect(source.get(), &LogSource::indexingFinished, this, &LogModel::onSourceFinished);
    ++merge_request_;  // a merge under way is for the logs before this one
    if (merged_) {     // a log added to a merged timeline: back to unmerged until it is read
        beginResetModel();
        merged_ = false;
        all_.reset();
        ++order_generation_;
        endResetModel();
    }
    sources_.push_back(std::move(source));
    shown_.push_back(0);
    filters_.push_back(
        spec_.active() ? std::make_shared<const SourceFilter>(spec_, *sources_.back()) : nullptr);
    return true;
}

void LogModel::clear() {
    if (job_cancel_) *job_cancel_ = true;
    job_.waitForFinished();
    job_running_ = false;
    ++merge_request_;
    merge_job_.waitForFinished();
    merge_running_ = false;
    beginResetModel();
    all_.reset();
    ++order_generation_;
    shown_.clear();
    shown_total_ = 0;
    merged_ = false;
    rows_.clear();
    use_rows_ = false;
    filters_.clear();
    sources_.clear();
    text_cache_.clear();
    endResetModel();
}

QColor LogModel::sourceColor(size_t i) const {
    // Distinct hues, light enough for a row band under black text.
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e),
                                     QColor(0x17, 0xbe, 0xcf), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return palette[i % std::size(palette)];
}

bool LogModel::indexing() const {
    return std::any_of(sources_.begin(), sources_.end(),
                       [](const auto& s) { return s->indexing(); });
}

RowRef LogModel::timelineRow(size_t row) const {
    if (merged_) return (*all_)[row];
    for (uint32_t s = 0; s < shown_.size(); ++s) {
        if (row < shown_[s]) return {s, static_cast<uint32_t>(row)};
        row -= shown_[s];
    }
    return {};
}

RowRef LogModel::rowRef(int row) const {
    return use_rows_ ? rows_[static_cast<size_t>(row)] : timelineRow(static_cast<size_t>(row));
}

void LogModel::onRecordsAdded(uint32_t source, size_t first, size_t count) {
    // Unmerged, the log's new records go after its earlier ones (before the next log's).
    size_t position = first;
    for (uint32_t s = 0; s < source; ++s) position += shown_[s];
    const bool insert = !use_rows_ && !merged_;
    if (insert)
        beginInsertRows({}, static_cast<int>(position), static_cast<int>(position + count) - 1);
    shown_[source] = first + count;
    shown_total_ += count;
    if (insert) endInsertRows();
    if (use_rows_ && !job_running_ && filters_[source]) {
        // A filter is shown: the new records go through it here (a batch is small).
        refreshFilter(source);
        std::vector<RowRef> kept;
        for (size_t i = first; i < first + count; ++i)
            if (filters_[source]->matches(i)) kept.push_back({source, static_cast<uint32_t>(i)});
        if (!kept.empty()) {
            beginInsertRows({}, static_cast<int>(rows_.size()),
                            static_cast<int>(rows_.size() + kept.size()) - 1);
            rows_.insert(rows_.end(), kept.begin(), kept.end());
            endInsertRows();
        }
    }
    uint64_t done = 0, total = 0;
    for (const auto& s : sources_) {
        done += s->indexing() ? s->bytes_indexed() : s->size();
        total += s->size();
    }
    emit indexingProgress(done, total);
}

void LogModel::refreshFilter(uint32_t source) {
    if (filters_[source] &&
        filters_[source]->known_components() < sources_[source]->components().size())
        filters_[source] = std::make_shared<const SourceFilter>(spec_, *sources_[source]);
}

void LogModel::onSourceFinished() {
    if (indexing()) return;
    if (sources_.size() > 1) merge();
    emit indexingFinished();
}

void LogModel::merge() {
    // One timeline: by time (UTC when the log gives its bias), each log's own order kept for
    // equal times and for records without a time (they inherit the time before them). Sorted
    // on a worker: two 1 GiB logs are 12 million rows.
    const uint64_t request = ++merge_request_;
    std::vector<const RecordStore*> stores;
    for (const auto& source : sources_) stores.push_back(&source->records());
    const std::vector<size_t> counts = shown_;
    merge_running_ = true;
    merge_job_.disconnect(this);
    connect(&merge_job_, &QFutureWatcher<std::shared_ptr<std::vector<RowRef>>>::finished, this,
            [this, request] {
                merge_running_ = false;
                if (request != merge_request_) return;  // a log was added or all were closed
                beginResetModel();
                all_ = merge_job_.result();
                merged_ = true;
                ++order_generation_;
                endResetModel();
                if (spec_.active()) startFilterJob();
                emit timelineMerged();
            });
    merge_job_.setFuture(QtConcurrent::run([stores, counts] {
        auto all = std::make_shared<std::vector<RowRef>>();
        size_t total = 0;
        for (const size_t c : counts) total += c;
        all->reserve(total);
        for (uint32_t s = 0; s < counts.size(); ++s)
            for (uint32_t i = 0; i < counts[s]; ++i) all->push_back({s, i});
        std::stable_sort(all->begin(), all->end(), [&](RowRef a, RowRef b) {
            const int64_t ta = (*stores[a.source])[a.record].order_ms;
            const int64_t tb = (*stores[b.source])[b.record].order_ms;
            if (ta != tb) return ta < tb;
            if (a.source != b.source) return a.source < b.source;
            return a.record < b.record;
        });
        return all;
    }));
}

int LogModel::rowOf(RowRef ref) const {
    if (use_rows_ || merged_) {
        const auto& rows = use_rows_ ? rows_ : *all_;
        const auto it = std::find(rows.begin(), rows.end(), ref);
        return it == rows.end() ? -1 : static_cast<int>(it - rows.begin());
    }
    if (ref.source >= shown_.size() || ref.record >= shown_[ref.source]) return -1;
    size_t row = ref.record;
    for (uint32_t before = 0; before < ref.source; ++before) row += shown_[before];
    return static_cast<int>(row);
}

void LogModel::setFilter(const FilterSpec& spec) {
    spec_ = spec;
    filters_.clear();
    for (const auto& s : sources_)
        filters_.push_back(spec_.active() ? std::make_shared<const SourceFilter>(spec_, *s)
                                          : nullptr);
    if (!spec_.active()) {
        if (job_cancel_) *job_cancel_ = true;
        job_again_ = false;
        beginResetModel();
        use_rows_ = false;
        rows_.clear();
        rows_.shrink_to_fit();
        endResetModel();
        emit filterFinished(0, rowCount());
        return;
    }
    if (job_running_) {
        *job_cancel_ = true;
        job_again_ = true;
        return;
    }
    startFilterJob();
}

void LogModel::startFilterJob() {
    job_running_ = true;
    job_again_ = false;
    job_cancel_ = std::make_shared<std::atomic<bool>>(false);
    job_started_ms_ = QDateTime::currentMSecsSinceEpoch();
    // The pass reads what is published now; rows added meanwhile are filtered when it ends.
    std::vector<std::shared_ptr<const SourceFilter>> filters;
    std::vector<size_t> counts;
    for (size_t i = 0; i < sources_.size(); ++i) {
        filters.push_back(filters_[i]);
        counts.push_back(shown_[i]);
    }
    auto cancel = job_cancel_;
    // The rows in timeline order: the merged order when there is one, else the logs in turn.
    std::shared_ptr<const std::vector<RowRef>> order = merged_ ? all_ : nullptr;
    const uint64_t generation = order_generation_;
    job_.setFuture(QtConcurrent::run([filters, counts, cancel, order, generation] {
        auto result = std::make_shared<FilterResult>();
        result->counts = counts;
        result->generation = generation;
        result->match.resize(counts.size());
        // Chunks of records taken by every core in turn: a pass over a 1 GiB log is bound by
        // the search through the mapped bytes, which divides well.
        struct Chunk {
            size_t source, begin, end;
        };
        std::vector<Chunk> chunks;
        constexpr size_t kChunk = size_t{1} << 15;
        for (size_t s = 0; s < counts.size(); ++s) {
            result->match[s].assign(counts[s], 0);
            for (size_t b = 0; b < counts[s]; b += kChunk)
                chunks.push_back({s, b, std::min(counts[s], b + kChunk)});
        }
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t c = next++; c < chunks.size(); c = next++) {
                if (cancel->load(std::memory_order_relaxed)) return;
                const Chunk& chunk = chunks[c];
                auto& match = result->match[chunk.source];
                const SourceFilter& filter = *filters[chunk.source];
                for (size_t i = chunk.begin; i < chunk.end; ++i) match[i] = filter.matches(i);
            }
        };
        const unsigned helpers =
            chunks.size() > 1 ? std::max(1u, std::thread::hardware_concurrency()) - 1 : 0;
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < helpers; ++t) threads.emplace_back(work);
        work();
        for (auto& t : threads) t.join();
        if (cancel->load()) return result;
        size_t matched = 0;
        for (const auto& m : result->match)
            matched += static_cast<size_t>(std::count(m.begin(), m.end(), uint8_t{1}));
        result->rows.reserve(matched);
        auto add = [&](RowRef r) {
            if (r.record < counts[r.source] && result->match[r.source][r.record] != 0)
                result->rows.push_back(r);
        };
        if (order) {
            for (const RowRef r : *order) add(r);
        } else {
            for (uint32_t s = 0; s < counts.size(); ++s)
                for (uint32_t i = 0; i < counts[s]; ++i) add({s, i});
        }
        return result;
    }));
}

void LogModel::onFilterJobDone() {
    job_running_ = false;
    const bool cancelled = *job_cancel_;
    if (job_again_) {
        startFilterJob();
        return;
    }
    if (cancelled || !spec_.active()) return;
    const auto result = job_.result();
    for (uint32_t s = 0; s < sources_.size(); ++s) refreshFilter(s);
    bool grown = false;
    for (size_t src = 0; src < sources_.size(); ++src)
        grown = grown || src >= result->counts.size() || shown_[src] > result->counts[src];
    std::vector<RowRef> rows;
    if (result->generation == order_generation_ && (!grown || sources_.size() == 1)) {
        // The pass listed its rows in this order: only records read since are left (one log:
        // they follow its last row).
        rows = std::move(result->rows);
        if (grown) {
            refreshFilter(0);
            for (size_t i = result->counts[0]; i < shown_[0]; ++i)
                if (filters_[0]->matches(i)) rows.push_back({0, static_cast<uint32_t>(i)});
        }
    } else {
        // The order changed under the pass (a merge, a log added): list again, here.
        for (uint32_t src = 0; src < sources_.size(); ++src) refreshFilter(src);
        auto keep = [&](RowRef r) {
            const bool in_pass =
                r.source < result->counts.size() && r.record < result->counts[r.source];
            return in_pass ? result->match[r.source][r.record] != 0
                           : filters_[r.source]->matches(r.record);
        };
        if (merged_) {
            for (const RowRef r : *all_)
                if (keep(r)) rows.push_back(r);
        } else {
            for (uint32_t src = 0; src < shown_.size(); ++src)
                for (uint32_t i = 0; i < shown_[src]; ++i)
                    if (keep({src, i})) rows.push_back({src, i});
        }
    }
    beginResetModel();
    rows_ = std::move(rows);
    use_rows_ = true;
    endResetModel();
    emit filterFinished(QDateTime::currentMSecsSinceEpoch() - job_started_ms_, rowCount());
}

QString LogModel::message(int row) const {
    if (row < 0 || row >= rowCount()) return {};
    const RowRef r = rowRef(row);
    if (const QString* cached = text_cache_.object(cache_key(r))) return *cached;
    auto* text = new QString(sources_[r.source]->message(r.record));
    const QString copy = *text;
    text_cache_.insert(cache_key(r), text);
    return copy;
}

int LogModel::rowForLine(const QString& path, uint64_t line) const {
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (uint32_t s = 0; s < sources_.size(); ++s) {
        if (QFileInfo(sources_[s]->path()).absoluteFilePath() != wanted) continue;
        const int64_t record = sources_[s]->record_at_line(line);
        return record < 0 ? -1 : rowOf({s, static_cast<uint32_t>(record)});
    }
    return -1;
}

int LogModel::nextError(int from, bool forward) const {
    const int n = rowCount();
    for (int row = forward ? from + 1 : from - 1; row >= 0 && row < n; row += forward ? 1 : -1) {
        const RowRef r = rowRef(row);
        if (sources_[r.source]->records()[r.record].severity == kError) return row;
    }
    return -1;
}

int LogModel::find(const QString& text, int from, bool forward) const {
    if (text.isEmpty()) return -1;
    FilterSpec spec;
    spec.text = text;
    std::vector<std::unique_ptr<SourceFilter>> filters;
    for (const auto& s : sources_) filters.push_back(std::make_unique<SourceFilter>(spec, *s));
    const int n = rowCount();
    for (int row = forward ? from + 1 : from - 1; row >= 0 && row < n; row += forward ? 1 : -1) {
        const RowRef r = rowRef(row);
        if (filters[r.source]->matches(r.record)) return row;
    }
    return -1;
}

int LogModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    return static_cast<int>(use_rows_ ? rows_.size() : timelineSize());
}

int LogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const RowRef r = rowRef(index.row());
    const LogSource& source = *sources_[r.source];
    const RecordEntry& e = source.records()[r.record];
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case kText: {
                    QString text = message(index.row());
                    text.replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
                    return text;
                }
                case kComponent:
                    return e.component < source.components().size()
                               ? source.components()[e.component]
                               : QString();
                case kLocalTime:
                    if (e.has(RecordEntry::kInvalidTime)) return QStringLiteral("(invalid date)");
                    if (!e.has(RecordEntry::kHasTime)) return QString();
                    return clock_text(e.local_ms()) +
                           (e.has(RecordEntry::kHasBias)
                                ? QStringLiteral(" %1%2")
                                      .arg(e.bias_minutes >= 0 ? QStringLiteral("+") : QString())
                                      .arg(e.bias_minutes)
                                : QString());
                case kUtcTime:
                    if (!e.has(RecordEntry::kHasTime) || !e.has(RecordEntry::kHasBias))
                        return QString();
                    return clock_text(e.order_ms) + QStringLiteral("Z");
                case kThread:
                    return e.has(RecordEntry::kHasThread)
                               ? QStringLiteral("%1 (0x%2)")
                                     .arg(e.thread)
                                     .arg(QString::number(e.thread, 16).toUpper())
                               : QString();
                case kSource:
                    return QFileInfo(source.path()).fileName();
            }
            return {};
        case Qt::BackgroundRole:
            // CMTrace's colours: errors red, warnings yellow.
            if (e.severity == kError) return QColor(0xff, 0x9c, 0x9c);
            if (e.severity == kWarning) return QColor(0xff, 0xf2, 0x8c);
            return {};
        case Qt::ForegroundRole:
            if (e.severity == kError || e.severity == kWarning) return QColor(Qt::black);
            return {};
        case Qt::DecorationRole:
            if ((index.column() == kText && sources_.size() > 1) || index.column() == kSource)
                return sourceColor(r.source);
            return {};
        case Qt::ToolTipRole: {
            if (index.column() == kSource) return source.path();
            if (index.column() == kLocalTime && !e.has(RecordEntry::kHasBias) &&
                e.has(RecordEntry::kHasTime))
                return tr("Local time as written; the log gives no time zone.");
            if (index.column() != kText) return {};
            QString tip =
                QStringLiteral("%1:%2").arg(QFileInfo(source.path()).fileName()).arg(e.line);
            if (codes_ != nullptr) {
                const QByteArray utf8 = message(index.row()).toUtf8();
                const auto codes = codes_->find_in_text(
                    std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
                for (const auto* c : codes)
                    tip +=
                        QStringLiteral("\n%1  %2 %3: %4")
                            .arg(QString::fromStdString(c->code), QString::fromStdString(c->family),
                                 QString::fromStdString(c->name),
                                 QString::fromStdString(c->meaning));
            }
            return tip;
        }
        case SeverityRole:
            return e.severity;
        case SourceRole:
            return r.source;
        case LineRole:
            return static_cast<qulonglong>(e.line);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case kText:
            return tr("Log Text");
        case kComponent:
            return tr("Component");
        case kLocalTime:
            return tr("Date/Time (as written, bias)");
        case kUtcTime:
            return tr("UTC");
        case kThread:
            return tr("Thread");
        case kSource:
            return tr("Log");
    }
    return {};
}

}  // namespace amtdiag::gui::logview
