#include "analyzer/phase_clock.h"

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace amtdiag {

namespace {

struct Usage {
    double cpu_seconds;
    double peak_rss_mb;
};

Usage usage_now() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    // ru_maxrss is in KiB on Linux.
    return {seconds(u.ru_utime) + seconds(u.ru_stime),
            static_cast<double>(u.ru_maxrss) * 1024.0 / 1e6};
}

// Resident size now (the second field of /proc/self/statm, in pages); 0 when unreadable.
double rss_now_mb() {
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (statm == nullptr) return 0;
    unsigned long size = 0, resident = 0;
    const int read = std::fscanf(statm, "%lu %lu", &size, &resident);
    std::fclose(statm);
    if (read != 2) return 0;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

double heap_in_use_mb() {
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd) / 1e6;
}

}  // namespace

PhaseClock::PhaseClock(std::vector<PhaseTiming>* out) : out_(out) {
    if (out_ == nullptr) return;
    wall_ = std::chrono::steady_clock::now();
    cpu_ = usage_now().cpu_seconds;
}

void PhaseClock::lap(const char* name) {
    if (out_ == nullptr) return;
    const auto wall = std::chrono::steady_clock::now();
    const Usage usage = usage_now();
    out_->push_back({name, std::chrono::duration<double>(wall - wall_).count(),
                     usage.cpu_seconds - cpu_, usage.peak_rss_mb, heap_in_use_mb(), rss_now_mb()});
    wall_ = wall;
    cpu_ = usage.cpu_seconds;
}

}  // namespace amtdiag
