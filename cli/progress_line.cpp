#include "cli/progress_line.h"

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "analyzer/report/safe_text.h"

namespace amtdiag::cli {

namespace {

constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
constexpr size_t kNameColumns = 40;

std::string tail_of(const std::string& name) {
    // The end of a path says most (the file name); control characters never reach the TTY.
    std::string safe = report::safe_text(name);
    if (safe.size() <= kNameColumns) return safe;
    return "..." + safe.substr(safe.size() - (kNameColumns - 3));
}

}  // namespace

bool ProgressLine::wanted(bool disabled_by_user) {
    return !disabled_by_user && isatty(STDERR_FILENO) != 0;
}

std::string human_bytes(uint64_t bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

bool ProgressLine::update(const AnalyzeProgress& p) {
    const Clock::time_point now = Clock::now();
    if (now - start_ < kQuietStart || now - last_draw_ < kRedrawEvery) return true;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = static_cast<double>(p.bytes_done) / seconds;  // bytes per second
    char line[160];
    int n =
        std::snprintf(line, sizeof line, "\r%s / %s  %.0f MB/s", human_bytes(p.bytes_done).c_str(),
                      human_bytes(p.bytes_total).c_str(), rate / 1e6);
    std::string text(line, static_cast<size_t>(std::max(n, 0)));
    if (rate > 0 && p.bytes_total > p.bytes_done) {
        const double eta = static_cast<double>(p.bytes_total - p.bytes_done) / rate;
        std::snprintf(line, sizeof line, "  ETA %.0f s", eta);
        text += line;
    }
    text += "  " + std::to_string(p.files_done) + "/" + std::to_string(p.files_total) + " files";
    if (!p.current.empty()) text += "  " + tail_of(p.current);
    text += "\033[K";  // erase what a longer previous line left
    std::cerr << text << std::flush;
    drawn_ = true;
    return true;
}

void ProgressLine::clear() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
}

}  // namespace amtdiag::cli
