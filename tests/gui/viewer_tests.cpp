// The log viewer on known logs: columns, filters (text, severity, component, thread, time),
// find and next error, UTF-16, merged timelines, error-code tooltips.
#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "gui/logview/log_model.h"
#include "gui/logview/log_viewer.h"
#include "gui_test_support.h"

using amtdiag::gui::logview::FilterSpec;
using amtdiag::gui::logview::LogModel;
using amtdiag::gui::logview::LogViewer;
namespace t = amtdiag::gui::test;

namespace {

// Ten CCM records: errors at 3, 7 (type 3), a warning at 5; components A/B; threads 10/20;
// one second apart from 01-14-2009 13:43:10 local, bias +480 (UTC 21:43:10).
QByteArray ccm_log() {
    QByteArray out;
    for (int i = 1; i <= 10; ++i) {
        const int type = (i == 3 || i == 7) ? 3 : i == 5 ? 2 : 1;
        const char* component = i % 2 == 0 ? "COMP_B" : "COMP_A";
        const int thread = i <= 5 ? 10 : 20;
        QByteArray message = "record " + QByteArray::number(i);
        if (i == 7) message += " failed with 0x80090325";
        if (i == 4) message += " Needle here";
        out += "<![LOG[" + message +
               "]LOG]!><time=\"13:43:" + QByteArray::number(10 + i).rightJustified(2, '0') +
               ".000+480\" date=\"01-14-2009\" component=\"" + component +
               "\" context=\"\" type=\"" + QByteArray::number(type) + "\" thread=\"" +
               QByteArray::number(thread) + "\" file=\"x.cpp:1\">\r\n";
    }
    return out;
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(bytes);
    return path;
}

bool indexed(LogViewer& viewer) {
    return t::wait_until([&] { return !viewer.model()->indexing() && !viewer.model()->merging(); });
}

bool filtered(LogViewer& viewer, const FilterSpec& spec) {
    QSignalSpy spy(&viewer, &LogViewer::filterApplied);
    viewer.applyFilter(spec);
    return spy.count() > 0 || spy.wait(20000);
}

QString cell(const LogModel& m, int row, int column) {
    return m.data(m.index(row, column), Qt::DisplayRole).toString();
}

}  // namespace

class ViewerTests : public QObject {
    Q_OBJECT

  private slots:
    void columnsOfACcmLog() {
        QTemporaryDir dir;
        LogViewer viewer;
        viewer.openFiles({write(dir, "a.log", ccm_log())});
        QVERIFY(indexed(viewer));
        const LogModel& m = *viewer.model();
        QCOMPARE(m.rowCount(), 10);
        QCOMPARE(cell(m, 0, LogModel::kText), QStringLiteral("record 1"));
        QCOMPARE(cell(m, 1, LogModel::kComponent), QStringLiteral("COMP_B"));
        QCOMPARE(cell(m, 0, LogModel::kLocalTime), QStringLiteral("2009-01-14 13:43:11.000 +480"));
        QCOMPARE(cell(m, 0, LogModel::kUtcTime), QStringLiteral("2009-01-14 21:43:11.000Z"));
        QCOMPARE(cell(m, 0, LogModel::kThread), QStringLiteral("10 (0xA)"));
        // CMTrace colours: red errors, yellow warnings, none for information.
        const QColor error = m.data(m.index(2, 0), Qt::BackgroundRole).value<QColor>();
        const QColor warning = m.data(m.index(4, 0), Qt::BackgroundRole).value<QColor>();
        QVERIFY(error.red() > 200 && error.green() < 180);
        QVERIFY(warning.red() > 200 && warning.green() > 200 && warning.blue() < 180);
        QVERIFY(!m.data(m.index(0, 0), Qt::BackgroundRole).isValid());
        QCOMPARE(m.data(m.index(9, 0), LogModel::LineRole).toULongLong(), 10ULL);
    }

