// The wizard on a failing sample (samples/cert-template: stage 3 fails on the certificate
// template): opens on the summary, lists the evidence, takes a manual answer and re-evaluates,
// exports every report, opens the log viewer at a finding's evidence, and walks by keyboard.
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>
#include <QXmlStreamReader>
#include <tuple>

#include "analyzer/engine/answers.h"
#include "gui/evidence_page.h"
#include "gui/logview/log_model.h"
#include "gui/logview/log_viewer.h"
#include "gui/method_page.h"
#include "gui/stage_page.h"
#include "gui/summary_page.h"
#include "gui/wizard_window.h"
#include "gui_test_support.h"

using amtdiag::gui::StagePage;
using amtdiag::gui::WizardWindow;
namespace t = amtdiag::gui::test;
namespace model = amtdiag::model;

namespace {

constexpr const char* kSample = "samples/cert-template";

bool run(WizardWindow& w, bool then_summary = true) {
    QSignalSpy spy(&w, &WizardWindow::analysisFinished);
    w.analyse(then_summary);
    return spy.wait(60000) && w.session().analysis != nullptr;
}

bool rerun_after(WizardWindow& w, const std::function<void()>& action) {
    QSignalSpy spy(&w, &WizardWindow::analysisFinished);
    action();
    return spy.count() > 0 || spy.wait(60000);
}

model::Status stage_status(const WizardWindow& w, int stage) {
    for (const auto& v : w.session().analysis->stages)
        if (v.stage == stage) return v.status;
    return model::Status::unknown;
}

const model::Finding* finding(const WizardWindow& w, const std::string& check,
                              const std::string& device) {
    for (const auto& f : w.session().findings)
        if (f.check == check && f.device == device) return &f;
    return nullptr;
}

QByteArray read_all(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class WizardTests : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings of the tests' own
        QVERIFY(QFile::exists(QString::fromLatin1(kSample) + "/AMTOPMGR.LOG"));
    }

