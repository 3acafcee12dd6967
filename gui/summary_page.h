#pragma once
// The last page: the first failing stage (where to work), every stage's verdict, the devices,
// and the exports: HTML, JSON, JUnit and SARIF reports and the answers file.
#include <QWidget>

#include "analyzer/report/format.h"
#include "gui/session.h"

class QLabel;
class QTreeWidget;

namespace amtdiag::gui {

class SummaryPage : public QWidget {
    Q_OBJECT

  public:
    explicit SummaryPage(QWidget* parent = nullptr);
    void refresh(const Session& session);
    QString headline() const;
    QTreeWidget* stages() const { return stages_; }

  signals:
    void stageActivated(int stage);
    void exportRequested(amtdiag::report::Format format);
    void exportAnswersRequested();

  private:
    QLabel* headline_;
    QLabel* counts_;
    QTreeWidget* stages_;
    QTreeWidget* devices_;
};

}  // namespace amtdiag::gui
