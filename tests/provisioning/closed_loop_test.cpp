// The closed loop: for every fault of the catalog, simulate a deployment with it, run
// `amtdiag check --format json` on the bundle, and require the fault's check to be reported
// (fail, or warn where the rule warns on purpose) in the first failing stage of its device
// (of the site, for site findings). A healthy deployment of each mode must give no fail.
// A fault the analyzer cannot name is a bug in the engine or in a rule, never in this test.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/engine.h"
#include "analyzer/provisioning/fault_catalog.h"
#include "analyzer/provisioning/scenario.h"
#include "parsers/hello/hello.h"

namespace prov = amtdiag::provisioning;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct PipeClose {
    void operator()(FILE* f) const { pclose(f); }
};

json check_bundle(const fs::path& dir) {
    const std::string cmd =
        std::string(AMTDIAG_BINARY) + " check '" + dir.string() + "' --format json 2>/dev/null";
    std::unique_ptr<FILE, PipeClose> p(popen(cmd.c_str(), "r"));
    std::string out;
    char buf[65536];
    size_t n = 0;
    while (p && (n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
    return json::parse(out, nullptr, false);
}

fs::path simulate(const std::string& name, prov::Scenario s) {
    const fs::path dir = fs::temp_directory_path() / ("amtdiag-loop-" + name);
    fs::remove_all(dir);
    prov::run_scenario(s, prov::FaultCatalog::builtin(), dir.string());
    return dir;
}

std::string summary(const json& report) {
    std::string out;
    for (const auto& f : report["findings"])
        if (f["status"] == "fail" || f["status"] == "warn")
            out += "  " + f["status"].get<std::string>() + " " + f["check"].get<std::string>() +
                   " (" + (f["device"].is_string() ? f["device"].get<std::string>() : "site") +
                   ", stage " + (f.contains("verdict_stage") ? f["verdict_stage"].dump() : "?") +
                   ")\n";
    return out;
}

std::optional<int> first_failing(const json& report, const json& finding) {
    if (finding["device"].is_string()) {
        for (const auto& d : report["devices"])
            if (d["id"] == finding["device"] && d.contains("first_failing_stage") &&
                d["first_failing_stage"].is_number())
                return d["first_failing_stage"].get<int>();
        return std::nullopt;
    }
    if (report.contains("first_failing_stage") && report["first_failing_stage"].is_number())
        return report["first_failing_stage"].get<int>();
    return std::nullopt;
}

class FaultLoop : public ::testing::TestWithParam<std::string> {};

TEST_P(FaultLoop, AnalyzerNamesTheFault) {
    const prov::Fault& fault = *prov::FaultCatalog::builtin().find(GetParam());
    if (!fault.gap.empty()) GTEST_SKIP() << "known gap: " << fault.gap;
    prov::Scenario s;
    s.name = fault.id;
    prov::DeviceSpec d;
    d.host = "hp7800";
    d.mode = fault.mode;
    s.devices.push_back(d);
    s.faults.push_back({fault.id, {}});
    const fs::path dir = simulate(fault.id, s);
    const json report = check_bundle(dir);
    ASSERT_TRUE(report.is_object()) << "amtdiag check gave no JSON for " << dir;
    bool named = false;
    std::string why;
    for (const auto& f : report["findings"]) {
        if (f["check"] != fault.check || f["status"] != fault.expect) continue;
        if (fault.expect == "warn") {
            named = true;
            break;
        }
        const auto first = first_failing(report, f);
        const int stage = f.contains("verdict_stage") && f["verdict_stage"].is_number()
                              ? f["verdict_stage"].get<int>()
                              : -1;
        if (first && *first == stage) {
            named = true;
            break;
        }
        why += "  found at stage " + std::to_string(stage) + ", first failing stage " +
               (first ? std::to_string(*first) : std::string("none")) + "\n";
    }
    EXPECT_TRUE(named) << fault.id << ": " << fault.check << " not reported " << fault.expect
                       << " in the first failing stage\n"
                       << why << "reported:\n"
                       << summary(report) << "bundle: " << dir;
    if (fault.expect == "warn") {
        for (const auto& f : report["findings"]) EXPECT_NE(f["status"], "fail") << summary(report);
    }
    if (named && !HasFailure()) fs::remove_all(dir);
}

std::vector<std::string> fault_ids() {
    std::vector<std::string> ids;
    for (const prov::Fault& f : prov::FaultCatalog::builtin().faults()) ids.push_back(f.id);
    return ids;
}

INSTANTIATE_TEST_SUITE_P(Catalog, FaultLoop, ::testing::ValuesIn(fault_ids()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

class HealthyLoop : public ::testing::TestWithParam<prov::Mode> {};

TEST_P(HealthyLoop, NoFail) {
    prov::Scenario s;
    prov::DeviceSpec d;
    d.host = "hp7800";
    d.mode = GetParam();
    s.devices.push_back(d);
    s.site.set("unprovision.run", GetParam() == prov::Mode::oob || GetParam() == prov::Mode::inband
                                      ? "true"
                                      : "false");
    const std::string name = "healthy-" + std::string(prov::mode_name(GetParam()));
    const fs::path dir = simulate(name, s);
    const json report = check_bundle(dir);
    ASSERT_TRUE(report.is_object());
    int fails = 0;
    for (const auto& f : report["findings"]) fails += f["status"] == "fail";
    EXPECT_EQ(fails, 0) << summary(report) << "bundle: " << dir;
    if (!HasFailure()) fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Modes, HealthyLoop,
                         ::testing::Values(prov::Mode::oob, prov::Mode::inband,
                                           prov::Mode::onetouch_psk, prov::Mode::onetouch_pki),
                         [](const ::testing::TestParamInfo<prov::Mode>& i) {
                             std::string n(prov::mode_name(i.param));
                             for (char& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

}  // namespace

namespace {

std::string run_capture(const std::string& cmd) {
    std::unique_ptr<FILE, PipeClose> p(popen(cmd.c_str(), "r"));
    std::string out;
    char buf[65536];
    size_t n = 0;
    while (p && (n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
    return out;
}

TEST(Coverage, EveryAutomaticCheckHasAFault) {
    const json cov = json::parse(
        run_capture(std::string(AMTDIAG_BINARY) + " rules coverage --format json"), nullptr, false);
    ASSERT_TRUE(cov.is_object());
    int automatic = 0;
    for (const auto& c : cov["checks"]) {
        if (!c["automatic"].get<bool>()) continue;
        ++automatic;
        bool found = false;
        for (const prov::Fault& f : prov::FaultCatalog::builtin().faults())
            found = found || f.check == c["check"];
        EXPECT_TRUE(found) << "no fault breaks " << c["check"];
    }
    EXPECT_GE(automatic, 71);
}

// `amtdiag hello send` to `amtdiag listen` on loopback: the record holds the bytes sent, and
// they decode to the fields given on the command line.
TEST(HelloSend, ListenReceivesAndDecodesFieldForField) {
    const fs::path record = fs::temp_directory_path() / "amtdiag-hello-loop.json";
    fs::remove(record);
    const int port = 20000 + static_cast<int>(::getpid() % 20000);
    const std::string bin = AMTDIAG_BINARY;
    std::unique_ptr<FILE, PipeClose> listener(
        popen((bin + " listen --bind 127.0.0.1 --port " + std::to_string(port) +
               " --count 2 --seconds 30 -o '" + record.string() + "' 2>&1")
                  .c_str(),
              "r"));
    ASSERT_TRUE(listener);
    const std::string to = " --to 127.0.0.1:" + std::to_string(port);
    bool sent = false;
    for (int i = 0; i < 50 && !sent; ++i) {
        sent = std::system((bin + " hello send" + to +
                            " --pid 0000-037M --uuid D2FFC23E-9DD1-412D-860A-54B2039B72FF --retry "
                            "3 >/dev/null 2>&1")
                               .c_str()) == 0;
        if (!sent) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(sent);
    ASSERT_EQ(std::system((bin + " hello send" + to + " --hashes default >/dev/null 2>&1").c_str()),
              0);
    std::string said;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, listener.get())) > 0) said.append(buf, n);
    listener.reset();
    const json r = json::parse(std::ifstream(record), nullptr, false);
    ASSERT_TRUE(r.is_object()) << said;
    ASSERT_EQ(r["hellos"].size(), 2u) << said;
    const auto decode = [](const json& h) {
        std::string raw;
        const std::string hex = h["payload_hex"];
        for (size_t i = 0; i + 1 < hex.size(); i += 2)
            raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
        return amtdiag::parsers::hello::decode_hello(raw);
    };
    const auto psk = decode(r["hellos"][0]);
    EXPECT_TRUE(psk.complete);
    EXPECT_EQ(psk.hello.version, 2);
    EXPECT_EQ(psk.hello.admin_credentials, 1);
    EXPECT_EQ(psk.hello.retry, 3u);
    EXPECT_EQ(psk.hello.uuid, "D2FFC23E-9DD1-412D-860A-54B2039B72FF");
    EXPECT_EQ(psk.hello.pid, "0000037M");
    EXPECT_TRUE(psk.pid_checksum_ok);
    const auto pki = decode(r["hellos"][1]);
    EXPECT_TRUE(pki.complete);
    EXPECT_EQ(pki.hello.version, 3);
    EXPECT_EQ(pki.hello.uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    ASSERT_EQ(pki.hello.hashes.size(), 6u);
    EXPECT_EQ(amtdiag::parsers::hello::hex_lower(pki.hello.hashes[0].bytes),
              "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4");
    // What the listener printed names the same fields.
    EXPECT_NE(said.find("PID 0000037M"), std::string::npos) << said;
    EXPECT_NE(said.find("6 hashes"), std::string::npos) << said;
    fs::remove(record);
}

TEST(PidCommand, IntelExampleAndOneChangedCharacter) {
    const std::string bin = AMTDIAG_BINARY;
    EXPECT_EQ(std::system(
                  (bin + " pid verify 0000-037M NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ >/dev/null")
                      .c_str()),
              0);
    const std::string out = run_capture(
        bin + " pid verify 0000-037M NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK 2>&1; echo rc=$?");
    EXPECT_NE(out.find("PPS group 8 of 8"), std::string::npos) << out;
    EXPECT_NE(out.find("rc=1"), std::string::npos) << out;
    EXPECT_EQ(out.find("69XK"), std::string::npos) << "the PPS was printed: " << out;
}

}  // namespace

namespace {

// The checked-in scenarios (analyzer/provisioning/scenarios/): each fault they switch on is
// reported; the healthy site reports no fail.
class ScenarioFiles : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioFiles, AnalyzerReportsTheirFaults) {
    const prov::Scenario s =
        prov::load_scenario_file(std::string(AMTDIAG_SCENARIOS_DIR) + "/" + GetParam());
    const fs::path dir = simulate("scenario-" + s.name, s);
    const json report = check_bundle(dir);
    ASSERT_TRUE(report.is_object());
    int fails = 0;
    for (const auto& f : report["findings"]) fails += f["status"] == "fail";
    if (s.faults.empty()) {
        EXPECT_EQ(fails, 0) << summary(report);
    }
    for (const prov::FaultUse& use : s.faults) {
        const prov::Fault* fault = prov::FaultCatalog::builtin().find(use.id);
        ASSERT_NE(fault, nullptr) << use.id;
        bool found = false;
        for (const auto& f : report["findings"])
            found = found || (f["check"] == fault->check && f["status"] == fault->expect);
        EXPECT_TRUE(found) << use.id << " (" << fault->check << ") not reported\n"
                           << summary(report);
    }
    if (!HasFailure()) fs::remove_all(dir);
}

std::vector<std::string> scenario_files() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(AMTDIAG_SCENARIOS_DIR))
        if (e.path().extension() == ".yaml") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

INSTANTIATE_TEST_SUITE_P(CheckedIn, ScenarioFiles, ::testing::ValuesIn(scenario_files()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param.substr(0, i.param.size() - 5);
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

}  // namespace

namespace {

// The capture is a real pcapng: tcpdump reads it and shows the hello, DHCP, DNS and TLS.
TEST(Capture, TcpdumpReadsIt) {
    if (std::system("command -v tcpdump >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "tcpdump is not installed";
    prov::Scenario s;
    prov::DeviceSpec d;
    d.host = "hp7800";
    s.devices.push_back(d);
    const fs::path dir = simulate("tcpdump", s);
    const std::string out = run_capture(
        "tcpdump -nn -r '" + (dir / "network" / "capture.pcapng").string() + "' 2>&1; echo rc=$?");
    EXPECT_NE(out.find("rc=0"), std::string::npos) << out;
    EXPECT_NE(out.find(".9971: Flags [P.]"), std::string::npos) << out;
    EXPECT_NE(out.find("BOOTP/DHCP"), std::string::npos) << out;
    EXPECT_NE(out.find("A? provisionserver.vprolab.com."), std::string::npos) << out;
    EXPECT_NE(out.find(".16993: Flags [P.]"), std::string::npos) << out;
    EXPECT_EQ(out.find("bad"), std::string::npos) << out;  // no bad checksums reported
    fs::remove_all(dir);
}

}  // namespace

namespace {

// A fleet: a healthy capture longer than the hello schedule's slack does not call provisioned
// devices expired, and a fault mixed into some devices is named on exactly those.
TEST(Fleet, MixedFaultsNamedOnTheirDevicesOnly) {
    prov::Scenario s;
    s.seed = 11;
    prov::Rng pick(99);
    std::set<std::string> faulted;
    for (int i = 0; i < 60; ++i) {
        prov::DeviceSpec d;
        d.host = "pc" + std::to_string(1000 + i);
        s.devices.push_back(d);
        if (pick.unit() < 0.15) {
            s.faults.push_back({"commit-fails", {d.host}});
            faulted.insert(d.host + ".vprolab.com");
        }
    }
    ASSERT_FALSE(faulted.empty());
    const fs::path dir = simulate("fleet", s);
    const json report = check_bundle(dir);
    ASSERT_TRUE(report.is_object());
    std::set<std::string> named;
    for (const auto& f : report["findings"]) {
        if (f["status"] != "fail") continue;
        EXPECT_EQ(f["check"], "log.provision-completed") << summary(report);
        if (f["device"].is_string()) named.insert(f["device"].get<std::string>());
    }
    EXPECT_EQ(named, faulted);
    if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
