#include "gui/analysis_runner.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <functional>

namespace amtdiag::gui {

namespace {

// AnalyzeOptions::progress (the library's progress and cancel hook) is set only when the
// library has it: the GUI builds against either, and shows a busy bar without it.
template <class Options, class Hook>
auto set_progress(Options& options, Hook&& hook, int) -> decltype(options.progress = hook, true) {
    options.progress = std::forward<Hook>(hook);
    return true;
}
template <class Options, class Hook>
bool set_progress(Options&, Hook&&, long) {
    return false;
}

}  // namespace

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
    const bool has_progress = set_progress(
        request.options,
        [self, cancel, clock](const auto& p) {
            if (clock->elapsed() >= 50 || p.files_done == p.files_total) {
                clock->restart();
                const int percent =
                    p.bytes_total > 0 ? static_cast<int>(100.0 * static_cast<double>(p.bytes_done) /
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
        },
        0);
    if (!has_progress) emit progressed(-1, QString());
    watcher_.setFuture(QtConcurrent::run([request = std::move(request), rules, cancel] {
        Result result;
        QElapsedTimer timer;
        timer.start();
        try {
            result.analysis = std::make_shared<const model::Analysis>(
                analyze(request.inputs, *rules, request.options));
        } catch (const std::exception& e) {
            // AnalysisCancelled when we asked for it; anything else is a real failure.
            if (!cancel->load()) result.error = QString::fromStdString(e.what());
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
