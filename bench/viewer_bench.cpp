// Log viewer benchmark: how soon the first rows of a large log can be drawn, how long the
// whole index takes, and how long a filter over the whole file takes (text, then severity).
// A harness that prints figures (bench/viewer.sh runs it on a generated 1 GiB log), not a
// test with a threshold: machines differ.
//
//   amtdiag_viewer_bench [--text TEXT] FILE...   (TEXT: the text filter, default "0x80";
//   several files: one merged timeline, the merge timed too)
#include <sys/resource.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "gui/logview/log_model.h"

namespace {

using amtdiag::gui::logview::FilterSpec;
using amtdiag::gui::logview::LogModel;

// CPU time of the process (all threads), so figures can be read on a busy machine too: wall
// time there says more about the neighbours than about the viewer.
double cpu_ms() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0;
    };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

long status_kib(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == field) {
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

struct Timed {
    qint64 wall_ms = 0;
    double cpu_ms = 0;
    int rows = 0;
    qint64 stall_ms = 0;
};

qint64* g_longest_stall = nullptr;  // the phase's longest event-loop stall (main's timer)

Timed timed_filter(LogModel& model, const FilterSpec& spec) {
    Timed t;
    *g_longest_stall = 0;
    bool done = false;
    const auto connection =
        QObject::connect(&model, &LogModel::filterFinished, &model, [&](qint64, int n) {
            done = true;
            t.rows = n;
        });
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = cpu_ms();
    model.setFilter(spec);
    spin([&] { return done; });
    t.wall_ms = wall.elapsed();
    t.cpu_ms = cpu_ms() - cpu0;
    t.stall_ms = *g_longest_stall;
    QObject::disconnect(connection);
    return t;
}

void print(const std::string& what, const Timed& t) {
    std::printf("%-24s %6lld ms wall, %6.0f ms CPU, %d rows; longest stall %lld ms\n", what.c_str(),
                static_cast<long long>(t.wall_ms), t.cpu_ms, t.rows,
                static_cast<long long>(t.stall_ms));
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QStringList files;
    QString needle = QStringLiteral("0x80");
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--text" && i + 1 < argc)
            needle = QString::fromLocal8Bit(argv[++i]);
        else
            files << QString::fromLocal8Bit(argv[i]);
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: amtdiag_viewer_bench [--text TEXT] FILE...\n");
        return 2;
    }
    double mib = 0;
    for (const QString& f : files)
        mib += static_cast<double>(QFileInfo(f).size()) / (1024.0 * 1024.0);
    const QString path = files.join(QStringLiteral(" + "));
    LogModel model;
    // How long the event loop (the GUI thread in the program) is kept from running: a 5 ms
    // timer notes the longest gap between its ticks while the index and the filters run.
    QElapsedTimer tick_clock;
    tick_clock.start();
    qint64 last_tick = 0, longest_stall = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = tick_clock.elapsed();
        longest_stall = std::max(longest_stall, now - last_tick);
        last_tick = now;
    });
    ticker.start(5);
    g_longest_stall = &longest_stall;
    QElapsedTimer clock;
    clock.start();
    QString error;
    for (const QString& f : files)
        if (!model.addFile(f, &error)) {
            std::fprintf(stderr, "amtdiag_viewer_bench: %s: %s\n", qPrintable(f),
                         qPrintable(error));
            return 1;
        }
    // First screen: 50 rows with their text read back from the file, as the table draws them.
    spin([&] { return model.rowCount() >= 50 || !model.indexing(); });
    for (int row = 0; row < std::min(50, model.rowCount()); ++row)
        for (int column = 0; column < model.columnCount(); ++column)
            (void)model.data(model.index(row, column), Qt::DisplayRole);
    const qint64 first_rows = clock.elapsed();
    const double first_rows_cpu = cpu_ms();
    spin([&] { return !model.indexing(); });
    const qint64 indexed = clock.elapsed();
    const double indexed_cpu = cpu_ms();
    const qint64 index_stall = longest_stall;
    longest_stall = 0;
    spin([&] { return !model.merging(); });
    const qint64 merged = clock.elapsed();
    const qint64 merge_stall = longest_stall;
    const int rows = model.rowCount();
    const long anon_after_index = status_kib("RssAnon:");

    FilterSpec text;
    text.text = needle;
    const Timed by_text = timed_filter(model, text);
    FilterSpec errors;
    errors.min_severity = 3;
    const Timed by_severity = timed_filter(model, errors);
    FilterSpec all = text;
    all.component = QStringLiteral("SMS_AMT");
    all.min_severity = 2;
    const Timed by_all = timed_filter(model, all);

    std::printf("file                     %s (%.1f MiB)\n", qPrintable(path), mib);
    std::printf("cores                    %d\n", QThread::idealThreadCount());
    std::printf("first 50 rows drawn      %6lld ms wall, %6.0f ms CPU\n",
                static_cast<long long>(first_rows), first_rows_cpu);
    std::printf("whole index              %6lld ms wall, %6.0f ms CPU, %d records (%.0f MiB/s)\n",
                static_cast<long long>(indexed), indexed_cpu, rows,
                mib / (static_cast<double>(indexed) / 1000.0));
    print("filter text \"" + needle.toStdString() + "\"", by_text);
    print("filter errors only", by_severity);
    print("filter text+comp+sev", by_all);
    std::printf("longest event-loop stall %lld ms while indexing (a 5 ms timer)\n",
                static_cast<long long>(index_stall));
    if (files.size() > 1)
        std::printf("merged timeline          %6lld ms after the index; longest stall %lld ms\n",
                    static_cast<long long>(merged - indexed), static_cast<long long>(merge_stall));
    std::printf(
        "memory                   %.0f MiB anonymous after indexing (%zu bytes a record); "
        "peak RSS %.0f MiB with the mapped file's pages\n",
        static_cast<double>(anon_after_index) / 1024.0, sizeof(amtdiag::gui::logview::RecordEntry),
        static_cast<double>(status_kib("VmHWM:")) / 1024.0);
    return 0;
}
