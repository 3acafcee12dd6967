#include "analyzer/phase_clock.h"

#include <sys/resource.h>

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
                     usage.cpu_seconds - cpu_, usage.peak_rss_mb});
    wall_ = wall;
    cpu_ = usage.cpu_seconds;
}

}  // namespace amtdiag
