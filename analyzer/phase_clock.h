#pragma once
// Where a run's time and memory go, phase by phase (`amtdiag check --timings`): wall time,
// CPU time of every thread, the peak resident size reached by the end of the phase, and
// the heap in use and resident size at its end. The
// benchmark and the performance notes quote these; nothing is measured unless asked.
#include <chrono>
#include <string>
#include <vector>

namespace amtdiag {

struct PhaseTiming {
    std::string name;
    double wall_seconds = 0;
    double cpu_seconds = 0;
    double peak_rss_mb = 0;  // the process's peak so far, at the end of the phase
    // At the end of the phase: what the heap holds for the program (malloc's in-use bytes)
    // and what is resident. Their gap is memory freed but not given back to the system.
    double heap_in_use_mb = 0;
    double rss_mb = 0;
};

class PhaseClock {
  public:
    // `out` null: every call is a no-op.
    explicit PhaseClock(std::vector<PhaseTiming>* out);
    // Ends the phase running since the last lap (or construction) under `name`.
    void lap(const char* name);

  private:
    std::vector<PhaseTiming>* out_;
    std::chrono::steady_clock::time_point wall_;
    double cpu_ = 0;
};

}  // namespace amtdiag