    void filtersByTextSeverityComponentThreadAndTime() {
        QTemporaryDir dir;
        LogViewer viewer;
        viewer.openFiles({write(dir, "a.log", ccm_log())});
        QVERIFY(indexed(viewer));
        const LogModel& m = *viewer.model();
        FilterSpec text;
        text.text = QStringLiteral("needle");  // case-insensitive, message only
        QVERIFY(filtered(viewer, text));
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(cell(m, 0, LogModel::kText), QStringLiteral("record 4 Needle here"));
        FilterSpec not_attributes;
        not_attributes.text = QStringLiteral("COMP_A");  // only in the attributes: no match
        QVERIFY(filtered(viewer, not_attributes));
        QCOMPARE(m.rowCount(), 0);
        FilterSpec errors;
        errors.min_severity = 3;
        QVERIFY(filtered(viewer, errors));
        QCOMPARE(m.rowCount(), 2);
        FilterSpec warnings;
        warnings.min_severity = 2;
        QVERIFY(filtered(viewer, warnings));
        QCOMPARE(m.rowCount(), 3);
        FilterSpec component;
        component.component = QStringLiteral("comp_b");
        QVERIFY(filtered(viewer, component));
        QCOMPARE(m.rowCount(), 5);
        FilterSpec thread_and_component = component;
        thread_and_component.thread = 20;
        QVERIFY(filtered(viewer, thread_and_component));
        QCOMPARE(m.rowCount(), 3);  // records 6, 8, 10
        FilterSpec time;
        // UTC 21:43:12 to 21:43:14 inclusive: records 2, 3, 4.
        time.from_ms =
            QDateTime(QDate(2009, 1, 14), QTime(21, 43, 12), Qt::UTC).toMSecsSinceEpoch();
        time.to_ms = QDateTime(QDate(2009, 1, 14), QTime(21, 43, 14), Qt::UTC).toMSecsSinceEpoch();
        QVERIFY(filtered(viewer, time));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(cell(m, 0, LogModel::kText), QStringLiteral("record 2"));
        QVERIFY(filtered(viewer, FilterSpec{}));
        QCOMPARE(m.rowCount(), 10);

        // The same through the fields and the Filter button, as a user does it.
        viewer.findChild<QLineEdit*>(QStringLiteral("filterText"))
            ->setText(QStringLiteral("RECORD 1"));
        QSignalSpy spy(&viewer, &LogViewer::filterApplied);
        QTest::mouseClick(viewer.findChild<QPushButton*>(QStringLiteral("applyFilter")),
                          Qt::LeftButton);
        QVERIFY(spy.count() > 0 || spy.wait(20000));
        QCOMPARE(m.rowCount(), 2);  // record 1 and record 10
    }

