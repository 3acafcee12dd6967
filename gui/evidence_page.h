#pragma once
// Page 2: the evidence. Files and folders (buttons, drag and drop), each listed with the kind
// amtdiag detected and whether it could be read, and a hint of the artifacts that would decide
// the checks still unknown.
#include <QWidget>

#include "gui/session.h"

class QLabel;
class QTreeWidget;

namespace amtdiag::gui {

class EvidencePage : public QWidget {
    Q_OBJECT

  public:
    explicit EvidencePage(QWidget* parent = nullptr);
    void refresh(const Session& session);
    QTreeWidget* list() const { return list_; }
    QString hintText() const;

  signals:
    void inputsAdded(const QStringList& paths);
    void inputsRemoved(const QStringList& paths);
    void analyseRequested();
    void openLog(const QString& path);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    QTreeWidget* list_;
    QLabel* hint_;
};

}  // namespace amtdiag::gui
