// Unit tests of the model: PID/PPS check characters, hellos the engine writes decoded by the
// capture reader's decoder, the scenario loader's errors, determinism of a run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "analyzer/provisioning/engine.h"
#include "analyzer/provisioning/fault_catalog.h"
#include "analyzer/provisioning/live.h"
#include "analyzer/provisioning/pid.h"
#include "analyzer/provisioning/scenario.h"
#include "parsers/hello/hello.h"

namespace prov = amtdiag::provisioning;
namespace hello = amtdiag::parsers::hello;
namespace fs = std::filesystem;

namespace {

constexpr const char* kIntelPid = "0000-037M";
constexpr const char* kIntelPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(Pid, IntelExampleAccepted) {
    EXPECT_TRUE(prov::check_pid(kIntelPid).ok);
    EXPECT_TRUE(prov::check_pps(kIntelPps).ok);
}

TEST(Pid, EverySingleChangeRejectedWithItsGroup) {
    const std::string pps = kIntelPps;
    for (size_t i = 0; i < pps.size(); ++i) {
        if (pps[i] == '-') continue;
        for (const char c : std::string("0A9Z")) {
            if (c == pps[i]) continue;
            std::string bad = pps;
            bad[i] = c;
            const prov::PairCheck r = prov::check_pps(bad);
            // The checksum is a sum mod 36: a character 36 code points away ('0' and 'T',
            // '6' and 'Z') gives the same check character. Intel's scheme cannot see that
            // change; the tool must agree with the firmware, so it accepts it too.
            if (std::abs(static_cast<int>(c) - static_cast<int>(pps[i])) == 36) {
                EXPECT_TRUE(r.ok) << "position " << i;
                continue;
            }
            ASSERT_FALSE(r.ok) << "position " << i;
            const size_t group = i / 5 + 1;
            EXPECT_NE(r.problem.find("group " + std::to_string(group) + " of 8"), std::string::npos)
                << r.problem;
            // The secret itself never appears in what we say.
            EXPECT_EQ(r.problem.find(bad.substr(i / 5 * 5, 4)), std::string::npos) << r.problem;
        }
    }
    const std::string pid = kIntelPid;
    for (size_t i = 0; i < pid.size(); ++i) {
        if (pid[i] == '-') continue;
        std::string bad = pid;
        bad[i] = bad[i] == 'Z' ? 'Y' : 'Z';
        if (std::abs(static_cast<int>(bad[i]) - static_cast<int>(pid[i])) == 36) bad[i] = 'Y';
        const prov::PairCheck r = prov::check_pid(bad);
        ASSERT_FALSE(r.ok) << bad;
        EXPECT_NE(r.problem.find("PID group"), std::string::npos) << r.problem;
    }
}

TEST(Pid, GeneratedPairsVerify) {
    unsigned k = 7;
    const auto next = [&](unsigned n) { return (k = k * 1103515245u + 12345u) / 65536u % n; };
    for (int i = 0; i < 200; ++i) {
        EXPECT_TRUE(prov::check_pid(prov::generate_pid(next)).ok);
        EXPECT_TRUE(prov::check_pps(prov::with_dashes(prov::generate_pps(next))).ok);
    }
    EXPECT_EQ(prov::with_dashes("0000037M"), "0000-037M");
}

TEST(Scenario, ErrorsNameFileAndLine) {
    const char* text =
        "name: lab\n"
        "site:\n"
        "  ca.template_read_enrol: false\n";
    try {
        prov::parse_scenario(text, "lab.yaml");
        FAIL() << "accepted an unknown setting";
    } catch (const prov::ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("lab.yaml:3:"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("ca.template_read_enrol"), std::string::npos);
    }
    for (const char* bad : {"devices: {host: x}\n", "devices:\n  - mode: oob\n", "seed: -1\n",
                            "devices:\n  - host: a\n    count: 0\n", "faults: [[x]]\n", "[\n",
                            "devices:\n  - host: a\n    settings: {ca.issue_manage: false}\n"}) {
        EXPECT_THROW(prov::parse_scenario(bad, "s.yaml"), prov::ScenarioError) << bad;
    }
}

TEST(Scenario, RoundTripsThroughItsCopy) {
    const char* text =
        "name: lab\nseed: 9\nsite: {ca.issue_manage: \"false\"}\n"
        "devices:\n  - {host: hp7800, mode: inband, firmware: 6.2.10}\n"
        "faults: [commit-fails, {id: time-sync-refused, devices: [hp7800]}]\n";
    const prov::Scenario s = prov::parse_scenario(text, "lab.yaml");
    const prov::Scenario again = prov::parse_scenario(prov::scenario_to_yaml(s), "copy.yaml");
    EXPECT_EQ(prov::scenario_to_yaml(s), prov::scenario_to_yaml(again));
    ASSERT_EQ(again.devices.size(), 1u);
    EXPECT_EQ(again.devices[0].mode, prov::Mode::inband);
    EXPECT_EQ(again.faults.size(), 2u);
}

TEST(Catalog, EveryFaultNamesACheckAndKnownSettings) {
    const auto& cat = prov::FaultCatalog::builtin();
    EXPECT_GE(cat.faults().size(), 60u);
    for (const prov::Fault& f : cat.faults()) {
        EXPECT_FALSE(f.check.empty()) << f.id;
        EXPECT_FALSE(f.set.values().empty()) << f.id;
    }
}

TEST(Engine, HellosOnTheWireDecodeFieldForField) {
    // A PSK device: the capture's hello carries the PID the world gave it.
    prov::Scenario s = prov::parse_scenario(
        "devices:\n  - {host: pc1, mode: onetouch-psk, uuid: 939B524B-13D4-1D18-E487-1C697A6B7A2B, "
        "pid: 0000037M}\n",
        "t.yaml");
    const fs::path dir = fs::temp_directory_path() / "amtdiag-prov-hello";
    fs::remove_all(dir);
    prov::run_scenario(s, prov::FaultCatalog::builtin(), dir.string());
    const std::string cap = read_all(dir / "network" / "capture.pcapng");
    hello::Hello h;
    h.admin_credentials = 1;
    h.version = hello::kVersionPsk;
    h.uuid = "939B524B-13D4-1D18-E487-1C697A6B7A2B";
    h.pid = "0000037M";
    const std::string wire = hello::encode_hello(h);
    ASSERT_NE(cap.find(wire), std::string::npos);
    const hello::HelloDecode d = hello::decode_hello(wire);
    EXPECT_TRUE(d.complete);
    EXPECT_TRUE(d.pid_checksum_ok);
    EXPECT_EQ(d.hello, h);
    fs::remove_all(dir);
}

TEST(Engine, SameScenarioSameBytes) {
    prov::Scenario s;
    s.devices.push_back({});
    s.devices.back().host = "hp7800";
    s.faults.push_back({"ca-template-no-enroll", {}});
    s.site.set("unprovision.run", "true");
    const fs::path a = fs::temp_directory_path() / "amtdiag-prov-det-a";
    const fs::path b = fs::temp_directory_path() / "amtdiag-prov-det-b";
    fs::remove_all(a);
    fs::remove_all(b);
    const auto ra = prov::run_scenario(s, prov::FaultCatalog::builtin(), a.string());
    const auto rb = prov::run_scenario(s, prov::FaultCatalog::builtin(), b.string());
    ASSERT_EQ(ra.files, rb.files);
    for (const std::string& f : ra.files) EXPECT_EQ(read_all(a / f), read_all(b / f)) << f;
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(Engine, LogsRollOverWhenLarge) {
    prov::Scenario s;
    prov::DeviceSpec d;
    d.host = "pc";
    d.count = 40;
    s.devices.push_back(d);
    s.site.set("site.log_max_bytes", "20000");
    const fs::path dir = fs::temp_directory_path() / "amtdiag-prov-roll";
    fs::remove_all(dir);
    const auto r = prov::run_scenario(s, prov::FaultCatalog::builtin(), dir.string());
    EXPECT_GT(r.rollovers, 0);
    EXPECT_TRUE(fs::exists(dir / "server" / "AMTOPMGR.lo_"));
    EXPECT_LE(fs::file_size(dir / "server" / "AMTOPMGR.LOG"), 20000u);
    fs::remove_all(dir);
}

// Live mode: real TCP and TLS on loopback between a device thread and the server.
TEST(Live, PskAndCertificateProvision) {
    std::string said;
    const auto say = [&](const std::string& l) { said += l + "\n"; };
    prov::LiveOptions o;
    o.psk = true;
    EXPECT_TRUE(prov::run_live(o, say).provisioned) << said;
    EXPECT_NE(said.find("PSK"), std::string::npos) << said;
    o.psk = false;
    EXPECT_TRUE(prov::run_live(o, say).provisioned) << said;
}

TEST(Live, FaultsStopIt) {
    const auto quiet = [](const std::string&) {};
    prov::LiveOptions o;
    o.timeout_ms = 1500;
    o.pps_mismatch = true;
    EXPECT_FALSE(prov::run_live(o, quiet).provisioned);
    o.pps_mismatch = false;
    o.bad_pid = true;
    const prov::LiveResult r = prov::run_live(o, quiet);
    EXPECT_FALSE(r.provisioned);
    EXPECT_EQ(r.failure, "the server refused the hello");
    o.bad_pid = false;
    o.psk = false;
    o.untrusted_root = true;
    EXPECT_FALSE(prov::run_live(o, quiet).provisioned);
}
