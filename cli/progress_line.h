#pragma once
// The progress line long runs show on a terminal: bytes read, MB/s, ETA and the file, on
// stderr only, only when stderr is a terminal, and only once a run has taken half a second
// (short runs print nothing extra). Reports on stdout are never touched.
#include <chrono>
#include <cstdint>
#include <string>

#include "analyzer/analyze.h"

namespace amtdiag::cli {

class ProgressLine {
  public:
    // Whether a progress line belongs on this stderr (a TTY) unless the user said no.
    static bool wanted(bool disabled_by_user);

    // Callback for AnalyzeOptions::progress; never cancels.
    bool update(const AnalyzeProgress& p);
    // Erases the line (call once the analysis returned or threw).
    void clear();

  private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point start_ = Clock::now();
    Clock::time_point last_draw_{};
    bool drawn_ = false;
};

// "312.4 MiB" style sizes, shared by the line and its tests.
std::string human_bytes(uint64_t bytes);

}  // namespace amtdiag::cli
