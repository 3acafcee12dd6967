#pragma once
// Pages 3 to 9: one provisioning stage. Its checks (status, message), and for the one
// selected: evidence (activate a line to open the log viewer there), the fix, references,
// the suspects its error raised, and for a manual check the operator's answer, given in place
// (the window re-runs the analysis at once).
#include <QWidget>
#include <string>

#include "gui/session.h"

class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace amtdiag::gui {

class StagePage : public QWidget {
    Q_OBJECT

  public:
    StagePage(int stage, QWidget* parent = nullptr);
    int stage() const { return stage_; }
    void refresh(const Session& session);

    QTreeWidget* findings() const { return findings_; }
    QTreeWidget* evidence() const { return evidence_; }
    QGroupBox* answerBox() const { return answer_box_; }
    QString verdictText() const;
    // Selects the finding of `check` (for `device`, empty: the first); false when not shown.
    bool selectCheck(const std::string& check, const std::string& device = {});
    // "yes", "no", "n/a" or "" (unanswered): as the operator clicks it; the note typed stays.
    void answer(const std::string& value);
    void setNote(const QString& note);  // as typed into the note field (kept with the answer)

  signals:
    void answerChanged(const std::string& check, const std::string& device,
                       const std::string& answer, const std::string& note);
    void evidenceActivated(const QString& path, quint64 line, quint64 packet);

  private:
    void showDetails();
    const model::Finding* current() const;

    int stage_;
    const Session* session_ = nullptr;
    QLabel* title_;
    QLabel* verdict_;
    QTreeWidget* findings_;
    QTextBrowser* details_;
    QTreeWidget* evidence_;
    QGroupBox* answer_box_;
    QLabel* question_;
    QButtonGroup* answers_;
    QLineEdit* note_;
    bool updating_ = false;
};

}  // namespace amtdiag::gui
