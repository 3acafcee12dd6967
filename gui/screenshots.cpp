#include "gui/screenshots.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QPixmap>
#include <QTreeWidget>

#include "gui/logview/log_model.h"
#include "gui/logview/log_viewer.h"
#include "gui/stage_page.h"
#include "gui/wizard_window.h"

namespace amtdiag::gui {

namespace {

void settle(int millis = 150) {
    QDeadlineTimer deadline(millis);
    while (!deadline.hasExpired()) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget& widget, const QString& dir, const QString& name) {
    settle();
    return widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

}  // namespace

int save_screenshots(WizardWindow& window, const QString& dir) {
    QDir().mkpath(dir);
    int written = 0;
    const QString names[] = {QStringLiteral("gui-01-method"), QStringLiteral("gui-02-evidence")};
    for (int page = 0; page < 2; ++page) {
        window.showPage(page);
        written += save(window, dir, names[page]) ? 1 : 0;
    }
    for (int stage = 1; stage <= 7; ++stage) {
        window.showPage(WizardWindow::kFirstStagePage + stage - 1);
        written +=
            save(
                window, dir,
                QStringLiteral("gui-%1-stage%2").arg(stage + 2, 2, 10, QLatin1Char('0')).arg(stage))
                ? 1
                : 0;
    }
    window.showPage(WizardWindow::kSummaryPage);
    written += save(window, dir, QStringLiteral("gui-10-summary")) ? 1 : 0;

    // The viewer, opened where the first failing stage's first finding points.
    const auto& analysis = window.session().analysis;
    if (analysis && analysis->first_failing_stage) {
        StagePage* page = window.stagePage(*analysis->first_failing_stage);
        window.showPage(WizardWindow::kFirstStagePage + *analysis->first_failing_stage - 1);
        settle();
        if (page->evidence()->topLevelItemCount() > 0) {
            QTreeWidgetItem* item =
                page->evidence()->topLevelItem(page->evidence()->topLevelItemCount() - 1);
            emit page->evidence()->itemActivated(item, 0);
            auto* viewer = window.logViewer();
            viewer->resize(1400, 720);
            QDeadlineTimer deadline(10000);
            while ((viewer->model()->indexing() || viewer->model()->merging()) &&
                   !deadline.hasExpired())
                settle(50);
            written += save(*viewer, dir, QStringLiteral("gui-11-log-viewer")) ? 1 : 0;
        }
    }
    return written;
}

}  // namespace amtdiag::gui
