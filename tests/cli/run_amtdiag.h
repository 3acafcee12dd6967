#pragma once
// Runs the amtdiag binary as a user would, capturing what it prints and its exit code.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace amtdiag::testing {

struct RunResult {
    int code = -1;
    std::string out;  // stdout and stderr together
};

inline RunResult run(const std::string& args, const std::string& env = "NO_COLOR=1") {
    const std::string command = env + " " + AMTDIAG_BIN + " " + args + " 2>&1";
    RunResult r;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace amtdiag::testing
