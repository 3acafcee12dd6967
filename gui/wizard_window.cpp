#include "gui/wizard_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>
#include <fstream>
#include <sstream>

#include "analyzer/engine/answers.h"
#include "analyzer/report/exit_code.h"
#include "gui/answers_file.h"
#include "gui/evidence_page.h"
#include "gui/logview/log_viewer.h"
#include "gui/method_page.h"
#include "gui/stage_page.h"
#include "gui/status_style.h"
#include "gui/summary_page.h"

namespace amtdiag::gui {

namespace {

constexpr int kMaxRecent = 10;

QString format_name(report::Format format) {
    const auto name = report::to_string(format);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString suffix_of(report::Format format) {
    switch (format) {
        case report::Format::html:
            return QStringLiteral("html");
        case report::Format::json:
            return QStringLiteral("json");
        case report::Format::junit:
        case report::Format::sarif:
            return format == report::Format::junit ? QStringLiteral("xml")
                                                   : QStringLiteral("sarif");
        case report::Format::text:
            return QStringLiteral("txt");
    }
    return QStringLiteral("txt");
}

}  // namespace

WizardWindow::WizardWindow(std::shared_ptr<const engine::RuleSet> rules, QWidget* parent)
    : QMainWindow(parent), runner_(new AnalysisRunner(rules, this)) {
    session_.rules = std::move(rules);
    setWindowTitle(tr("amtdiag — Intel AMT provisioning diagnosis"));
    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    auto* split = new QSplitter(Qt::Horizontal, central);
    nav_ = new QListWidget(split);
    nav_->setObjectName(QStringLiteral("pages"));
    nav_->setMinimumWidth(300);
    nav_->setIconSize(QSize(16, 16));
    nav_->setWordWrap(true);
    stack_ = new QStackedWidget(split);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 980});
    outer->addWidget(split, 1);

    method_ = new MethodPage(stack_);
    evidence_ = new EvidencePage(stack_);
    stack_->addWidget(method_);
    stack_->addWidget(evidence_);
    nav_->addItem(tr("1. Provisioning method"));
    nav_->addItem(tr("2. Evidence"));
    for (int stage = 1; stage <= 7; ++stage) {
        auto* page = new StagePage(stage, stack_);
        stage_pages_.push_back(page);
        stack_->addWidget(page);
        const auto* s = session_.rules->catalog.stage(stage);
        nav_->addItem(tr("Stage %1: %2")
                          .arg(stage)
                          .arg(s != nullptr ? QString::fromStdString(s->title) : QString()));
        connect(page, &StagePage::answerChanged, this, &WizardWindow::onAnswerChanged);
        connect(page, &StagePage::evidenceActivated, this, &WizardWindow::openEvidence);
    }
    summary_ = new SummaryPage(stack_);
    stack_->addWidget(summary_);
    nav_->addItem(tr("Summary and export"));

