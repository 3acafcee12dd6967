#include "analyzer/collect/stop_signals.h"

#include <sys/signalfd.h>
#include <unistd.h>

namespace amtdiag::collect {

StopSignals::StopSignals() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &mask, &previous_);
    fd_.reset(signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
}

StopSignals::~StopSignals() {
    fd_.reset();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

bool StopSignals::stopped() {
    if (stopped_ || !fd_) return stopped_;
    signalfd_siginfo info{};
    while (read(fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info))
        stopped_ = true;
    return stopped_;
}

}  // namespace amtdiag::collect
