#pragma once
// SIGINT and SIGTERM as a file descriptor the collectors poll beside their sockets, so Ctrl-C
// ends a capture or a listen cleanly (the record is written, the capture flushed) without a
// global flag or a handler. The signals are blocked while an instance lives and the previous
// mask comes back when it goes; a command owns one for its run.
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
    UniqueFd fd_;
    bool stopped_ = false;
};

}  // namespace amtdiag::collect