    auto* buttons = new QHBoxLayout;
    back_ = new QPushButton(tr("◀ &Back"), central);
    next_ = new QPushButton(tr("&Next ▶"), central);
    back_->setToolTip(tr("Previous page (Ctrl+PgUp)"));
    next_->setToolTip(tr("Next page (Ctrl+PgDown)"));
    progress_ = new QProgressBar(central);
    progress_->setObjectName(QStringLiteral("progress"));
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("&Cancel"), central);
    cancel_->setObjectName(QStringLiteral("cancel"));
    cancel_->setVisible(false);
    buttons->addWidget(back_);
    buttons->addWidget(progress_, 1);
    buttons->addWidget(cancel_);
    buttons->addStretch(0);
    buttons->addWidget(next_);
    outer->addLayout(buttons);
    setCentralWidget(central);
    status_ = new QLabel(this);
    statusBar()->addWidget(status_, 1);

    connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
    connect(nav_, &QListWidget::currentRowChanged, this, [this](int row) {
        back_->setEnabled(row > 0);
        next_->setEnabled(row + 1 < nav_->count());
    });
    connect(back_, &QPushButton::clicked, this, [this] { showPage(currentPage() - 1); });
    connect(next_, &QPushButton::clicked, this, [this] {
        // Leaving the evidence page with new evidence analyses it on the way.
        if (currentPage() == kEvidencePage && !session_.analysis && !session_.inputs.isEmpty() &&
            !runner_->busy())
            analyse(false);
        showPage(currentPage() + 1);
    });
    connect(cancel_, &QPushButton::clicked, this, &WizardWindow::cancelAnalysis);
    connect(method_, &MethodPage::modeChanged, this, [this] {
        session_.mode = method_->mode();
        if (session_.analysis) analyse(false);
    });
    connect(evidence_, &EvidencePage::inputsAdded, this, &WizardWindow::addInputs);
    connect(evidence_, &EvidencePage::inputsRemoved, this, &WizardWindow::removeInputs);
    connect(evidence_, &EvidencePage::analyseRequested, this, [this] { analyse(true); });
    connect(evidence_, &EvidencePage::openLog, this,
            [this](const QString& path) { openEvidence(path, 0, 0); });
    connect(summary_, &SummaryPage::stageActivated, this,
            [this](int stage) { showPage(kFirstStagePage + stage - 1); });
    connect(summary_, &SummaryPage::exportRequested, this, &WizardWindow::askExport);
    connect(summary_, &SummaryPage::exportAnswersRequested, this, &WizardWindow::askExportAnswers);
    connect(runner_, &AnalysisRunner::progressed, this, [this](int percent, const QString& file) {
        progress_->setRange(0, percent < 0 ? 0 : 100);  // no figures: a busy bar
        if (percent >= 0) progress_->setValue(percent);
        if (!file.isEmpty()) status_->setText(tr("Reading %1").arg(file));
    });
    connect(runner_, &AnalysisRunner::finished, this, &WizardWindow::onFinished);

    buildMenus();
    refreshPages();
    nav_->setCurrentRow(kMethodPage);
    resize(1280, 820);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

WizardWindow::~WizardWindow() {
    if (viewer_) delete viewer_.data();
}

void WizardWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Add &files…"), QKeySequence::Open, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add evidence files"));
        if (!files.isEmpty()) addInputs(files);
    });
    file->addAction(tr("Add f&older…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add an evidence folder"));
        if (!dir.isEmpty()) addInputs({dir});
    });
    recent_menu_ = file->addMenu(tr("&Recent"));
    rebuildRecentMenu();
    file->addAction(tr("&Analyse"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                    [this] { analyse(true); });
    file->addAction(tr("Load a&nswers…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load an answers file"), {},
                                                          tr("Answers (*.yaml *.yml);;All (*)"));
        if (!path.isEmpty()) loadAnswers(path);
    });
    QMenu* exports = file->addMenu(tr("&Export"));
    for (const auto format :
         {report::Format::html, report::Format::json, report::Format::junit, report::Format::sarif})
        exports->addAction(tr("%1 report…").arg(format_name(format).toUpper()), this,
                           [this, format] { askExport(format); });
    exports->addAction(tr("Answers file…"), this, &WizardWindow::askExportAnswers);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addAction(tr("&Next page"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), this,
                  [this] { showPage(currentPage() + 1); });
    go->addAction(tr("&Previous page"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), this,
                  [this] { showPage(currentPage() - 1); });
    go->addAction(tr("&First failing stage"), QKeySequence(Qt::CTRL | Qt::Key_G), this, [this] {
        if (session_.analysis && session_.analysis->first_failing_stage)
            showPage(kFirstStagePage + *session_.analysis->first_failing_stage - 1);
    });
    go->addAction(tr("&Summary"), QKeySequence(Qt::CTRL | Qt::Key_End), this,
                  [this] { showPage(kSummaryPage); });
    for (int stage = 1; stage <= 7; ++stage)
        go->addAction(tr("Stage &%1").arg(stage), QKeySequence(Qt::ALT | (Qt::Key_0 + stage)), this,
                      [this, stage] { showPage(kFirstStagePage + stage - 1); });
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Log viewer"), QKeySequence(Qt::CTRL | Qt::Key_L), this, [this] {
        logViewer()->show();
        logViewer()->raise();
    });
}

void WizardWindow::showPage(int page) {
    if (page < 0 || page >= nav_->count()) return;
    nav_->setCurrentRow(page);
}

int WizardWindow::currentPage() const {
    return nav_->currentRow();
}

