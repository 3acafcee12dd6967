#pragma once
// One log file in the viewer: the file mapped read-only and an index of its records (byte
// offset, time, thread, component, severity) built by the ConfigMgr log reader on a worker
// thread. Batches of entries reach the GUI thread as they are read, so the first rows show
// while a large file is still being indexed. Message text is read back from the mapping on
// demand (message()), with the same reader: the viewer never parses a log itself.
#include <QFile>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gui/logview/log_record_ref.h"

namespace amtdiag::gui::logview {

class LogSource : public QObject {
    Q_OBJECT

  public:
    LogSource(QString path, QObject* parent = nullptr);
    ~LogSource() override;  // stops the indexer and waits for it

    // Maps the file and starts indexing; false (and error()) when it cannot be opened.
    bool start();

    const QString& path() const { return path_; }
    const QString& error() const { return error_; }
    bool indexing() const { return indexing_; }
    bool wide() const { return wide_; }  // UTF-16LE
    uint64_t size() const { return size_; }
    uint64_t bytes_indexed() const { return bytes_indexed_; }

    // Records the GUI thread has been told about (recordsAdded): use records()[i] below it.
    size_t count() const { return count_; }
    const RecordStore& records() const { return records_; }
    const std::vector<QString>& components() const { return components_; }

    // Safe from any thread for records below count() when it was read (the filter's worker).
    // The record's bytes as stored (up to the next record, at most 1 MiB).
    std::string_view raw(size_t record) const;
    // The record's message as the reader decodes it (UTF-8 -> QString).
    QString message(size_t record) const;

    // The last record starting at or before `line` (for "open at line"); -1 when none yet.
    int64_t record_at_line(uint64_t line) const;

  signals:
    void recordsAdded(size_t first, size_t count);
    void indexingFinished();

  private:
    struct Batch;
    void take(std::shared_ptr<Batch> batch);  // GUI thread
    void index_worker();                      // worker thread

    QString path_;
    QString error_;
    QFile file_;
    const char* map_ = nullptr;
    uint64_t size_ = 0;
    bool wide_ = false;
    bool indexing_ = false;
    uint64_t bytes_indexed_ = 0;
    size_t count_ = 0;
    RecordStore records_;
    std::vector<QString> components_;
    std::atomic<bool> stop_{false};
    // A thread of its own, not the shared pool: a 1 GiB log keeps it busy for seconds, and the
    // pool's threads (two on a 2-core machine) are for the filter, the merge and the analysis.
    std::thread worker_;
};

}  // namespace amtdiag::gui::logview
