#pragma once
// SIGINT and SIGTERM as a file descriptor the collectors poll beside their sockets, so Ctrl-C
// ends a capture or a listen cleanly (the record is written, the capture flushed) without a
// global flag or a handler. The signals are blocked while an instance lives and the previous
// mask comes back when it goes; a command owns one for its run. An ignored signal is never
// delivered, not even to a signalfd, and shells start background jobs with SIGINT ignored:
// the dispositions are set to default while blocked (so they arrive here) and restored after.
#include <signal.h>

#include "analyzer/collect/unique_fd.h"

namespace amtdiag::collect {

class StopSignals {
  public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    int fd() const { return fd_.get(); }
    // True once SIGINT or SIGTERM arrived (reads the pending signal, never blocks).
    bool stopped();

  private:
    sigset_t previous_{};
    struct sigaction previous_int_ {};
    struct sigaction previous_term_ {};
    UniqueFd fd_;
    bool stopped_ = false;
};

}  // namespace amtdiag::collect
