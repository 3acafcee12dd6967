// amtdiag-gui [FILE|FOLDER...]: the wizard; with evidence named, it is analysed at once and the
// window opens on the summary with the first failing stage. amtdiag-gui --view LOG...: the log
// viewer alone.
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "analyzer/engine/answers.h"
#include "analyzer/engine/rule_set.h"
#include "gui/logview/log_viewer.h"
#include "gui/screenshots.h"
#include "gui/wizard_window.h"

int main(int argc, char** argv) {
    // Fractional scale factors as the screen asks (125 %, 150 %), not rounded to integers.
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(
        Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("amtdiag"));
    QApplication::setApplicationName(QStringLiteral("amtdiag-gui"));
    QApplication::setApplicationVersion(QStringLiteral(AMTDIAG_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The amtdiag wizard: Intel AMT provisioning diagnosis, stage by stage."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 QStringLiteral("evidence files or folders, analysed at start"),
                                 QStringLiteral("[FILE|FOLDER...]"));
    QCommandLineOption answers(QStringLiteral("answers"),
                               QStringLiteral("answers to the manual checks (amtdiag answers)"),
                               QStringLiteral("FILE"));
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("save every page as PNG into DIR and quit"),
                                   QStringLiteral("DIR"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption view(QStringLiteral("view"),
                            QStringLiteral("open the FILEs in the log viewer only (no analysis)"));
    parser.addOption(view);
    parser.addOption(answers);
    parser.addOption(screenshots);
    parser.process(app);

    std::shared_ptr<const amtdiag::engine::RuleSet> rules;
    try {
        rules = std::make_shared<const amtdiag::engine::RuleSet>(amtdiag::engine::load_rule_set());
    } catch (const std::exception& e) {
        QMessageBox::critical(nullptr, QStringLiteral("amtdiag"),
                              QStringLiteral("The rule set cannot be loaded: %1").arg(e.what()));
        return 2;
    }
    if (parser.isSet(view)) {
        // The log viewer on its own, as CMTrace is used: no analysis, any number of logs.
        amtdiag::gui::logview::LogViewer viewer;
        viewer.setErrorCodes(&rules->error_codes);
        viewer.openFiles(parser.positionalArguments());
        viewer.show();
        return QApplication::exec();
    }
    amtdiag::gui::WizardWindow window(rules);
    window.show();
    if (parser.isSet(answers)) window.loadAnswers(parser.value(answers));
    const QStringList paths = parser.positionalArguments();
    const QString shots_dir = parser.value(screenshots);
    if (!shots_dir.isEmpty()) {
        window.resize(1280, 800);
        QObject::connect(
            &window, &amtdiag::gui::WizardWindow::analysisFinished, &app,
            [&window, shots_dir] {
                const int n = amtdiag::gui::save_screenshots(window, shots_dir);
                std::printf("amtdiag-gui: %d screenshots in %s\n", n, qPrintable(shots_dir));
                QApplication::exit(n > 0 ? 0 : 1);
            },
            Qt::QueuedConnection);
    }
    if (!paths.isEmpty()) {
        window.addInputs(paths);
        window.analyse(true);
    }
    return QApplication::exec();
}