void WizardWindow::addInputs(const QStringList& paths) {
    bool changed = false;
    for (const QString& p : paths) {
        const QString path = QDir::cleanPath(p);
        if (session_.inputs.contains(path)) continue;
        session_.inputs << path;
        changed = true;
    }
    if (!changed) return;
    rememberRecent(paths);
    session_.set_analysis(nullptr);  // the listing shows the new inputs until analysed
    refreshPages();
    // Analysed at once, so the evidence page shows each file's kind and read status; adding
    // more while it runs starts it again with everything.
    analyse(false);
}

void WizardWindow::removeInputs(const QStringList& paths) {
    for (const QString& p : paths) session_.inputs.removeAll(p);
    session_.set_analysis(nullptr);
    refreshPages();
    if (!session_.inputs.isEmpty()) analyse(false);
}

void WizardWindow::analyse(bool then_summary) {
    summary_after_run_ = summary_after_run_ || then_summary;
    if (session_.inputs.isEmpty()) {
        status_->setText(tr("Add evidence first."));
        summary_after_run_ = false;
        return;
    }
    AnalyzeOptions options;
    options.mode = session_.mode;
    options.answers = session_.answers;
    options.timelines = true;  // the HTML export draws them, as `amtdiag check -f html` does
    std::vector<std::string> inputs;
    for (const QString& input : session_.inputs) inputs.push_back(input.toStdString());
    progress_->setRange(0, 100);
    progress_->setValue(0);
    progress_->setVisible(true);
    cancel_->setVisible(true);
    status_->setText(tr("Analysing…"));
    started_utc_ = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    runner_->start(std::move(inputs), std::move(options));
}

void WizardWindow::cancelAnalysis() {
    runner_->cancel();
    status_->setText(tr("Cancelling…"));
}

void WizardWindow::onFinished(const AnalysisRunner::Result& result) {
    progress_->setVisible(false);
    cancel_->setVisible(false);
    if (result.cancelled) {
        status_->setText(tr("Analysis cancelled."));
        summary_after_run_ = false;
        emit analysisFinished();
        return;
    }
    if (!result.error.isEmpty()) {
        status_->setText(tr("Analysis failed: %1").arg(result.error));
        summary_after_run_ = false;
        emit analysisFinished();
        return;
    }
    session_.set_analysis(result.analysis);
    last_elapsed_ms_ = result.elapsed_ms;
    size_t unread = 0;
    for (const auto& a : result.analysis->artifacts)
        if (a.status != model::ReadStatus::ok) ++unread;
    status_->setText(tr("Analysed %1 artifact(s) in %2 ms%3")
                         .arg(result.analysis->artifacts.size())
                         .arg(result.elapsed_ms)
                         .arg(unread > 0 ? tr("; %1 could not be read").arg(unread) : QString()));
    refreshPages();
    if (summary_after_run_) showPage(kSummaryPage);
    summary_after_run_ = false;
    emit analysisFinished();
}

void WizardWindow::refreshPages() {
    evidence_->refresh(session_);
    for (auto* page : stage_pages_) page->refresh(session_);
    summary_->refresh(session_);
    // The list of pages carries each stage's verdict.
    for (int stage = 1; stage <= 7; ++stage) {
        QListWidgetItem* item = nav_->item(kFirstStagePage + stage - 1);
        item->setIcon(QIcon());
        QFont font = item->font();
        font.setBold(false);
        if (session_.analysis) {
            for (const auto& v : session_.analysis->stages)
                if (v.stage == stage) item->setIcon(status_icon(v.status));
            font.setBold(session_.analysis->first_failing_stage == stage);
        }
        item->setFont(font);
    }
}

void WizardWindow::onAnswerChanged(const std::string& check, const std::string& device,
                                   const std::string& answer, const std::string& note) {
    session_.set_answer(check, device, answer, note);
    analyse(false);  // re-evaluated at once: the engine applies the answers
}

void WizardWindow::loadAnswers(const QString& path) {
    try {
        session_.answers = engine::load_answers(path.toStdString(), session_.rules->catalog);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Answers file"), QString::fromStdString(e.what()));
        return;
    }
    if (!session_.inputs.isEmpty()) analyse(false);
}

