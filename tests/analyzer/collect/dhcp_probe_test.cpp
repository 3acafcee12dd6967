// `probe dhcp` against a real dnsmasq DHCP server across a veth pair between two network
// namespaces the test makes (server: 10.213.<n>.1, option 15 and 81 handling by dnsmasq; the
// probe runs in the client namespace through `ip netns exec`). Skipped, saying why, only where
// namespaces cannot be made.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
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

// Two namespaces joined by a veth pair; removed (with their links) when the test ends.
class NetnsPair {
  public:
    NetnsPair() {
        const std::string id = std::to_string(getpid() % 100000);
        server_ = "amtdiag-srv-" + id;
        client_ = "amtdiag-cli-" + id;
        server_if_ = "ads" + id;
        client_if_ = "adc" + id;
        subnet_ = std::to_string(10 + getpid() % 200);
        const auto r = run_shell(
            "ip netns add " + server_ + " && ip netns add " + client_ + " && ip link add " +
            server_if_ + " netns " + server_ + " type veth peer name " + client_if_ + " netns " +
            client_ + " && ip -n " + server_ + " addr add 10.213." + subnet_ + ".1/24 dev " +
            server_if_ + " && ip -n " + server_ + " link set " + server_if_ + " up && ip -n " +
            server_ + " link set lo up && ip -n " + client_ + " link set " + client_if_ +
            " up && ip -n " + client_ + " link set lo up");
        ok_ = r.code == 0;
        why_ = r.out;
    }
    ~NetnsPair() { run_shell("ip netns del " + server_ + "; ip netns del " + client_); }
    bool ok() const { return ok_; }
    const std::string& why() const { return why_; }
    std::string server_ns() const { return server_; }
    std::string client_ns() const { return client_; }
    std::string server_if() const { return server_if_; }
    std::string client_if() const { return client_if_; }
    std::string net(const std::string& host) const { return "10.213." + subnet_ + "." + host; }

  private:
    std::string server_, client_, server_if_, client_if_, subnet_, why_;
    bool ok_ = false;
};

class DhcpProbe : public ::testing::Test {
  protected:
    void SetUp() override {
        ns_ = std::make_unique<NetnsPair>();
        if (!ns_->ok())
            GTEST_SKIP() << "network namespaces cannot be created here (needs root and "
                            "CAP_SYS_ADMIN): "
                         << ns_->why();
    }
    // dnsmasq as the segment's DHCP server (DNS off: --port=0).
    std::unique_ptr<ChildProcess> start_server(const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {
            "ip", "netns", "exec", ns_->server_ns(), "dnsmasq", "--no-daemon",
            "--conf-file=/dev/null", "--port=0", "--interface=" + ns_->server_if(),
            "--bind-interfaces", "--user=root", "--group=root",
            "--pid-file=", "--dhcp-leasefile=" + dir_.file("leases"),
            "--dhcp-range=" + ns_->net("100") + "," + ns_->net("150") + ",12h",
            "--dhcp-option=6," + ns_->net("1"), "--log-dhcp",
            // dnsmasq pings an address before its first offer (seconds): not what is tested.
            "--no-ping"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto p = std::make_unique<ChildProcess>(argv);
        p->read_until("DHCP, IP range", 5000);
        return p;
    }
    nlohmann::json probe(const std::string& options) {
        const std::string record = dir_.file("dhcp.json");
        const auto r = run_shell("ip netns exec " + ns_->client_ns() + " " + AMTDIAG_BIN +
                                 " probe dhcp --interface " + ns_->client_if() +
                                 " --timeout 3 -o " + record + " " + options);
        EXPECT_EQ(r.code, 0) << r.out;
        last_output_ = r.out;
        return nlohmann::json::parse(slurp(record), nullptr, false);
    }
    std::unique_ptr<NetnsPair> ns_;
    Scratch dir_;
    std::string last_output_;
};

TEST_F(DhcpProbe, OfferCarriesOption15) {
    auto server = start_server({"--dhcp-option=15,vprolab.test"});
    const auto record = probe("");
    ASSERT_TRUE(record.is_object()) << last_output_;
    ASSERT_FALSE(record["results"].empty()) << last_output_ << server->output();
    const auto& offer = record["results"][0];
    EXPECT_EQ(offer["message_type"], "OFFER");
    EXPECT_EQ(offer["domain"], "vprolab.test");
    EXPECT_EQ(offer["server_ip"], ns_->net("1"));
    EXPECT_EQ(offer["dns_servers"][0], ns_->net("1"));
    EXPECT_TRUE(offer.contains("lease_seconds"));

    std::vector<amtdiag::model::Evidence> ev;
    const auto s = amtdiag::parsers::probe::read_record(
        record.dump(), "dhcp.json", [&](const amtdiag::model::Evidence& e) { ev.push_back(e); });
    EXPECT_EQ(s.kind, "dhcp-probe");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(*ev[0].attr("has_domain"), "true");
    EXPECT_EQ(*ev[0].attr("domain"), "vprolab.test");
    EXPECT_FALSE(ev[0].keys.ip.empty());
}

TEST_F(DhcpProbe, NoOption15AndARequestWithOption81) {
    auto server = start_server({});
    const auto record =
        probe("--request --client-fqdn hp7800.vprolab.test --mac 02:00:5e:10:00:01");
    ASSERT_TRUE(record.is_object()) << last_output_;
    ASSERT_GE(record["results"].size(), 2u) << last_output_ << server->output();
    EXPECT_EQ(record["results"][0]["message_type"], "OFFER");
    EXPECT_FALSE(record["results"][0].contains("domain"));
    EXPECT_EQ(record["results"][0]["client_mac"], "02-00-5E-10-00-01");
    const auto& ack = record["results"][1];
    EXPECT_EQ(ack["message_type"], "ACK");
    EXPECT_EQ(ack["yiaddr"], record["results"][0]["yiaddr"]);
    // dnsmasq answers option 81 in its ACK when the client sent one.
    ASSERT_TRUE(ack.contains("client_fqdn")) << ack.dump(2);
    EXPECT_EQ(record["sent"].size(), 2u);
}

TEST_F(DhcpProbe, NoServerMeansNoResultsNotAFailure) {
    const auto record = probe("");
    ASSERT_TRUE(record.is_object()) << last_output_;
    EXPECT_TRUE(record["results"].empty());
    EXPECT_NE(last_output_.find("no DHCP server answered"), std::string::npos) << last_output_;
}

TEST(DhcpProbeErrors, MissingInterfaceIsNamed) {
    const auto r = run_shell(std::string(AMTDIAG_BIN) + " probe dhcp --interface nosuch0");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("interface 'nosuch0' does not exist"), std::string::npos) << r.out;
}

}  // namespace
