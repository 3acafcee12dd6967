#include "cli/heap_tunables.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace amtdiag::cli {

namespace {

constexpr std::string_view kHugePages = "glibc.malloc.hugetlb";
constexpr std::string_view kThreadCache = "glibc.malloc.tcache_count";
constexpr std::string_view kThreadCacheChunks = "256";

// The kernel's mode, the bracketed word of "always [madvise] never".
std::string kernel_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(in, modes);
    const auto open = modes.find('['), close = modes.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    return modes.substr(open + 1, close - open - 1);
}

std::string current_tunables() {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    return tunables != nullptr ? tunables : "";
}

// The value `name` has in a GLIBC_TUNABLES string ("a=1:b=2"), or "" when it is not there.
std::string_view setting(std::string_view tunables, std::string_view name) {
    size_t at = 0;
    while ((at = tunables.find(name, at)) != std::string_view::npos) {
        const size_t value = at + name.size();
        if ((at == 0 || tunables[at - 1] == ':') && value < tunables.size() &&
            tunables[value] == '=') {
            const size_t end = tunables.find(':', value);
            return tunables.substr(value + 1, end == std::string_view::npos ? std::string_view::npos
                                                                            : end - value - 1);
        }
        at = value;
    }
    return {};
}

// Under valgrind /proc/self/exe is valgrind's tool, which refuses to be run directly: the
// re-executed run would end at once. Valgrind preloads its vgpreload libraries.
bool under_valgrind() {
    const char* preload = std::getenv("LD_PRELOAD");
    return preload != nullptr &&
           std::string_view(preload).find("vgpreload") != std::string_view::npos;
}

uint64_t regular_file_size(const std::filesystem::directory_entry& entry) {
    std::error_code error;
    if (!entry.is_regular_file(error)) return 0;
    const auto size = entry.file_size(error);
    return error ? 0 : static_cast<uint64_t>(size);
}

}  // namespace

bool inputs_hold_at_least(const std::vector<std::string>& names, uint64_t bytes) {
    namespace fs = std::filesystem;
    uint64_t total = 0;
    for (const std::string& name : names) {
        if (name == "-") return true;
        std::error_code error;
        const fs::directory_entry named(fs::path(name), error);
        if (error) continue;
        if (named.is_directory(error)) {
            for (fs::directory_iterator it(named.path(), error), end; !error && it != end;
                 it.increment(error)) {
                total += regular_file_size(*it);
                if (total >= bytes) return true;
            }
        } else {
            total += regular_file_size(named);
        }
        if (total >= bytes) return true;
    }
    return false;
}

void reexec_with_heap_tunables(char** argv, const std::vector<std::string>& inputs,
                               bool one_thread) {
    const bool had_tunables = std::getenv("GLIBC_TUNABLES") != nullptr;
    const std::string before = current_tunables();
    std::string after = before;
    auto add = [&](std::string_view name, std::string_view value) {
        if (!setting(before, name).empty()) return;  // the user's own choice wins
        if (!after.empty()) after += ':';
        after.append(name).append("=").append(value);
    };
    if (one_thread && kernel_mode() == "madvise") add(kHugePages, "1");
    add(kThreadCache, kThreadCacheChunks);
    if (after == before || under_valgrind() || !inputs_hold_at_least(inputs, kLargeInputBytes))
        return;
    if (::setenv("GLIBC_TUNABLES", after.c_str(), 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // Still here: run as we are, and leave the environment as it was for child processes.
    if (had_tunables)
        ::setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
}

std::string heap_description() {
    const std::string mode = kernel_mode();
    const std::string tunables = current_tunables();
    std::string pages = "4 KiB pages";
    if (mode == "always") {
        pages = "transparent huge pages (kernel: always)";
    } else if (mode == "madvise" && setting(tunables, kHugePages) == "1") {
        pages = "transparent huge pages (" + std::string(kHugePages) + "=1)";
    }
    if (const std::string_view chunks = setting(tunables, kThreadCache); !chunks.empty())
        pages.append(", ").append(kThreadCache).append("=").append(chunks);
    return pages;
}

}  // namespace amtdiag::cli
