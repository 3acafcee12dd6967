#pragma once
// A child process a test starts (amtdiag, dnsmasq, ip netns exec ...), ended and reaped when
// the test is done, whatever happens: no stray servers between tests.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace amtdiag::testing {

class ChildProcess {
  public:
    // Starts argv[0] (searched in PATH) with stderr (and stdout) to a pipe read by err_line().
    explicit ChildProcess(const std::vector<std::string>& argv) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], 1);
            dup2(fds[1], 2);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            execvp(args[0], args.data());
            _exit(127);
        }
        close(fds[1]);
        out_ = fds[0];
    }
    ~ChildProcess() {
        stop(SIGKILL);
        if (out_ >= 0) close(out_);
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running() {
        if (pid_ <= 0 || exited_) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return false;
        }
        return true;
    }
    // Sends `sig` and waits for the exit; the exit code (-1 for a signal death).
    int stop(int sig = SIGTERM) {
        if (pid_ <= 0) return -1;
        if (!exited_) {
            kill(pid_, sig);
            int status = 0;
            waitpid(pid_, &status, 0);
            exited_ = true;
            code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        return code_;
    }
    int wait() {
        if (pid_ > 0 && !exited_) {
            int status = 0;
            waitpid(pid_, &status, 0);
            exited_ = true;
            code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        return code_;
    }
    // Output read so far plus what arrives within `ms`, until `want` appears.
    const std::string& read_until(const std::string& want, int ms) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (output_.find(want) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  end - std::chrono::steady_clock::now())
                                  .count();
            if (!drain(static_cast<int>(std::max<long>(0, std::min<long>(left, 50)))) && left <= 0)
                break;
        }
        return output_;
    }
    // Everything written so far (after an exit: everything).
    const std::string& output() {
        while (drain(0)) {
        }
        return output_;
    }

  private:
    // Reads what is there (waiting up to `ms`); false when nothing came.
    bool drain(int ms) {
        if (out_ < 0) return false;
        pollfd p{out_, POLLIN, 0};
        if (poll(&p, 1, ms) <= 0) return false;
        char buf[4096];
        const ssize_t n = read(out_, buf, sizeof buf);
        if (n <= 0) return false;
        output_.append(buf, static_cast<size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    bool exited_ = false;
    int code_ = -1;
    std::string output_;
};

}  // namespace amtdiag::testing
