#pragma once
// The viewer's table: one timeline over one or more logs (rows merged by time, a colour per
// source), filtered on a worker thread. Rows refer to index entries (RowRef), never to copies
// of the text; the text of the rows on screen is read back from the file and cached.
#include <QAbstractTableModel>
#include <QCache>
#include <QColor>
#include <QFutureWatcher>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "gui/logview/log_filter.h"
#include "gui/logview/log_record_ref.h"
#include "gui/logview/log_source.h"

namespace amtdiag::engine {
class ErrorCodes;
}

namespace amtdiag::gui::logview {

class LogModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column { kText, kComponent, kLocalTime, kUtcTime, kThread, kSource, kColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, SourceRole, LineRole };

    explicit LogModel(QObject* parent = nullptr);
    ~LogModel() override;

    // Tooltips name the error codes a row carries (the knowledge base of the rule set).
    void setErrorCodes(const engine::ErrorCodes* codes) { codes_ = codes; }

    // Adds a log to the timeline; false when it cannot be opened (error in the message).
    bool addFile(const QString& path, QString* error = nullptr);
    void clear();
    size_t sourceCount() const { return sources_.size(); }
    const LogSource& source(size_t i) const { return *sources_[i]; }
    QColor sourceColor(size_t i) const;
    bool indexing() const;
    // Several logs read, their merged timeline being sorted on a worker (rows show each log
    // in turn until it is done).
    bool merging() const { return merge_running_; }
    // The row showing a record now; -1 when filtered out or not in the timeline yet.
    int rowOf(RowRef ref) const;

    void setFilter(const FilterSpec& spec);
    const FilterSpec& filter() const { return spec_; }
    bool filtering() const { return job_running_; }

    RowRef rowRef(int row) const;
    QString message(int row) const;
    // The row showing the record at `line` of `path` (the record that holds the line); -1
    // when the file is not open, not indexed that far yet or the row is filtered out.
    int rowForLine(const QString& path, uint64_t line) const;
    // The next row (after `from`, or before it when !forward) that is an error; -1 if none.
    int nextError(int from, bool forward) const;
    // The next row whose message contains `text` (case-insensitive); -1 if none.
    int find(const QString& text, int from, bool forward) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  signals:
    void timelineMerged();
    void indexingProgress(uint64_t bytes_done, uint64_t bytes_total);
    void indexingFinished();
    void filterFinished(qint64 millis, int rows);

  private:
    struct FilterResult;
    void onRecordsAdded(uint32_t source, size_t first, size_t count);
    void onSourceFinished();
    void refreshFilter(uint32_t source);
    void merge();
    void startFilterJob();
    void onFilterJobDone();

    std::vector<std::unique_ptr<LogSource>> sources_;
    // The timeline. Until several logs are merged it is the logs one after the other, each in
    // its own order, and costs nothing: row -> (log, record) by the counts shown. Merged, it
    // is all_, sorted by time once every log is read.
    std::vector<size_t> shown_;  // records of each log in the timeline (unmerged)
    size_t shown_total_ = 0;
    bool merged_ = false;
    // Shared with a filter pass running on a worker (never changed once made: a new merge
    // makes a new one), so the pass lists its rows in timeline order itself.
    std::shared_ptr<const std::vector<RowRef>> all_;
    uint64_t order_generation_ = 0;  // counts merges and unmerges
    uint64_t merge_request_ = 0;     // counts merges asked for: a late result is dropped
    bool merge_running_ = false;
    QFutureWatcher<std::shared_ptr<std::vector<RowRef>>> merge_job_;
    std::vector<RowRef> rows_;  // the filtered timeline (when use_rows_)
    bool use_rows_ = false;
    size_t timelineSize() const { return merged_ ? all_->size() : shown_total_; }
    RowRef timelineRow(size_t row) const;
    FilterSpec spec_;
    std::vector<std::shared_ptr<const SourceFilter>>
        filters_;  // for rows added after a filter pass
    bool job_running_ = false;
    bool job_again_ = false;  // the filter changed while a pass ran
    std::shared_ptr<std::atomic<bool>> job_cancel_;
    QFutureWatcher<std::shared_ptr<FilterResult>> job_;
    qint64 job_started_ms_ = 0;
    const engine::ErrorCodes* codes_ = nullptr;
    mutable QCache<quint64, QString> text_cache_{4096};
};

}  // namespace amtdiag::gui::logview
