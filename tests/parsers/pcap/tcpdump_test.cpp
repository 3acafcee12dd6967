// Every capture the project ships opens in tcpdump (the reference reader, libpcap underneath).
// Two fixtures are damaged on purpose or beyond libpcap 1.10, and tcpdump must fail on them
// exactly as expected: the truncated capture after its whole packets, and the pcapng whose
// second interface has another link type (libpcap stops there; our reader does not).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace amtdiag::testing {
namespace {

struct CommandResult {
    int status = -1;
    std::string output;
};

CommandResult run(const std::string& command) {
    CommandResult r;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
    if (!pipe) return r;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0) r.output.append(buffer, n);
    r.status = pclose(pipe.release());
    return r;
}

std::string tcpdump() {
    for (const char* p : {"/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/sbin/tcpdump"})
        if (std::filesystem::exists(p)) return p;
    return {};
}

TEST(Tcpdump, OpensEveryShippedCapture) {
    const std::string bin = tcpdump();
    if (bin.empty())
        GTEST_SKIP() << "tcpdump is not installed (scripts/install-deps.sh installs it)";
    // The fixtures tcpdump cannot read to the end, and what it must say.
    const std::map<std::string, std::string> expected_failures = {
        {"truncated.pcap", "truncated dump file"},
        {"two-interfaces.pcapng", "different from the type of the first interface"},
    };
    size_t checked = 0;
    for (const auto& e : std::filesystem::directory_iterator("fixtures")) {
        const std::string name = e.path().filename().string();
        const CommandResult r = run(bin + " -nn -r '" + e.path().string() + "'");
        ++checked;
        auto it = expected_failures.find(name);
        if (it == expected_failures.end()) {
            EXPECT_EQ(r.status, 0) << name << ":\n" << r.output;
            continue;
        }
        EXPECT_NE(r.status, 0) << name;
        EXPECT_NE(r.output.find(it->second), std::string::npos) << name << ":\n" << r.output;
        // It still opened the file (libpcap reads every interface description before the
        // first packet of the two-interface capture, so only the truncated one shows packets).
        EXPECT_NE(r.output.find("reading from file"), std::string::npos) << name;
        if (name == "truncated.pcap") {
            EXPECT_NE(r.output.find(" IP "), std::string::npos);
        }
    }
    EXPECT_GE(checked, 13u);
}

}  // namespace
}  // namespace amtdiag::testing
