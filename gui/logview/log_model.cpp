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
};

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&job_, &QFutureWatcher<std::shared_ptr<FilterResult>>::finished, this,
            &LogModel::onFilterJobDone);
}

LogModel::~LogModel() {
    if (job_cancel_) *job_cancel_ = true;
    job_.waitForFinished();
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
    sources_.push_back(std::move(source));
    filters_.push_back(
        spec_.active() ? std::make_shared<const SourceFilter>(spec_, *sources_.back()) : nullptr);
    return true;
}

void LogModel::clear() {
    if (job_cancel_) *job_cancel_ = true;
    job_.waitForFinished();
    job_running_ = false;
    beginResetModel();
    all_.clear();
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

void LogModel::onRecordsAdded(uint32_t source, size_t first, size_t count) {
    std::vector<RowRef> added;
    added.reserve(count);
    for (size_t i = first; i < first + count; ++i)
        added.push_back({source, static_cast<uint32_t>(i)});
    if (!use_rows_)
        beginInsertRows({}, static_cast<int>(all_.size()),
                        static_cast<int>(all_.size() + count) - 1);
    all_.insert(all_.end(), added.begin(), added.end());
    if (!use_rows_) {
        endInsertRows();
    } else if (!job_running_ && filters_[source]) {
        refreshFilter(source);
        // A filter is shown: the new rows go through it here (a batch is small).
        std::vector<RowRef> kept;
        for (const RowRef r : added)
            if (filters_[source]->matches(r.record)) kept.push_back(r);
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
    // equal times and for records without a time (they inherit the time before them).
    beginResetModel();
    std::stable_sort(all_.begin(), all_.end(), [this](RowRef a, RowRef b) {
        const int64_t ta = sources_[a.source]->records()[a.record].order_ms;
        const int64_t tb = sources_[b.source]->records()[b.record].order_ms;
        if (ta != tb) return ta < tb;
        if (a.source != b.source) return a.source < b.source;
        return a.record < b.record;
    });
    endResetModel();
    if (spec_.active()) startFilterJob();
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
        counts.push_back(sources_[i]->records().size());
    }
    auto cancel = job_cancel_;
    job_.setFuture(QtConcurrent::run([filters, counts, cancel] {
        auto result = std::make_shared<FilterResult>();
        result->counts = counts;
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
    std::vector<RowRef> rows;
    for (const RowRef r : all_) {
        const bool in_pass =
            r.source < result->counts.size() && r.record < result->counts[r.source];
        const bool keep = in_pass ? static_cast<bool>(result->match[r.source][r.record])
                                  : filters_[r.source]->matches(r.record);
        if (keep) rows.push_back(r);
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
        if (record < 0) return -1;
        const RowRef want{s, static_cast<uint32_t>(record)};
        const auto& rows = visible();
        if (sources_.size() == 1 && !use_rows_)
            return record < static_cast<int64_t>(rows.size()) ? static_cast<int>(record) : -1;
        const auto it = std::find(rows.begin(), rows.end(), want);
        return it == rows.end() ? -1 : static_cast<int>(it - rows.begin());
    }
    return -1;
}

int LogModel::nextError(int from, bool forward) const {
    const auto& rows = visible();
    const int n = static_cast<int>(rows.size());
    for (int row = forward ? from + 1 : from - 1; row >= 0 && row < n; row += forward ? 1 : -1) {
        const RowRef r = rows[static_cast<size_t>(row)];
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
    const auto& rows = visible();
    const int n = static_cast<int>(rows.size());
    for (int row = forward ? from + 1 : from - 1; row >= 0 && row < n; row += forward ? 1 : -1) {
        const RowRef r = rows[static_cast<size_t>(row)];
        if (filters[r.source]->matches(r.record)) return row;
    }
    return -1;
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(visible().size());
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
