#pragma once
// Turns the readers' block counts into AnalyzeProgress calls, and a "stop" answer into
// AnalysisCancelled. Counts are exact at every file boundary whatever a reader reports inside
// a file (readers that do not stream report nothing until their file is done).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "analyzer/analyze.h"

namespace amtdiag {

class ProgressTracker {
  public:
    explicit ProgressTracker(const std::function<bool(const AnalyzeProgress&)>& callback)
        : callback_(callback) {}

    void add_file(uint64_t size) {
        state_.bytes_total += size;
        ++state_.files_total;
    }
    void begin_unit(std::string name) {
        unit_start_ = state_.bytes_done;
        state_.current = std::move(name);
        report();
    }
    // A streaming reader consumed `n` more bytes of the current unit.
    void consumed(uint64_t n) {
        state_.bytes_done = std::min(state_.bytes_done + n, state_.bytes_total);
        report();
    }
    // The unit is read: its files count fully, however much the reader reported (a file may
    // grow or shrink while it is read, and .lo_ pairs are read as one).
    void end_unit(uint64_t unit_bytes, size_t files) {
        state_.bytes_done = std::min(unit_start_ + unit_bytes, state_.bytes_total);
        state_.files_done += files;
    }
    void finished() {
        state_.bytes_done = state_.bytes_total;
        state_.current.clear();
        report();
    }

  private:
    void report() const {
        if (callback_ && !callback_(state_)) throw AnalysisCancelled();
    }

    const std::function<bool(const AnalyzeProgress&)>& callback_;
    AnalyzeProgress state_;
    uint64_t unit_start_ = 0;
};

}  // namespace amtdiag