    void findAndNextError() {
        QTemporaryDir dir;
        LogViewer viewer;
        viewer.openFiles({write(dir, "a.log", ccm_log())});
        QVERIFY(indexed(viewer));
        QCOMPARE(viewer.model()->nextError(-1, true), 2);
        QCOMPARE(viewer.model()->nextError(2, true), 6);
        QCOMPARE(viewer.model()->nextError(6, true), -1);
        QCOMPARE(viewer.model()->nextError(6, false), 2);
        QCOMPARE(viewer.model()->find(QStringLiteral("NEEDLE"), -1, true), 3);
        QCOMPARE(viewer.model()->find(QStringLiteral("needle"), 3, true), -1);
        viewer.show();  // shortcuts work in a shown, active window
        viewer.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&viewer));
        viewer.table()->setFocus();
        QTest::keyClick(viewer.table(), Qt::Key_F8);
        QCOMPARE(viewer.currentRow(), 2);
        QTest::keyClick(viewer.table(), Qt::Key_F8);
        QCOMPARE(viewer.currentRow(), 6);
        QTest::keyClick(viewer.table(), Qt::Key_F8, Qt::ShiftModifier);
        QCOMPARE(viewer.currentRow(), 2);
    }

    void selectionSurvivesAFilter() {
        QTemporaryDir dir;
        LogViewer viewer;
        viewer.openFiles({write(dir, "a.log", ccm_log())});
        QVERIFY(indexed(viewer));
        viewer.table()->setCurrentIndex(viewer.model()->index(4, 0));  // record 5, a warning
        FilterSpec warnings;
        warnings.min_severity = 2;  // records 3, 5, 7
        QVERIFY(filtered(viewer, warnings));
        QCOMPARE(viewer.currentRow(), 1);
        QCOMPARE(viewer.model()->message(viewer.currentRow()), QStringLiteral("record 5"));
        QVERIFY(filtered(viewer, FilterSpec{}));
        QCOMPARE(viewer.currentRow(), 4);
    }

    void readsUtf16Logs() {
        LogViewer viewer;
        viewer.openFiles({QStringLiteral("samples/cert-template/AMTOPMGR.LOG")});
        QVERIFY(indexed(viewer));
        const LogModel& m = *viewer.model();
        QVERIFY(m.rowCount() >= 80);
        QCOMPARE(cell(m, 0, LogModel::kText),
                 QStringLiteral("Waiting for incoming hello message from AMT devices..."));
        QCOMPARE(cell(m, 0, LogModel::kComponent), QStringLiteral("SMS_AMT_OPERATION_MANAGER"));
        FilterSpec retry;
        retry.text = QStringLiteral("retry(");
        QVERIFY(filtered(viewer, retry));
        QCOMPARE(m.rowCount(), 12);
        for (int row = 0; row < m.rowCount(); ++row)
            QVERIFY(cell(m, row, LogModel::kText)
                        .contains(QStringLiteral("RETRY("), Qt::CaseSensitive));
    }

    void mergesLogsIntoOneTimeline() {
        QTemporaryDir dir;
        // The second log: three records between the first log's records 2 and 3 (UTC).
        QByteArray other;
        for (int i = 0; i < 3; ++i)
            other += "other " + QByteArray::number(i) + "  $$<OTHER_COMP><01-14-2009 21:43:12." +
                     QByteArray::number(100 + i) + "+000><thread=5 (0x5)>\r\n";
        LogViewer viewer;
        viewer.openFiles({write(dir, "a.log", ccm_log()), write(dir, "b.log", other)});
        QVERIFY(indexed(viewer));
        const LogModel& m = *viewer.model();
        QCOMPARE(m.rowCount(), 13);
        QCOMPARE(cell(m, 1, LogModel::kText), QStringLiteral("record 2"));
        QCOMPARE(cell(m, 2, LogModel::kText), QStringLiteral("other 0"));
        QCOMPARE(cell(m, 4, LogModel::kText), QStringLiteral("other 2"));
        QCOMPARE(cell(m, 5, LogModel::kText), QStringLiteral("record 3"));
        QCOMPARE(cell(m, 2, LogModel::kSource), QStringLiteral("b.log"));
        QVERIFY(!viewer.table()->isColumnHidden(LogModel::kSource));
        const QColor a = m.data(m.index(1, LogModel::kSource), Qt::DecorationRole).value<QColor>();
        const QColor b = m.data(m.index(2, LogModel::kSource), Qt::DecorationRole).value<QColor>();
        QVERIFY(a.isValid() && b.isValid() && a != b);
        // Opening at a line of the second log finds its row in the merged timeline.
        viewer.showLine(dir.filePath("b.log"), 2);
        QCOMPARE(viewer.currentRow(), 3);
    }

    void filterWhileStillReading() {
        // 200,000 records (about 30 MB): the filter is set while the index is still being
        // built, so the pass covers part of the log and the rest is filtered as it arrives.
        QTemporaryDir dir;
        QByteArray log;
        log.reserve(32 * 1024 * 1024);
        for (int i = 0; i < 200000; ++i) {
            log += "<![LOG[step " + QByteArray::number(i) + (i % 10 == 0 ? " NEEDLE" : "") +
                   " of a long provisioning log with some text to search through]LOG]!>"
                   "<time=\"13:43:10.000+480\" date=\"01-14-2009\" component=\"C\" "
                   "context=\"\" type=\"" +
                   (i % 7 == 0 ? "3" : "1") + "\" thread=\"1\" file=\"\">\r\n";
        }
        LogViewer viewer;
        viewer.openFiles({write(dir, "big.log", log)});
        FilterSpec spec;
        spec.text = QStringLiteral("needle");
        viewer.applyFilter(spec);
        QVERIFY(t::wait_until(
            [&] { return !viewer.model()->indexing() && !viewer.model()->filtering(); }, 60000));
        QCOMPARE(viewer.model()->rowCount(), 20000);
        for (const int row : {0, 1, 9999, 19999})
            QVERIFY(viewer.model()->message(row).contains(QStringLiteral("NEEDLE")));
        QCOMPARE(viewer.model()->message(19999), QStringLiteral("step 199990 NEEDLE of a long "
                                                                "provisioning log with some text "
                                                                "to search through"));
        FilterSpec errors = spec;
        errors.min_severity = 3;  // every 70th record: needle and error
        QVERIFY(filtered(viewer, errors));
        QCOMPARE(viewer.model()->rowCount(), 2858);
        QVERIFY(filtered(viewer, FilterSpec{}));
        QCOMPARE(viewer.model()->rowCount(), 200000);
    }

    void errorCodeTooltip() {
        QTemporaryDir dir;
        LogViewer viewer;
        viewer.setErrorCodes(&t::rules()->error_codes);
        viewer.openFiles({write(dir, "a.log", ccm_log())});
        QVERIFY(indexed(viewer));
        const QString tip = viewer.model()
                                ->data(viewer.model()->index(6, LogModel::kText), Qt::ToolTipRole)
                                .toString();
        QVERIFY2(tip.contains(QStringLiteral("0x80090325")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("SEC_E_UNTRUSTED_ROOT")), qPrintable(tip));
    }
};

QTEST_MAIN(ViewerTests)
#include "viewer_tests.moc"
