// A verdict every device shares and that decides nothing (the same skipped or unknown) costs
// one site-wide finding for the fleet, not one per device; anything device-specific stays per
// device.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"

namespace amtdiag {
namespace {

// Two devices: the healthy sample and a copy of it for another host, MachineId and UUID.
std::vector<std::string> two_device_logs() {
    const auto dir = std::filesystem::temp_directory_path() / "amtdiag-fleet-findings";
    std::filesystem::create_directories(dir);
    std::ifstream in("samples/healthy/AMTOPMGR.LOG", std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    std::string other = std::regex_replace(text, std::regex("hp7800"), "hp7900");
    other = std::regex_replace(other, std::regex("MachineId = 48"), "MachineId = 49");
    other = std::regex_replace(other, std::regex("C284DE32"), "C284DE33");
    std::ofstream(dir / "a.log", std::ios::binary) << text;
    std::ofstream(dir / "b.log", std::ios::binary) << other;
    return {(dir / "a.log").string(), (dir / "b.log").string()};
}

TEST(FleetFindings, ASharedUndecidedVerdictIsOneFindingForAllDevices) {
    const auto rules = engine::load_rule_set();
    const model::Analysis a = analyze(two_device_logs(), rules);
    ASSERT_EQ(a.devices.size(), 2u);
    std::map<std::pair<std::string, std::string>, int> per_rule_check;  // (rule, check) -> count
    size_t collapsed = 0;
    for (const auto& f : a.findings) {
        ++per_rule_check[{f.rule, f.check}];
        if (f.for_all_devices == 0) continue;
        ++collapsed;
        EXPECT_EQ(f.for_all_devices, 2u) << f.check;
        EXPECT_TRUE(f.device.empty()) << f.check;
        EXPECT_TRUE(f.status == model::Status::skipped || f.status == model::Status::unknown);
        EXPECT_TRUE(f.evidence.empty());
    }
    EXPECT_GE(collapsed, 1u) << "the firmware-bound translator checks are skipped on both";
    for (const auto& f : a.findings) {
        if (f.for_all_devices > 0) {
            EXPECT_EQ((per_rule_check[{f.rule, f.check}]), 1) << f.check << " also per device";
        }
    }

    // Each device still passes its own provisioning, with its own evidence.
    size_t provisioned = 0;
    for (const auto& f : a.findings)
        if (f.check == "log.provision-completed" && f.status == model::Status::pass &&
            !f.device.empty())
            ++provisioned;
    EXPECT_EQ(provisioned, 2u);
    for (const auto& d : a.devices) EXPECT_FALSE(d.first_failing_stage.has_value()) << d.id;
}

// `n` devices in one log: the healthy sample once per device, each with its own host name,
// MachineId and UUID, and every other one failing its SOAP call.
std::string fleet_log(int n) {
    const auto dir = std::filesystem::temp_directory_path() / "amtdiag-fleet-jobs";
    std::filesystem::create_directories(dir);
    std::ifstream healthy_in("samples/healthy/AMTOPMGR.LOG", std::ios::binary);
    const std::string healthy((std::istreambuf_iterator<char>(healthy_in)), {});
    std::ifstream soap_in("samples/soap-failure/AMTOPMGR.LOG", std::ios::binary);
    const std::string soap((std::istreambuf_iterator<char>(soap_in)), {});
    std::ofstream out(dir / "AMTOPMGR.LOG", std::ios::binary);
    for (int i = 0; i < n; ++i) {
        char uuid[16];
        std::snprintf(uuid, sizeof uuid, "%08X", 0xC2840000u + static_cast<unsigned>(i));
        std::string text = i % 2 ? soap : healthy;
        text = std::regex_replace(text, std::regex("hp7800"), "pc" + std::to_string(i));
        text = std::regex_replace(text, std::regex("MachineId = 48"),
                                  "MachineId = " + std::to_string(1000 + i));
        text = std::regex_replace(text, std::regex("C284DE32"), uuid);
        out << text;
    }
    return (dir / "AMTOPMGR.LOG").string();
}

TEST(FleetFindings, TheReportIsTheSameOnOneThreadAndOnTwo) {
    const auto rules = engine::load_rule_set();
    const std::string log = fleet_log(160);  // 64 devices per thread at least: two threads
    AnalyzeOptions one, two;
    one.jobs = 1;
    two.jobs = 2;
    const model::Analysis a = analyze({log}, rules, one);
    EXPECT_GE(a.devices.size(), 150u);
    EXPECT_EQ(report::to_json(a), report::to_json(analyze({log}, rules, two)));
}

TEST(FleetFindings, OneDeviceKeepsItsFindingsAsItsOwn) {
    const auto rules = engine::load_rule_set();
    const model::Analysis a = analyze({"samples/healthy"}, rules);
    for (const auto& f : a.findings) EXPECT_EQ(f.for_all_devices, 0u) << f.check;
}

}  // namespace
}  // namespace amtdiag
