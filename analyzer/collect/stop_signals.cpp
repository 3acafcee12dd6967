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
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGINT, &dfl, &previous_int_);
    sigaction(SIGTERM, &dfl, &previous_term_);
    fd_.reset(signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
}

StopSignals::~StopSignals() {
    // Consume what is pending before the default action could apply to it.
    stopped();
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
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
