// `amtdiag capture` on the loopback interface with libpcap: packets to the filtered ports are
// written to a pcap file tcpdump reads; a missing interface and missing rights are named.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "child_process.h"
#include "test_env.h"

namespace {

using amtdiag::testing::ChildProcess;
using amtdiag::testing::run_shell;
using amtdiag::testing::Scratch;
using amtdiag::testing::slurp;

void send_udp(unsigned port, const std::string& bytes) {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
    close(fd);
}

TEST(Capture, LoopbackTrafficOnTheFilteredPortsIsWritten) {
    Scratch dir;
    const std::string file = dir.file("lo.pcapng");
    ChildProcess cap({AMTDIAG_BIN, "capture", "--interface", "lo", "--seconds", "3", "-o", file});
    cap.read_until("capturing on", 3000);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int i = 0; i < 3; ++i) {
        send_udp(53, "dns-ish");   // DNS: in the filter
        send_udp(40123, "other");  // not in the filter
    }
    EXPECT_EQ(cap.wait(), 0) << cap.output();
    const std::string bytes = slurp(file);
    ASSERT_GE(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(0, 4), std::string("\xD4\xC3\xB2\xA1", 4));  // pcap, little-endian
    const auto read = run_shell("tcpdump -n -r " + file);
    EXPECT_EQ(read.code, 0) << read.out;
    EXPECT_NE(read.out.find(".53:"), std::string::npos) << read.out;
    EXPECT_EQ(read.out.find(".40123:"), std::string::npos) << read.out;
    EXPECT_NE(cap.output().find("packets written"), std::string::npos);
}

TEST(Capture, CtrlCStopsEarlyAndKeepsThePackets) {
    Scratch dir;
    const std::string file = dir.file("stop.pcap");
    ChildProcess cap({AMTDIAG_BIN, "capture", "-i", "lo", "--seconds", "60", "-o", file});
    cap.read_until("capturing on", 3000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    send_udp(53, "x");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(cap.stop(SIGINT), 0) << cap.output();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
    EXPECT_NE(cap.output().find("(stopped)"), std::string::npos) << cap.output();
    EXPECT_EQ(run_shell("tcpdump -n -r " + file).code, 0);
}

TEST(Capture, MissingInterfaceIsNamed) {
    Scratch dir;
    const auto r = run_shell(std::string(AMTDIAG_BIN) + " capture -i nosuch0 --seconds 1 -o " +
                             dir.file("x.pcap"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("interface 'nosuch0' does not exist"), std::string::npos) << r.out;
}

TEST(Capture, BadFilterIsNamed) {
    Scratch dir;
    const auto r =
        run_shell(std::string(AMTDIAG_BIN) + " capture -i lo --seconds 1 --filter 'port ((' -o " +
                  dir.file("x.pcap"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("bad capture filter"), std::string::npos) << r.out;
}

TEST(Capture, MissingRightsAreNamed) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to drop to an unprivileged user";
    const auto r = run_shell(
        "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "
        "--bounding-set=-all " +
        std::string(AMTDIAG_BIN) + " capture -i lo --seconds 1 -o /tmp/none");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("no capture rights"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("CAP_NET_RAW"), std::string::npos) << r.out;
}

}  // namespace
