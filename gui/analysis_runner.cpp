#include "gui/analysis_runner.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <functional>

namespace amtdiag::gui {

AnalysisRunner::AnalysisRunner(std::shared_ptr<const engine::RuleSet> rules, QObject* parent)
    : QObject(parent), rules_(std::move(rules)) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &AnalysisRunner::onDone);
}

AnalysisRunner::~AnalysisRunner() {
    if (cancel_) *cancel_ = true;
    watcher_.waitForFinished();
}

void AnalysisRunner::start(std::vector<std::string> inputs, AnalyzeOptions options) {
    Request request{std::move(inputs), std::move(options)};
    if (running_) {
        *cancel_ = true;
        queued_ = std::make_unique<Request>(std::move(request));
        return;
    }
    launch(std::move(request));
}

void AnalysisRunner::cancel() {
    queued_.reset();
    if (cancel_) *cancel_ = true;
}

void AnalysisRunner::launch(Request request) {
    running_ = true;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    auto cancel = cancel_;
    auto rules = rules_;
    QPointer<AnalysisRunner> self(this);
    // Progress is reported at most every 50 ms: the GUI thread need not see every file.
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    request.options.progress = [self, cancel, clock](const AnalyzeProgress& p) {
        if (clock->elapsed() >= 50 || p.files_done == p.files_total) {
            clock->restart();
            const int percent = p.bytes_total > 0
                                    ? static_cast<int>(100.0 * static_cast<double>(p.bytes_done) /
                                                       static_cast<double>(p.bytes_total))
                                    : 0;
            const QString current = QString::fromStdString(p.current);
            QMetaObject::invokeMethod(
                self.data(),
                [self, percent, current] {
                    if (self) emit self->progressed(percent, current);
                },
                Qt::QueuedConnection);
        }
        return !cancel->load();
    };
    watcher_.setFuture(QtConcurrent::run([request = std::move(request), rules, cancel] {
        Result result;
        QElapsedTimer timer;
        timer.start();
        try {
            result.analysis = std::make_shared<const model::Analysis>(
                analyze(request.inputs, *rules, request.options));
        } catch (const AnalysisCancelled&) {
            // Asked for: no partial Analysis exists, the window keeps the previous one.
        } catch (const std::exception& e) {
            result.error = QString::fromStdString(e.what());
        }
        result.cancelled = cancel->load();
        result.elapsed_ms = timer.elapsed();
        return result;
    }));
}

void AnalysisRunner::onDone() {
    running_ = false;
    Result result = watcher_.result();
    if (queued_) {
        auto next = std::move(*queued_);
        queued_.reset();
        launch(std::move(next));
        return;  // the newer request answers instead
    }
    emit finished(result);
}

}  // namespace amtdiag::gui