    void loadsSampleOnFirstFailingStage() {
        WizardWindow w(t::rules());
        w.show();
        w.addInputs({QString::fromLatin1(kSample)});
        QVERIFY(run(w));
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kSummaryPage));
        QVERIFY(w.session().analysis->first_failing_stage.has_value());
        QCOMPARE(*w.session().analysis->first_failing_stage, 3);
        QVERIFY2(w.summaryPage()->headline().contains(QStringLiteral("First failing stage: 3")),
                 qPrintable(w.summaryPage()->headline()));
        QTreeWidgetItem* current = w.summaryPage()->stages()->currentItem();
        QVERIFY(current != nullptr);
        QCOMPARE(current->data(0, Qt::UserRole).toInt(), 3);

        // Enter on the stage opens its page, failures first.
        w.summaryPage()->stages()->setFocus();
        QTest::keyClick(w.summaryPage()->stages(), Qt::Key_Return);
        QCOMPARE(w.currentPage(), WizardWindow::kFirstStagePage + 2);
        StagePage* page = w.stagePage(3);
        QVERIFY2(page->verdictText().contains(QStringLiteral("fail")),
                 qPrintable(page->verdictText()));
        QTreeWidgetItem* top = page->findings()->topLevelItem(0);
        QVERIFY(top != nullptr);
        QCOMPARE(top->text(1), QStringLiteral("fail"));
        bool template_check = false;
        for (int i = 0; i < page->findings()->topLevelItemCount(); ++i) {
            const auto* item = page->findings()->topLevelItem(i);
            if (item->text(0) == QStringLiteral("ca.template-read-enroll") &&
                item->text(1) == QStringLiteral("fail"))
                template_check = true;
        }
        QVERIFY(template_check);
    }

    void evidencePageListsArtifacts() {
        WizardWindow w(t::rules());
        w.addInputs({QString::fromLatin1(kSample), QStringLiteral("no/such/file.log")});
        QTreeWidget* list = w.evidencePage()->list();
        QCOMPARE(list->topLevelItemCount(), 2);  // listed before the analysis, not yet read
        QVERIFY(run(w));
        QCOMPARE(list->topLevelItemCount(), 2);
        bool log_ok = false, missing_error = false;
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            const auto* item = list->topLevelItem(i);
            if (item->text(0).endsWith(QStringLiteral("AMTOPMGR.LOG")) &&
                item->text(1) == QStringLiteral("amtopmgr-log") &&
                item->text(2) == QStringLiteral("ok"))
                log_ok = true;
            if (item->text(0).contains(QStringLiteral("no/such")) &&
                item->text(2) == QStringLiteral("error"))
                missing_error = true;
        }
        QVERIFY(log_ok);
        QVERIFY(missing_error);
        // Unknown checks name the artifacts that would decide them, unless given already.
        int named = 0;
        const QString hint = w.evidencePage()->hintText();
        for (const auto& f : w.session().findings)
            if (f.status == model::Status::unknown)
                for (const auto& kind : f.needs)
                    if (kind != "amtopmgr-log") {
                        QVERIFY2(hint.contains("<b>" + QString::fromStdString(kind) + "</b>"),
                                 qPrintable(hint));
                        ++named;
                    }
        QVERIFY(named > 0);
        QVERIFY2(!hint.contains(QStringLiteral("<b>amtopmgr-log</b>")), qPrintable(hint));
    }

    void answeringAManualCheckChangesTheVerdict() {
        WizardWindow w(t::rules());
        w.show();
        w.addInputs({QString::fromLatin1(kSample)});
        QVERIFY(run(w));
        // A manual check whose stage does not fail yet: a "no" must make it fail.
        const model::Finding* manual = nullptr;
        for (const auto& f : w.session().findings)
            if (f.status == model::Status::manual && f.verdict_stage > 0 &&
                stage_status(w, f.verdict_stage) != model::Status::fail) {
                manual = &f;
                break;
            }
        QVERIFY2(manual != nullptr, "the sample has no manual check on a stage that does not fail");
        const std::string check = manual->check, device = manual->device;
        const int stage = manual->verdict_stage;
        const auto before = stage_status(w, stage);
        w.showPage(WizardWindow::kFirstStagePage + stage - 1);
        StagePage* page = w.stagePage(stage);
        QVERIFY(page->selectCheck(check, device));
        QVERIFY(page->answerBox()->isVisible());

        auto click = [&](int id) {
            auto* button = page->findChild<QRadioButton*>(QStringLiteral("answer-%1").arg(id));
            QVERIFY(button != nullptr);
            QVERIFY(rerun_after(
                w, [&] { QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(5, 5)); }));
        };
        click(1);  // No
        QCOMPARE(finding(w, check, device)->status, model::Status::fail);
        QCOMPARE(stage_status(w, stage), model::Status::fail);
        QVERIFY(stage_status(w, stage) != before);
        QVERIFY(page->verdictText().contains(QStringLiteral("fail")));
        QVERIFY(*w.session().analysis->first_failing_stage <= stage);
        // The page kept the check selected and shows the answer given.
        QVERIFY(page->findings()->currentItem() != nullptr);
        QCOMPARE(page->findings()->currentItem()->text(0), QString::fromStdString(check));
        QVERIFY(page->findChild<QRadioButton*>(QStringLiteral("answer-1"))->isChecked());

        click(2);  // N/A
        QCOMPARE(finding(w, check, device)->status, model::Status::skipped);
        QCOMPARE(stage_status(w, stage), before);
        click(3);  // unanswered again
        QCOMPARE(finding(w, check, device)->status, model::Status::manual);
    }

    void exportsReports() {
        QTemporaryDir dir;
        WizardWindow w(t::rules());
        w.addInputs({QString::fromLatin1(kSample)});
        QVERIFY(run(w));
        using amtdiag::report::Format;
        QString error;
        QVERIFY2(w.exportReport(Format::json, dir.filePath("r.json"), &error), qPrintable(error));
        QJsonParseError parse{};
        const QJsonDocument json =
            QJsonDocument::fromJson(read_all(dir.filePath("r.json")), &parse);
        QCOMPARE(parse.error, QJsonParseError::NoError);
        QCOMPARE(json.object().value("schema").toString(), QStringLiteral("amtdiag.report/1"));
        QCOMPARE(json.object().value("findings").toArray().size(),
                 static_cast<qsizetype>(w.session().findings.size()));
        QCOMPARE(json.object().value("first_failing_stage").toInt(), 3);

        QVERIFY(w.exportReport(Format::sarif, dir.filePath("r.sarif"), &error));
        const QJsonDocument sarif =
            QJsonDocument::fromJson(read_all(dir.filePath("r.sarif")), &parse);
        QCOMPARE(parse.error, QJsonParseError::NoError);
        QCOMPARE(sarif.object().value("version").toString(), QStringLiteral("2.1.0"));

        QVERIFY(w.exportReport(Format::junit, dir.filePath("r.xml"), &error));
        QXmlStreamReader xml(read_all(dir.filePath("r.xml")));
        QString root;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && root.isEmpty())
                root = xml.name().toString();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("testsuites"));

        QVERIFY(w.exportReport(Format::html, dir.filePath("r.html"), &error));
        const QByteArray html = read_all(dir.filePath("r.html"));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("amtdiag-report"));

        // The answers file reads back through the engine, as `amtdiag check --answers` reads it.
        const model::Finding* manual = nullptr;
        for (const auto& f : w.session().findings)
            if (f.status == model::Status::manual) manual = &f;
        QVERIFY(manual != nullptr);
        const std::string check = manual->check;
        StagePage* page = w.stagePage(manual->stages.front());  // `manual` dies with a re-run
        QVERIFY(rerun_after(w, [&] {
            page->selectCheck(check);
            page->answer("n/a");
        }));
        // A note typed after the answer goes with it.
        QVERIFY(rerun_after(w, [&] { page->setNote(QStringLiteral("checked \"by hand\"")); }));
        QVERIFY(w.exportAnswers(dir.filePath("answers.yaml"), &error));
        const auto answers = amtdiag::engine::load_answers(
            dir.filePath("answers.yaml").toStdString(), t::rules()->catalog);
        QCOMPARE(answers.size(), size_t{1});
        QCOMPARE(answers.front().check, check);
        QCOMPARE(answers.front().answer, std::string("n/a"));
        QCOMPARE(answers.front().note, std::string("checked \"by hand\""));
    }

    void evidenceOpensViewerAtLine() {
        WizardWindow w(t::rules());
        w.show();
        w.addInputs({QString::fromLatin1(kSample)});
        QVERIFY(run(w));
        w.showPage(WizardWindow::kFirstStagePage + 2);
        StagePage* page = w.stagePage(3);
        QVERIFY(page->selectCheck("ca.template-read-enroll"));
        QTreeWidget* evidence = page->evidence();
        QVERIFY(evidence->topLevelItemCount() > 0);
        const model::Finding* f =
            finding(w, "ca.template-read-enroll", w.session().findings.front().device);
        for (const auto& candidate : w.session().findings)
            if (candidate.check == "ca.template-read-enroll") f = &candidate;
        QVERIFY(f != nullptr && !f->evidence.empty());
        const int pick = evidence->topLevelItemCount() - 1;
        const uint64_t line = f->evidence[static_cast<size_t>(pick)].ref.line;
        QVERIFY(line > 1);
        QTreeWidgetItem* item = evidence->topLevelItem(pick);
        evidence->scrollToItem(item);
        QTest::mouseClick(evidence->viewport(), Qt::LeftButton, {},
                          evidence->visualItemRect(item).center());
        auto* viewer = w.logViewer();
        QVERIFY(t::wait_until([&] { return viewer->isVisible() && viewer->currentRow() >= 0; }));
        const auto* m = viewer->model();
        QCOMPARE(
            m->data(m->index(viewer->currentRow(), 0), amtdiag::gui::logview::LogModel::LineRole)
                .toULongLong(),
            static_cast<qulonglong>(line));
        const QString excerpt =
            QString::fromStdString(f->evidence[static_cast<size_t>(pick)].ref.excerpt);
        QVERIFY2(m->message(viewer->currentRow()).startsWith(excerpt.left(20)),
                 qPrintable(m->message(viewer->currentRow()) + " / " + excerpt));
        QVERIFY(viewer->table()->currentIndex().row() == viewer->currentRow());
    }

    void cancelStopsTheRun() {
        // A log big enough for several progress reports (one per 256 KiB read).
        QTemporaryDir dir;
        QFile sample(QString::fromLatin1("samples/healthy/AMTOPMGR.LOG"));
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const QByteArray lines = sample.readAll();
        QFile big(dir.filePath("AMTOPMGR.LOG"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        while (big.size() < 8 * 1024 * 1024) big.write(lines);
        big.close();
        WizardWindow w(t::rules());
        w.show();
        w.addInputs({dir.filePath("AMTOPMGR.LOG")});
        QSignalSpy spy(&w, &WizardWindow::analysisFinished);
        w.analyse(true);
        QVERIFY(w.busy());
        auto* cancel = w.findChild<QPushButton*>(QStringLiteral("cancel"));
        QVERIFY(cancel != nullptr && cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(spy.count() > 0 || spy.wait(60000));
        QVERIFY(!w.busy());
        QVERIFY(w.session().analysis == nullptr);  // nothing half-analysed is shown
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kMethodPage));
        QVERIFY(!cancel->isVisible());
        // The same evidence analysed to the end afterwards.
        QVERIFY(run(w));
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kSummaryPage));
    }

    void dropAndMethodFeedTheAnalysis() {
        WizardWindow w(t::rules());
        w.show();
        // Dropping a folder on the evidence page adds it.
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(QDir::current().absoluteFilePath(kSample))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(w.evidencePage(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w.evidencePage(), &drop);
        QCOMPARE(w.session().inputs.size(), 1);
        QVERIFY(run(w));
        // The verdicts, to see the method change them.
        auto verdicts = [&] {
            std::vector<std::tuple<std::string, std::string, model::Status>> out;
            for (const auto& f : w.session().findings)
                out.emplace_back(f.check, f.device, f.status);
            return out;
        };
        const auto decided_by_evidence = verdicts();
        // The method chosen on page 1 reaches analyze() (--mode) and re-runs at once.
        w.showPage(WizardWindow::kMethodPage);
        auto* onetouch = w.methodPage()->findChild<QRadioButton*>(QStringLiteral("method3"));
        QVERIFY(onetouch != nullptr);
        QVERIFY(
            rerun_after(w, [&] { QTest::mouseClick(onetouch, Qt::LeftButton, {}, QPoint(5, 5)); }));
        QCOMPARE(w.session().mode, std::vector<std::string>{"onetouch"});
        QVERIFY(verdicts() != decided_by_evidence);  // one-touch: the in-band passes go
    }

    void suspectsShowUnderTheirError() {
        // samples/soap-failure: the failed SOAP call raises suspected causes, likeliest first.
        WizardWindow w(t::rules());
        w.addInputs({QStringLiteral("samples/soap-failure")});
        QVERIFY(run(w));
        const model::Finding* raised = nullptr;
        for (const auto& f : w.session().findings)
            if (!f.suspects.empty()) raised = &f;
        QVERIFY(raised != nullptr);
        const int stage = raised->stages.front();
        StagePage* page = w.stagePage(stage);
        QVERIFY(page->selectCheck(raised->check, raised->device));
        QTreeWidgetItem* item = page->findings()->currentItem();
        QVERIFY(item->childCount() > 0);
        QVERIFY(item->isExpanded());
        // Every suspect, in the signature's order; a passed one is marked ruled out.
        QCOMPARE(item->childCount(), static_cast<int>(raised->suspects.size()));
        for (int i = 0; i < item->childCount(); ++i) {
            const QString text = item->child(i)->text(0);
            const QString check = QString::fromStdString(raised->suspects[static_cast<size_t>(i)]);
            QVERIFY2(text.startsWith(QStringLiteral("suspect %1").arg(i + 1)), qPrintable(text));
            QVERIFY2(text.endsWith(QStringLiteral(": ") + check), qPrintable(text));
            const bool passed = item->child(i)->text(1) == QStringLiteral("pass");
            QCOMPARE(text.contains(QStringLiteral("ruled out")), passed);
        }
    }

    void keyboardWalksThePages() {
        WizardWindow w(t::rules());
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kMethodPage));
        QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kEvidencePage));
        QTest::keyClick(&w, Qt::Key_3, Qt::AltModifier);
        QCOMPARE(w.currentPage(), WizardWindow::kFirstStagePage + 2);
        QTest::keyClick(&w, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), static_cast<int>(WizardWindow::kSummaryPage));
        QTest::keyClick(&w, Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), WizardWindow::kFirstStagePage + 6);
        // The page list itself moves with the arrows.
        auto* pages = w.findChild<QListWidget*>(QStringLiteral("pages"));
        pages->setFocus();
        QTest::keyClick(pages, Qt::Key_Up);
        QCOMPARE(w.currentPage(), WizardWindow::kFirstStagePage + 5);
    }
};

QTEST_MAIN(WizardTests)
#include "wizard_tests.moc"
