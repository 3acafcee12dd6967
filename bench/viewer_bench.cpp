// Log viewer benchmark: how soon the first rows of a large log can be drawn, how long the
// whole index takes, and how long a filter over the whole file takes (text, then severity).
// A harness that prints figures (bench/viewer.sh runs it on a generated 1 GiB log), not a
// test with a threshold: machines differ.
//
//   amtdiag_viewer_bench FILE [TEXT]   (TEXT: the text filter, default "0x80")
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimer>
#include <cstdio>
#include <fstream>
#include <string>

#include "gui/logview/log_model.h"

namespace {

long peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == "VmHWM:") {
            status >> value;
            return value;
        }
        status.ignore(1 << 20, '\n');
    }
    return 0;
}

template <class Done>
void spin(Done&& done) {
    while (!done()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: amtdiag_viewer_bench FILE [TEXT]\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const QString needle = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("0x80");
    const double mib = static_cast<double>(QFileInfo(path).size()) / (1024.0 * 1024.0);
    amtdiag::gui::logview::LogModel model;
    QElapsedTimer clock;
    clock.start();
    QString error;
    if (!model.addFile(path, &error)) {
        std::fprintf(stderr, "amtdiag_viewer_bench: %s\n", qPrintable(error));
        return 1;
    }
    // First screen: 50 rows with their text read back from the file, as the table draws them.
    spin([&] { return model.rowCount() >= 50 || !model.indexing(); });
    for (int row = 0; row < std::min(50, model.rowCount()); ++row)
        for (int column = 0; column < model.columnCount(); ++column)
            (void)model.data(model.index(row, column), Qt::DisplayRole);
    const qint64 first_rows = clock.elapsed();
    spin([&] { return !model.indexing(); });
    const qint64 indexed = clock.elapsed();
    const int rows = model.rowCount();

    auto timed_filter = [&](const amtdiag::gui::logview::FilterSpec& spec) {
        bool done = false;
        int matched = 0;
        QObject::connect(&model, &amtdiag::gui::logview::LogModel::filterFinished, &model,
                         [&](qint64, int n) {
                             done = true;
                             matched = n;
                         });
        QElapsedTimer t;
        t.start();
        model.setFilter(spec);
        spin([&] { return done; });
        QObject::disconnect(&model, &amtdiag::gui::logview::LogModel::filterFinished, nullptr,
                            nullptr);
        return std::make_pair(t.elapsed(), matched);
    };
    amtdiag::gui::logview::FilterSpec text;
    text.text = needle;
    const auto [text_ms, text_rows] = timed_filter(text);
    amtdiag::gui::logview::FilterSpec errors;
    errors.min_severity = 3;
    const auto [error_ms, error_rows] = timed_filter(errors);
    amtdiag::gui::logview::FilterSpec both = text;
    both.component = QStringLiteral("SMS_AMT");
    both.min_severity = 2;
    const auto [both_ms, both_rows] = timed_filter(both);

    std::printf("file                 %s (%.1f MiB)\n", qPrintable(path), mib);
    std::printf("first 50 rows drawn  %lld ms\n", static_cast<long long>(first_rows));
    std::printf("whole index          %lld ms (%d records, %.0f MiB/s)\n",
                static_cast<long long>(indexed), rows,
                mib / (static_cast<double>(indexed) / 1000.0));
    std::printf("filter text \"%s\"    %lld ms (%d rows)\n", qPrintable(needle),
                static_cast<long long>(text_ms), text_rows);
    std::printf("filter errors only   %lld ms (%d rows)\n", static_cast<long long>(error_ms),
                error_rows);
    std::printf("filter text+comp+sev %lld ms (%d rows)\n", static_cast<long long>(both_ms),
                both_rows);
    std::printf("peak RSS             %.0f MiB (index %zu bytes a record)\n",
                static_cast<double>(peak_rss_kib()) / 1024.0,
                sizeof(amtdiag::gui::logview::RecordEntry));
    return 0;
}