bool WizardWindow::exportReport(report::Format format, const QString& path, QString* error) {
    if (!session_.analysis) {
        if (error != nullptr) *error = tr("nothing analysed yet");
        return false;
    }
    model::Analysis analysis = *session_.analysis;
    // Timelines only where `amtdiag check` writes them: the other formats stay the same bytes.
    if (!report::wants_timelines(format)) {
        for (auto& d : analysis.devices) d.timeline.clear();
        analysis.site_timeline.clear();
    }
    if (report::records_invocation(format)) {
        model::Invocation invocation;
        invocation.arguments = {"amtdiag-gui"};
        for (const QString& input : session_.inputs)
            invocation.arguments.push_back(input.toStdString());
        invocation.exit_code = report::exit_code(analysis, report::FailOn::fail);
        invocation.start_utc = started_utc_.toStdString();
        invocation.elapsed_ms = last_elapsed_ms_;
        analysis.invocation = std::move(invocation);
    }
    report::RenderOptions options;
    options.catalog = &session_.rules->catalog;
    std::ofstream out(path.toStdString(), std::ios::binary);
    if (!out) {
        if (error != nullptr) *error = tr("cannot write %1").arg(path);
        return false;
    }
    report::render(format, analysis, options, out);
    out.close();
    if (!out) {
        if (error != nullptr) *error = tr("writing %1 failed").arg(path);
        return false;
    }
    status_->setText(tr("Wrote %1").arg(path));
    return true;
}

bool WizardWindow::exportAnswers(const QString& path, QString* error) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    if (!out) {
        if (error != nullptr) *error = tr("cannot write %1").arg(path);
        return false;
    }
    write_answers_file(*session_.rules, session_.answers, out);
    out.close();
    status_->setText(tr("Wrote %1").arg(path));
    return static_cast<bool>(out);
}

void WizardWindow::askExport(report::Format format) {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir")).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the %1 report").arg(format_name(format).toUpper()),
        QDir(dir).filePath(QStringLiteral("amtdiag-report.") + suffix_of(format)));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportReport(format, path, &error)) QMessageBox::warning(this, tr("Export"), error);
}

void WizardWindow::askExportAnswers() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the answers file"),
                                                      QStringLiteral("answers.yaml"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportAnswers(path, &error)) QMessageBox::warning(this, tr("Export"), error);
}

logview::LogViewer* WizardWindow::logViewer() {
    if (!viewer_) {
        // A window of its own, so the stage and the log can be read side by side.
        viewer_ = new logview::LogViewer(nullptr);
        viewer_->setAttribute(Qt::WA_DeleteOnClose, false);
        viewer_->setErrorCodes(&session_.rules->error_codes);
        QSettings settings;
        viewer_->restoreGeometry(settings.value(QStringLiteral("viewer/geometry")).toByteArray());
    }
    return viewer_;
}

void WizardWindow::openEvidence(const QString& path, quint64 line, quint64 packet) {
    if (packet != 0 && line == 0) {
        status_->setText(tr("%1 packet %2: open the capture in Wireshark (frame number %2).")
                             .arg(path)
                             .arg(packet));
        return;
    }
    logview::LogViewer* viewer = logViewer();
    if (line != 0)
        viewer->showLine(path, line);
    else
        viewer->openFiles({path});
    viewer->show();
    viewer->raise();
    viewer->activateWindow();
}

void WizardWindow::rememberRecent(const QStringList& paths) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    for (const QString& p : paths) {
        const QString absolute = QFileInfo(p).absoluteFilePath();
        recent.removeAll(absolute);
        recent.prepend(absolute);
    }
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(QStringLiteral("recent"), recent);
    rebuildRecentMenu();
}

void WizardWindow::rebuildRecentMenu() {
    if (recent_menu_ == nullptr) return;
    recent_menu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent")).toStringList();
    for (const QString& path : recent)
        recent_menu_->addAction(path, this, [this, path] { addInputs({path}); });
    recent_menu_->setEnabled(!recent.isEmpty());
}

void WizardWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (viewer_) {
        settings.setValue(QStringLiteral("viewer/geometry"), viewer_->saveGeometry());
        viewer_->close();
    }
    runner_->cancel();
    QMainWindow::closeEvent(event);
}

}  // namespace amtdiag::gui
