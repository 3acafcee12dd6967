// `probe dns` against a real dnsmasq on 127.0.0.1 and a high port: provisionserver names that
// do not exist (NXDOMAIN) and that do, forward/reverse pairs that agree and that disagree, a
// server that does not answer; and the record read back by `amtdiag check`.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "analyzer/collect/dns_probe.h"
#include "child_process.h"
#include "parsers/probe/probe_record.h"
#include "test_env.h"

namespace {

using amtdiag::testing::ChildProcess;
using amtdiag::testing::free_port;
using amtdiag::testing::run_shell;
using amtdiag::testing::Scratch;
using amtdiag::testing::slurp;
namespace collect = amtdiag::collect;

// good.test has a provision server and two hosts: sccm01 whose PTR names it back, sccm02
// whose address's PTR names another host. bad.test exists (local) but has no provisionserver.
class Dnsmasq {
  public:
    Dnsmasq()
        : port_(free_port(SOCK_DGRAM)),
          proc_({"dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                 "--port=" + std::to_string(port_), "--listen-address=127.0.0.1",
                 "--bind-interfaces", "--no-resolv", "--no-hosts", "--user=root", "--group=root",
                 "--pid-file=", "--local=/good.test/bad.test/",
                 "--address=/provisionserver.good.test/127.0.0.50",
                 "--host-record=sccm01.good.test,127.0.0.60",
                 "--address=/sccm02.good.test/127.0.0.61",
                 "--ptr-record=61.0.0.127.in-addr.arpa,old-name.good.test"}) {
        // Ready when it answers.
        collect::DnsProbeOptions o;
        o.server = server();
        o.hosts = {"sccm01.good.test"};
        o.timeout_ms = 200;
        for (int i = 0; i < 50; ++i) {
            std::string error;
            const auto r = collect::run_dns_probe(o, error);
            if (error.empty() && r["results"][0]["answered"].get<bool>()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "dnsmasq did not start: " << proc_.output();
    }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    unsigned port_;
    ChildProcess proc_;
};

const collect::Json* find(const collect::Json& results, const std::string& qname,
                          const std::string& qtype) {
    for (const auto& r : results)
        if (r["qname"] == qname && r["qtype"] == qtype) return &r;
    return nullptr;
}

TEST(DnsProbe, ProvisionServerMissingAndPresent) {
    Dnsmasq dns;
    collect::DnsProbeOptions o;
    o.server = dns.server();
    o.suffixes = {"bad.test", "good.test."};
    std::string error;
    const auto record = collect::run_dns_probe(o, error);
    ASSERT_TRUE(error.empty()) << error;
    EXPECT_EQ(record["schema"], "amtdiag.probe/1");
    EXPECT_EQ(record["probe"], "dns");
    ASSERT_EQ(record["results"].size(), 4u);
    const auto* missing = find(record["results"], "provisionserver.bad.test", "A");
    ASSERT_NE(missing, nullptr);
    EXPECT_TRUE((*missing)["answered"].get<bool>());
    EXPECT_EQ((*missing)["rcode"], "NXDOMAIN");
    EXPECT_EQ((*missing)["server"], dns.server());
    EXPECT_TRUE((*missing)["answers"].empty());
    const auto* present = find(record["results"], "provisionserver.good.test", "A");
    ASSERT_NE(present, nullptr);
    EXPECT_EQ((*present)["rcode"], "NOERROR");
    ASSERT_EQ((*present)["answers"].size(), 1u);
    EXPECT_EQ((*present)["answers"][0]["data"], "127.0.0.50");
    EXPECT_EQ((*present)["answers"][0]["type"], "A");
}

TEST(DnsProbe, ForwardAndReverseAgreeOrNot) {
    Dnsmasq dns;
    collect::DnsProbeOptions o;
    o.server = dns.server();
    o.hosts = {"sccm01.good.test", "sccm02.good.test"};
    std::string error;
    const auto record = collect::run_dns_probe(o, error);
    ASSERT_TRUE(error.empty()) << error;
    const auto* agree = find(record["results"], "60.0.0.127.in-addr.arpa", "PTR");
    ASSERT_NE(agree, nullptr) << record.dump(2);
    EXPECT_EQ((*agree)["purpose"], "reverse");
    EXPECT_EQ((*agree)["address"], "127.0.0.60");
    EXPECT_TRUE((*agree)["matches_host"].get<bool>());
    const auto* disagree = find(record["results"], "61.0.0.127.in-addr.arpa", "PTR");
    ASSERT_NE(disagree, nullptr);
    EXPECT_FALSE((*disagree)["matches_host"].get<bool>());
    EXPECT_EQ((*disagree)["answers"][0]["data"], "old-name.good.test.");

    // The same record as evidence.
    std::vector<amtdiag::model::Evidence> ev;
    const auto summary = amtdiag::parsers::probe::read_record(
        record.dump(), "probe.json", [&](const amtdiag::model::Evidence& e) { ev.push_back(e); });
    EXPECT_EQ(summary.kind, "dns-probe");
    bool saw_mismatch = false;
    for (const auto& e : ev)
        if (*e.attr("qtype") == "PTR" && *e.attr("matches_host") == "false") {
            saw_mismatch = true;
            EXPECT_EQ(e.attribute("names")->items, std::vector<std::string>{"old-name.good.test"});
        }
    EXPECT_TRUE(saw_mismatch);
}

TEST(DnsProbe, ServerThatNeverAnswersIsATimeoutResult) {
    // A UDP port nobody serves: the probe records unanswered queries, it does not fail.
    collect::DnsProbeOptions o;
    o.server = "127.0.0.1:" + std::to_string(free_port(SOCK_DGRAM));
    o.suffixes = {"bad.test"};
    o.timeout_ms = 300;
    std::string error;
    const auto record = collect::run_dns_probe(o, error);
    ASSERT_TRUE(error.empty()) << error;
    for (const auto& r : record["results"]) EXPECT_FALSE(r["answered"].get<bool>());
}

TEST(DnsProbe, BadServerIsAUsageError) {
    std::string ip;
    unsigned port = 0;
    EXPECT_TRUE(collect::parse_server("[::1]:5353", ip, port));
    EXPECT_EQ(ip, "::1");
    EXPECT_EQ(port, 5353u);
    EXPECT_TRUE(collect::parse_server("10.0.0.1", ip, port));
    EXPECT_EQ(port, 53u);
    EXPECT_FALSE(collect::parse_server("dns.example:53", ip, port));
    EXPECT_FALSE(collect::parse_server("10.0.0.1:99999", ip, port));
}

// End to end through the binary: probe -> record -> `amtdiag check` sees a dns-probe artifact
// and a dns.exchange of rcode NXDOMAIN (cited by a test rule; the real rule is the lead's).
TEST(DnsProbe, RecordReadBackByCheck) {
    Dnsmasq dns;
    Scratch dir;
    const std::string record = dir.file("dns-probe.json");
    const auto probe =
        run_shell(std::string(AMTDIAG_BIN) + " probe dns --suffix bad.test --server " +
                  dns.server() + " -o " + record);
    ASSERT_EQ(probe.code, 0) << probe.out;
    EXPECT_NE(probe.out.find("provisionserver.bad.test A: NXDOMAIN"), std::string::npos)
        << probe.out;
    const auto check = run_shell(std::string(AMTDIAG_BIN) + " check " + record +
                                 " --format json --rules " + TEST_RULES);
    const auto report = nlohmann::json::parse(check.out.substr(check.out.find('{')));
    ASSERT_EQ(report["artifacts"].size(), 1u);
    EXPECT_EQ(report["artifacts"][0]["kind"], "dns-probe");
    EXPECT_EQ(report["artifacts"][0]["status"], "ok");
    bool found = false;
    for (const auto& f : report["findings"]) {
        if (f["rule"] != "test/probe-nxdomain-evidence") continue;
        found = true;
        EXPECT_EQ(f["status"], "fail");
        EXPECT_NE(f["message"].get<std::string>().find("provisionserver.bad.test A NXDOMAIN"),
                  std::string::npos)
            << f.dump(2);
        ASSERT_FALSE(f["evidence"].empty());
        EXPECT_EQ(f["evidence"][0]["artifact"], record);
        EXPECT_NE(f["evidence"][0]["excerpt"].get<std::string>().find("-> NXDOMAIN"),
                  std::string::npos);
    }
    EXPECT_TRUE(found) << check.out;
}

}  // namespace
