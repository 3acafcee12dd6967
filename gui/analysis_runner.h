#pragma once
// Runs amtdiag::analyze() on a worker thread: progress reaches the GUI thread as a signal, and
// cancel() makes the library stop at its next progress report (AnalyzeOptions::progress). A run
// asked for while one is going (an answer changed twice quickly) replaces it: the older result is
// dropped.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyze.h"

namespace amtdiag::gui {

class AnalysisRunner : public QObject {
    Q_OBJECT

  public:
    explicit AnalysisRunner(std::shared_ptr<const engine::RuleSet> rules,
                            QObject* parent = nullptr);
    ~AnalysisRunner() override;

    void start(std::vector<std::string> inputs, AnalyzeOptions options);
    void cancel();
    bool busy() const { return running_; }

    struct Result {
        std::shared_ptr<const model::Analysis> analysis;
        bool cancelled = false;
        QString error;
        qint64 elapsed_ms = 0;
    };

  signals:
    void progressed(int percent, const QString& current);
    void finished(const amtdiag::gui::AnalysisRunner::Result& result);

  private:
    struct Request {
        std::vector<std::string> inputs;
        AnalyzeOptions options;
    };
    void launch(Request request);
    void onDone();

    std::shared_ptr<const engine::RuleSet> rules_;
    QFutureWatcher<Result> watcher_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::unique_ptr<Request> queued_;
    bool running_ = false;
};

}  // namespace amtdiag::gui
