// The closed loop: for every fault of the catalog, simulate a deployment with it, run
// `amtdiag check --format json` on the bundle, and require the fault's check to be reported
// (fail, or warn where the rule warns on purpose) in the first failing stage of its device
// (of the site, for site findings). A healthy deployment of each mode must give no fail.
// A fault the analyzer cannot name is a bug in the engine or in a rule, never in this test.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/provisioning/engine.h"
#include "analyzer/provisioning/fault_catalog.h"

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
