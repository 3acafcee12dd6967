#pragma once
// The main window: the wizard's pages in order (method, evidence, stages 1-7, summary) in a
// list on the left that is also the keyboard's way through them, the analysis run off the
// GUI thread with a progress bar and Cancel, exports, recent files and the log viewer.
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <vector>

#include "analyzer/report/format.h"
#include "gui/analysis_runner.h"
#include "gui/session.h"

class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace amtdiag::gui {

namespace logview {
class LogViewer;
}
class EvidencePage;
class MethodPage;
class StagePage;
class SummaryPage;

class WizardWindow : public QMainWindow {
    Q_OBJECT

  public:
    enum Page { kMethodPage = 0, kEvidencePage = 1, kFirstStagePage = 2, kSummaryPage = 9 };

    explicit WizardWindow(std::shared_ptr<const engine::RuleSet> rules, QWidget* parent = nullptr);
    ~WizardWindow() override;

    void addInputs(const QStringList& paths);
    void removeInputs(const QStringList& paths);
    // Runs the analysis; `then_summary`: open the summary (on the first failing stage) after.
    void analyse(bool then_summary = true);
    void cancelAnalysis();
    bool busy() const { return runner_->busy(); }

    void showPage(int page);
    int currentPage() const;
    StagePage* stagePage(int stage) const { return stage_pages_[static_cast<size_t>(stage - 1)]; }
    SummaryPage* summaryPage() const { return summary_; }
    EvidencePage* evidencePage() const { return evidence_; }
    MethodPage* methodPage() const { return method_; }
    logview::LogViewer* logViewer();  // made on first use
    const Session& session() const { return session_; }

    bool exportReport(report::Format format, const QString& path, QString* error = nullptr);
    bool exportAnswers(const QString& path, QString* error = nullptr);
    void loadAnswers(const QString& path);
    void openEvidence(const QString& path, quint64 line, quint64 packet);

  signals:
    void analysisFinished();

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void buildMenus();
    void onAnswerChanged(const std::string& check, const std::string& device,
                         const std::string& answer, const std::string& note);
    void onFinished(const AnalysisRunner::Result& result);
    void refreshPages();
    void rememberRecent(const QStringList& paths);
    void rebuildRecentMenu();
    void askExport(report::Format format);
    void askExportAnswers();

    Session session_;
    AnalysisRunner* runner_;
    QListWidget* nav_;
    QStackedWidget* stack_;
    MethodPage* method_;
    EvidencePage* evidence_;
    std::vector<StagePage*> stage_pages_;
    SummaryPage* summary_;
    QPushButton* back_;
    QPushButton* next_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* status_;
    QMenu* recent_menu_ = nullptr;
    QPointer<logview::LogViewer> viewer_;
    bool summary_after_run_ = false;
    qint64 last_elapsed_ms_ = 0;
    QString started_utc_;
};

}  // namespace amtdiag::gui
