// `amtdiag listen` as a device and a hostile network see it: the three real hello vectors
// (copied from MeshCentral's test data into tests/parsers/probe/fixtures), garbage, silence,
// 1,000 idle connections (memory measured from /proc), the connection limit and the byte cap.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "parsers/probe/probe_record.h"
#include "test_env.h"

namespace {

using amtdiag::testing::ChildProcess;
using amtdiag::testing::run_shell;
using amtdiag::testing::Scratch;
using amtdiag::testing::slurp;
using Clock = std::chrono::steady_clock;

std::string vector_bytes(int n) {
    std::string hex =
        slurp(std::string(PROBE_FIXTURES) + "/hello_vector" + std::to_string(n) + ".hex");
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

class Listener {
  public:
    explicit Listener(std::vector<std::string> extra) : proc_(argv(std::move(extra))) {
        const std::string& out = proc_.read_until("\n", 5000);
        const size_t at = out.find("listening on 127.0.0.1:");
        if (at == std::string::npos) {
            ADD_FAILURE() << "listener did not start: " << out;
            return;
        }
        port_ = static_cast<unsigned>(std::stoul(out.substr(at + 23)));
    }
    unsigned port() const { return port_; }
    ChildProcess& proc() { return proc_; }
    long rss_kb() {
        std::ifstream in("/proc/" + std::to_string(proc_.pid()) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return -1;
    }

  private:
    static std::vector<std::string> argv(std::vector<std::string> extra) {
        std::vector<std::string> a = {AMTDIAG_BIN, "listen", "--bind", "127.0.0.1", "--port", "0"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    ChildProcess proc_;
    unsigned port_ = 0;
};

int connect_to(unsigned port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

void send_all(int fd, const std::string& bytes) {
    size_t at = 0;
    while (at < bytes.size()) {
        const ssize_t n = send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (n <= 0) return;
        at += static_cast<size_t>(n);
    }
}

// Waits until the server closes `fd` (recv returns 0 or an error); the time it took, or -1.
double seconds_until_closed(int fd, int max_ms) {
    const auto start = Clock::now();
    char buf[256];
    while (true) {
        const auto waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        if (waited > max_ms) return -1;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0 && recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0)
            return std::chrono::duration<double>(Clock::now() - start).count();
    }
}

TEST(Listen, RealHellosGarbageAndSilence) {
    Scratch dir;
    const std::string record = dir.file("hellos.json");
    Listener l({"--timeout", "2", "-o", record});
    ASSERT_NE(l.port(), 0u);
    for (int v = 1; v <= 3; ++v) {
        const int fd = connect_to(l.port());
        ASSERT_GE(fd, 0);
        send_all(fd, vector_bytes(v));
        shutdown(fd, SHUT_WR);  // a device closes after its hello
        EXPECT_GE(seconds_until_closed(fd, 2000), 0);
        close(fd);
    }
    const int garbage = connect_to(l.port());
    send_all(garbage, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const int silent = connect_to(l.port());
    // Neither closes: the listener must drop both after its timeout (2 s), not before.
    const double garbage_s = seconds_until_closed(garbage, 6000);
    const double silent_s = seconds_until_closed(silent, 6000);
    EXPECT_GE(garbage_s, 1.5);
    EXPECT_LE(garbage_s, 4.0);
    EXPECT_GE(silent_s, 0.0);
    EXPECT_LE(silent_s, 4.0);
    close(garbage);
    close(silent);
    EXPECT_EQ(l.proc().stop(SIGINT), 0) << l.proc().output();
    const std::string& out = l.proc().output();
    EXPECT_NE(out.find("hello v3  UUID 939B524B-13D4-1D18-E487-1C697A6B7A2B  23 hashes  retry 0"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("UUID D2FFC23E-9DD1-412D-860A-54B2039B72FF  24 hashes  retry 1"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("not a hello"), std::string::npos) << out;

    std::vector<amtdiag::model::Evidence> ev;
    const auto s = amtdiag::parsers::probe::read_record(
        slurp(record), record, [&](const amtdiag::model::Evidence& e) { ev.push_back(e); });
    ASSERT_TRUE(s.error.empty()) << s.error;
    EXPECT_EQ(s.kind, "pcap-hello");
    ASSERT_EQ(ev.size(), 4u);  // three hellos and the garbage; silence is counted, not recorded
    EXPECT_EQ(*ev[0].attr("hash_count"), "23");
    EXPECT_EQ(ev[0].keys.ip, "127.0.0.1");
    EXPECT_EQ(*ev[0].attr("server_port"), std::to_string(l.port()));
    EXPECT_TRUE(ev[0].attribute("problems")->items.empty());
    EXPECT_FALSE(ev[3].attribute("problems")->items.empty());
    EXPECT_EQ(*ev[3].attr("end"), "timeout");
}

TEST(Listen, ThousandIdleConnectionsAreBoundedAndDropped) {
    Listener l({"--timeout", "4", "--max-connections", "1100"});
    ASSERT_NE(l.port(), 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const long before = l.rss_kb();
    std::vector<int> fds;
    for (int i = 0; i < 1000; ++i) {
        const int fd = connect_to(l.port());
        ASSERT_GE(fd, 0) << "connection " << i;
        fds.push_back(fd);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    const long during = l.rss_kb();
    ASSERT_TRUE(l.proc().running());
    // All dropped after the timeout, none before it.
    size_t closed = 0;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::vector<bool> done(fds.size(), false);
    while (closed < fds.size() && Clock::now() < deadline) {
        for (size_t i = 0; i < fds.size(); ++i) {
            if (done[i]) continue;
            char c;
            const ssize_t n = recv(fds[i], &c, 1, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                done[i] = true;
                ++closed;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const long after = l.rss_kb();
    for (int fd : fds) close(fd);
    std::cout << "listener RSS: " << before << " kB idle, " << during
              << " kB with 1000 idle connections, " << after << " kB after they were dropped\n";
    ::testing::Test::RecordProperty("rss_before_kb", std::to_string(before));
    ::testing::Test::RecordProperty("rss_with_1000_kb", std::to_string(during));
    ::testing::Test::RecordProperty("rss_after_kb", std::to_string(after));
    EXPECT_EQ(closed, fds.size());
    EXPECT_LT(during - before, 4096) << "1000 idle connections must cost little memory";
    EXPECT_LE(after, during + 512);
    EXPECT_EQ(l.proc().stop(SIGINT), 0);
    EXPECT_NE(
        l.proc().output().find("1000 connections, 0 recorded, 1000 sent nothing, 1000 timed out"),
        std::string::npos)
        << l.proc().output();
}

TEST(Listen, ConnectionsBeyondTheLimitAreClosedAtOnce) {
    Listener l({"--timeout", "5", "--max-connections", "5"});
    std::vector<int> fds;
    for (int i = 0; i < 20; ++i) fds.push_back(connect_to(l.port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    size_t closed_early = 0;
    for (int fd : fds) {
        char c;
        const ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) ++closed_early;
    }
    for (int fd : fds) close(fd);
    EXPECT_EQ(closed_early, 15u);
    EXPECT_EQ(l.proc().stop(SIGINT), 0);
    EXPECT_NE(l.proc().output().find("15 refused over the limit"), std::string::npos)
        << l.proc().output();
}

TEST(Listen, ByteCapEndsAFloodingPeer) {
    Scratch dir;
    const std::string record = dir.file("hellos.json");
    Listener l({"--timeout", "5", "--max-bytes", "100", "-o", record, "--count", "1"});
    const int fd = connect_to(l.port());
    send_all(fd, std::string(5000, 'A'));
    EXPECT_GE(seconds_until_closed(fd, 3000), 0);
    close(fd);
    EXPECT_EQ(l.proc().wait(), 0) << l.proc().output();  // --count 1 ends the run
    const auto j = nlohmann::json::parse(slurp(record));
    ASSERT_EQ(j["hellos"].size(), 1u);
    EXPECT_EQ(j["hellos"][0]["end"], "byte-cap");
    EXPECT_EQ(j["hellos"][0]["bytes"], 100);
    EXPECT_TRUE(j["hellos"][0]["truncated"].get<bool>());
}

TEST(Listen, RecordIsAppendedAndOtherFilesAreNotOverwritten) {
    Scratch dir;
    const std::string notes = dir.file("notes.txt");
    std::ofstream(notes) << "evidence\n";
    const auto r = run_shell(std::string(AMTDIAG_BIN) + " listen --port 0 -o " + notes);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("no hello record"), std::string::npos) << r.out;
    EXPECT_EQ(slurp(notes), "evidence\n");

    const std::string record = dir.file("hellos.json");
    for (int round = 0; round < 2; ++round) {
        Listener l({"-o", record, "--count", "1"});
        const int fd = connect_to(l.port());
        send_all(fd, vector_bytes(3));
        shutdown(fd, SHUT_WR);
        seconds_until_closed(fd, 2000);
        close(fd);
        EXPECT_EQ(l.proc().wait(), 0);
    }
    EXPECT_EQ(nlohmann::json::parse(slurp(record))["hellos"].size(), 2u);
}

}  // namespace
