#pragma once
// The log viewer window (CMTrace habits): the table, find, filter, next/previous error, the
// full text of the current row below, several logs merged into one coloured timeline.
#include <QWidget>
#include <optional>

#include "gui/logview/log_filter.h"
#include "gui/logview/log_record_ref.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace amtdiag::engine {
class ErrorCodes;
}

namespace amtdiag::gui::logview {

class LogModel;

class LogViewer : public QWidget {
    Q_OBJECT

  public:
    explicit LogViewer(QWidget* parent = nullptr);
    ~LogViewer() override;

    void setErrorCodes(const engine::ErrorCodes* codes);
    // Opens the logs (added to the timeline of those already open); errors in the status line.
    void openFiles(const QStringList& paths);
    bool isOpen(const QString& path) const;
    // Selects the record holding `line` of `path` (opening the file first if needed), as soon
    // as the index reaches it; a filter that hides it is cleared.
    void showLine(const QString& path, uint64_t line);
    void applyFilter(const FilterSpec& spec);  // also fills the filter fields

    LogModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    int currentRow() const;
    QString statusText() const;

  signals:
    void filterApplied(int rows);

  private:
    void filterFromFields();
    void clearFilter();
    void findNext(bool forward);
    void gotoError(bool forward);
    void selectRow(int row);
    void tryPendingLine();
    void updateDetails();
    void updateStatus();

    LogModel* model_;
    QTableView* table_;
    QPlainTextEdit* details_;
    QLineEdit* find_;
    QLineEdit* text_filter_;
    QComboBox* component_filter_;
    QLineEdit* thread_filter_;
    QComboBox* severity_filter_;
    QCheckBox* from_on_;
    QCheckBox* to_on_;
    QDateTimeEdit* from_;
    QDateTimeEdit* to_;
    QLabel* status_;
    QString filter_note_;
    struct PendingLine {
        QString path;
        uint64_t line = 0;
    };
    std::optional<PendingLine> pending_;
    std::optional<RowRef> kept_;  // the current record across a model reset
    const engine::ErrorCodes* codes_ = nullptr;
};

}  // namespace amtdiag::gui::logview
