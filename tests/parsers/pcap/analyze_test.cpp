// A capture through analyze(), beside the operation manager log: the hellos and the log line
// about the same device make one device, not two.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/analyze.h"
#include "test_files.h"

namespace amtdiag {
namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(AnalyzeCapture, HellosAndTheLogJoinOnTheUuid) {
    testing::TempDir dir;
    const std::string capture = dir.write("hellos.pcap", file_bytes("fixtures/hello-series.pcap"));
    // The UUID as the operation manager prints it.
    const std::string log = dir.write(
        "AMTOPMGR.LOG",
        testing::sms("Warning: AMT device 939B524B-13D4-1D18-E487-1C697A6B7A2B is a SMS client. "
                     "Reject hello message to provision.",
                     "10:05:00.000", 4242));
    static const engine::RuleSet rules = engine::load_rule_set();
    const model::Analysis a = analyze({capture, log}, rules);
    ASSERT_EQ(a.artifacts.size(), 2u);
    for (const auto& art : a.artifacts) EXPECT_EQ(art.status, model::ReadStatus::ok) << art.error;
    ASSERT_EQ(a.devices.size(), 1u);
    EXPECT_EQ(a.devices[0].id, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    bool capture_listed = false;
    for (const auto& art : a.artifacts)
        if (art.kind == "pcap")
            capture_listed = art.provides == std::vector<std::string>{"pcap-hello"};
    EXPECT_TRUE(capture_listed);
}

TEST(AnalyzeCapture, ACaptureIsReadNotRefused) {
    testing::TempDir dir;
    const std::string capture =
        dir.write("dhcp.pcapng", file_bytes("fixtures/two-interfaces.pcapng"));
    static const engine::RuleSet rules = engine::load_rule_set();
    const model::Analysis a = analyze({capture}, rules);
    ASSERT_EQ(a.artifacts.size(), 1u);
    EXPECT_EQ(a.artifacts[0].status, model::ReadStatus::ok) << a.artifacts[0].error;
    EXPECT_EQ(a.artifacts[0].kind, "pcap");
    EXPECT_FALSE(a.artifacts[0].sha256.empty());
}

}  // namespace
}  // namespace amtdiag
