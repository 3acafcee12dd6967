// The acceptance points of the network-evidence issue, each as the binary shows it to a user:
//
// 1. A capture with five version-3 hellos from one device, checked together with an
//    AMTOPMGR.LOG that rejected that UUID: one device, with its UUID, hash count and send times.
// 2. A capture whose DHCP ACK has no option 15: net.dhcp-option-15 fails, citing the packet.
// 3. `amtdiag probe dns` against a real dnsmasq where provisionserver.<suffix> does not exist
//    writes a record that makes `amtdiag check` fail net.provisionserver-resolves.
// 4. `amtdiag listen` receives a hello from a test client and records it, and `amtdiag check`
//    reads the record back. The listener's limits (garbage and silence dropped after the
//    timeout, 1,000 idle connections in bounded memory, the connection limit, the byte cap)
//    are shown by tests/analyzer/collect/listener_test.cpp: Listen.RealHellosGarbageAndSilence,
//    Listen.ThousandIdleConnectionsAreBoundedAndDropped,
//    Listen.ConnectionsBeyondTheLimitAreClosedAtOnce, Listen.ByteCapEndsAFloodingPeer.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "run_amtdiag.h"
#include "test_env.h"

namespace {

using amtdiag::testing::ChildProcess;
using amtdiag::testing::free_port;
using amtdiag::testing::run;
using amtdiag::testing::run_shell;
using amtdiag::testing::Scratch;
using amtdiag::testing::slurp;
using Json = nlohmann::json;

const std::string kUuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";

Json report_of(const std::string& out) {
    const size_t at = out.find('{');
    if (at == std::string::npos) return Json::object();
    return Json::parse(out.substr(at), nullptr, false);
}

// The finding a rule (not the catalog's placeholder) made for a check and device.
const Json* finding(const Json& report, const std::string& check, const std::string& device) {
    for (const auto& f : report["findings"]) {
        const std::string on = f["device"].is_string() ? f["device"].get<std::string>() : "";
        if (f["check"] == check && on == device && f["rule"] != "catalog") return &f;
    }
    return nullptr;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// An operation manager log (SMS-trace records) that waits for hellos and rejects the one of
// `uuid` because the device is a ConfigMgr client.
std::string rejecting_log(const std::string& uuid) {
    const std::string tail = "<thread=5 (0x5)>\r\n";
    return "Waiting for incoming hello message from AMT devices...  "
           "$$<SMS_AMT_OPERATION_MANAGER><11-20-2025 09:59:00.000+000>" +
           tail + "Warning: AMT device " + uuid +
           " is a SMS client. Reject hello message to provision.  "
           "$$<SMS_AMT_OPERATION_MANAGER><11-20-2025 10:00:01.000+000>" +
           tail;
}

TEST(NetworkAcceptance, FiveHellosAndTheLogThatRejectedThemAreOneDevice) {
    // ConfigMgr prints the UUID as the hello carries it; the byte-swapped (RFC 4122) spelling
    // of the same UUID must land on the same device too.
    for (const std::string& spelling :
         {kUuid, std::string("4B529B93-D413-181D-E487-1C697A6B7A2B")}) {
        Scratch dir;
        const std::string log = dir.file("AMTOPMGR.LOG");
        write(log, rejecting_log(spelling));
        const auto r =
            run("check tests/parsers/pcap/fixtures/hello-series.pcap " + log + " --format json");
        const Json report = report_of(r.out);
        ASSERT_TRUE(report.is_object()) << r.out;
        ASSERT_EQ(report["devices"].size(), 1u) << report["devices"].dump(2);
        // One device, named by one of the two spellings of its UUID.
        const std::string id = report["devices"][0]["id"];
        EXPECT_TRUE(id == kUuid || id == spelling) << id;

        // The log's rejected hello and the capture's hellos are findings of that one device.
        const Json* received = finding(report, "log.hello-received", id);
        ASSERT_NE(received, nullptr) << r.out;
        EXPECT_EQ((*received)["status"], "pass");
        const Json* sent = finding(report, "client.hello-sent", id);
        ASSERT_NE(sent, nullptr) << r.out;
        EXPECT_EQ((*sent)["status"], "pass");
        EXPECT_NE((*sent)["message"].get<std::string>().find("sent 5 hellos to 192.168.2.10:9971"),
                  std::string::npos)
            << (*sent).dump(2);
        // Each hello cited with its packet, its send time, the UUID and the hash count.
        ASSERT_EQ((*sent)["evidence"].size(), 5u) << (*sent).dump(2);
        const std::set<std::string> times = {"2025-11-20T10:00:00.003Z", "2025-11-20T10:01:00.006Z",
                                             "2025-11-20T10:02:00.009Z", "2025-11-20T10:03:00.012Z",
                                             "2025-11-20T10:04:00.015Z"};
        std::set<std::string> seen;
        for (const auto& e : (*sent)["evidence"]) {
            EXPECT_TRUE(e.contains("packet")) << e.dump();
            const std::string excerpt = e["excerpt"];
            EXPECT_NE(excerpt.find("UUID " + kUuid), std::string::npos) << excerpt;
            EXPECT_NE(excerpt.find("23 root hashes"), std::string::npos) << excerpt;
            seen.insert(e["time"].get<std::string>());
        }
        EXPECT_EQ(seen, times);
        const Json* schedule = finding(report, "client.hello-sequence-expired", id);
        ASSERT_NE(schedule, nullptr);
        EXPECT_EQ((*schedule)["status"], "pass");
        EXPECT_NE(
            (*schedule)["message"].get<std::string>().find("gaps 60.003, 60.003, 60.003, 60.003 s"),
            std::string::npos)
            << (*schedule).dump(2);
    }
}

TEST(NetworkAcceptance, AnAckWithoutOption15FailsCitingItsPacket) {
    const auto r = run("check tests/parsers/pcap/fixtures/dhcp.pcap --format json");
    EXPECT_EQ(r.code, 1) << r.out;
    const Json report = report_of(r.out);
    const Json* f = finding(report, "net.dhcp-option-15", "00-1A-2B-3C-4D-99");
    ASSERT_NE(f, nullptr) << r.out;
    EXPECT_EQ((*f)["status"], "fail");
    EXPECT_NE((*f)["message"].get<std::string>().find("dhcp.pcap packet 8"), std::string::npos)
        << (*f).dump(2);
    ASSERT_EQ((*f)["evidence"].size(), 1u);
    EXPECT_EQ((*f)["evidence"][0]["packet"], 8);
    // The client that got option 15 passes.
    const Json* good = finding(report, "net.dhcp-option-15", "00-1A-2B-3C-4D-5E");
    ASSERT_NE(good, nullptr);
    EXPECT_EQ((*good)["status"], "pass");

    // The text report names the packet too.
    const auto text = run("check tests/parsers/pcap/fixtures/dhcp.pcap --stage 1");
    EXPECT_NE(text.out.find("net.dhcp-option-15"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("packet 8"), std::string::npos) << text.out;
}

TEST(NetworkAcceptance, ProbeRecordWithoutProvisionServerFailsTheCheck) {
    if (run_shell("command -v dnsmasq").code != 0)
        GTEST_SKIP() << "dnsmasq is not installed (scripts/install-deps.sh installs dnsmasq-base)";
    // bad.test is served locally (NXDOMAIN for any name in it); good.test has the record.
    const unsigned port = free_port(SOCK_DGRAM);
    ChildProcess dnsmasq({"dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                          "--port=" + std::to_string(port), "--listen-address=127.0.0.1",
                          "--bind-interfaces", "--no-resolv", "--no-hosts", "--user=root",
                          "--group=root", "--pid-file=", "--local=/good.test/bad.test/",
                          "--address=/provisionserver.good.test/127.0.0.50"});
    Scratch dir;
    const std::string server = "127.0.0.1:" + std::to_string(port);
    const std::string record = dir.file("probe-dns.json");
    // dnsmasq answers once it is up: retry the probe until it does (a refused port fails at
    // once, so this waits up to about 20 s on a loaded CI machine).
    amtdiag::testing::Run probe;
    for (int i = 0; i < 200; ++i) {
        probe = run_shell(std::string(AMTDIAG_BIN) + " probe dns --suffix bad.test --server " +
                          server + " --timeout 300 -o " + record);
        if (probe.out.find("NXDOMAIN") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(probe.code, 0) << probe.out << dnsmasq.output();
    ASSERT_NE(probe.out.find("provisionserver.bad.test A: NXDOMAIN"), std::string::npos)
        << probe.out;

    const auto check = run("check " + record + " --format json");
    EXPECT_EQ(check.code, 1) << check.out;
    const Json report = report_of(check.out);
    ASSERT_EQ(report["artifacts"].size(), 1u) << check.out;
    EXPECT_EQ(report["artifacts"][0]["kind"], "dns-probe");
    const Json* f = finding(report, "net.provisionserver-resolves", "");
    ASSERT_NE(f, nullptr) << check.out;
    EXPECT_EQ((*f)["status"], "fail");
    EXPECT_EQ((*f)["rule"], "net/provisionserver-resolves");
    const std::string message = (*f)["message"];
    EXPECT_NE(message.find("provisionserver.bad.test A -> NXDOMAIN from " + server),
              std::string::npos)
        << message;
    ASSERT_FALSE((*f)["evidence"].empty());
    EXPECT_EQ((*f)["evidence"][0]["artifact"], record);

    // The same probe for the suffix that has the record passes.
    const std::string good = dir.file("probe-good.json");
    ASSERT_EQ(run_shell(std::string(AMTDIAG_BIN) + " probe dns --suffix good.test --server " +
                        server + " -o " + good)
                  .code,
              0);
    const Json passed = report_of(run("check " + good + " --format json").out);
    const Json* p = finding(passed, "net.provisionserver-resolves", "");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ((*p)["status"], "pass") << p->dump(2);
    EXPECT_NE((*p)["message"].get<std::string>().find("127.0.0.50"), std::string::npos);
}

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

std::string hex_bytes(std::string hex) {
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

TEST(NetworkAcceptance, ListenRecordsAHelloThatCheckReadsBack) {
    Scratch dir;
    const std::string record = dir.file("hellos.json");
    ChildProcess listener({AMTDIAG_BIN, "listen", "--bind", "127.0.0.1", "--port", "0", "--timeout",
                           "2", "--count", "1", "-o", record});
    const std::string& started = listener.read_until("\n", 5000);
    const size_t at = started.find("listening on 127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << started;
    const unsigned port = static_cast<unsigned>(std::stoul(started.substr(at + 23)));

    const std::string hello = hex_bytes(slurp("tests/parsers/probe/fixtures/hello_vector1.hex"));
    const int fd = connect_to(port);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(send(fd, hello.data(), hello.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(hello.size()));
    shutdown(fd, SHUT_WR);                               // a device closes after its hello
    EXPECT_EQ(listener.wait(), 0) << listener.output();  // --count 1 ends the run
    close(fd);
    EXPECT_NE(listener.output().find("hello v3  UUID " + kUuid + "  23 hashes"), std::string::npos)
        << listener.output();

    const Json recorded = Json::parse(slurp(record), nullptr, false);
    ASSERT_TRUE(recorded.is_object());
    EXPECT_EQ(recorded["hellos"].size(), 1u);
    EXPECT_TRUE(recorded.contains("finished"));

    const auto check = run("check " + record + " --format json");
    const Json report = report_of(check.out);
    ASSERT_EQ(report["artifacts"].size(), 1u) << check.out;
    EXPECT_EQ(report["artifacts"][0]["kind"], "pcap-hello");
    const Json* sent = finding(report, "client.hello-sent", kUuid);
    ASSERT_NE(sent, nullptr) << check.out;
    EXPECT_EQ((*sent)["status"], "pass");
    EXPECT_NE((*sent)["message"].get<std::string>().find("hellos.json item 1"), std::string::npos)
        << sent->dump(2);
}

}  // namespace
