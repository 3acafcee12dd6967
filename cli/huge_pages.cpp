#include "cli/huge_pages.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

namespace amtdiag::cli {

namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb";

// The kernel's mode, the bracketed word of "always [madvise] never".
std::string kernel_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(in, modes);
    const auto open = modes.find('['), close = modes.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    return modes.substr(open + 1, close - open - 1);
}

bool huge_pages_on_request() {
    return kernel_mode() == "madvise";
}

}  // namespace

void reexec_with_huge_pages(char** argv) {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const std::string current = tunables != nullptr ? tunables : "";
    if (current.find(kTunable) != std::string::npos || !huge_pages_on_request()) return;
    const std::string value = (current.empty() ? std::string() : current + ":") + kTunable + "=1";
    if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // Still here: run as we are, and leave the environment as it was for child processes.
    if (tunables != nullptr)
        ::setenv("GLIBC_TUNABLES", current.c_str(), 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
}

std::string heap_pages() {
    const std::string mode = kernel_mode();
    if (mode == "always") return "transparent huge pages (kernel: always)";
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const std::string asked = std::string(kTunable) + "=1";
    if (mode == "madvise" && tunables != nullptr &&
        std::string(tunables).find(asked) != std::string::npos)
        return "transparent huge pages (" + asked + ")";
    return "4 KiB pages";
}

}  // namespace amtdiag::cli
