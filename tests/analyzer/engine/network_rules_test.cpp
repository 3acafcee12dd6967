// Network rules where the rule tests cannot look: the words of a finding (the packet it
// names), the `where` of evidence, and the rule fixtures staying copies of the reader tests'
// fixtures (scripts/sync_net_rule_fixtures.sh).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "analyzer/analyze.h"
#include "test_files.h"

namespace amtdiag {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A copy: the analysis keeps its findings encoded (model::FindingList).
std::optional<model::Finding> finding(const model::Analysis& a, const std::string& check,
                                      const std::string& device) {
    for (const auto& f : a.findings)
        if (f.check == check && f.device == device && f.rule != "catalog") return f;
    return std::nullopt;
}

TEST(NetworkRules, AnAckWithoutOption15NamesItsPacket) {
    const auto a = analyze({"tests/parsers/pcap/fixtures/dhcp.pcap"}, engine::load_rule_set());
    const auto f = finding(a, "net.dhcp-option-15", "00-1A-2B-3C-4D-99");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->status, model::Status::fail) << f->message;
    EXPECT_NE(f->message.find("DHCP ACK 0x0badf00d"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("dhcp.pcap packet 8"), std::string::npos) << f->message;
    ASSERT_EQ(f->evidence.size(), 1u);
    EXPECT_EQ(f->evidence[0].ref.packet, 8u);
    EXPECT_EQ(f->evidence[0].ref.artifact, "tests/parsers/pcap/fixtures/dhcp.pcap");
}

TEST(NetworkRules, HelloSeriesKnowWhereTheirWindowEnds) {
    AnalyzeOptions options;
    options.timelines = true;
    const auto a = analyze({"tests/parsers/pcap/fixtures/hello-series.pcap"},
                           engine::load_rule_set(), options);
    bool seen = false;
    for (const auto& d : a.devices)
        for (const auto& e : d.timeline)
            if (e.kind == "hello.series") {
                seen = true;
                const model::Attribute* end = e.attribute("window_end");
                const model::Attribute* last = e.attribute("last");
                ASSERT_NE(end, nullptr);
                ASSERT_NE(last, nullptr);
                // The capture's last packet (10:04:00.018) comes 3 ms after the last hello.
                EXPECT_EQ(end->number - last->number, 3);
            }
    EXPECT_TRUE(seen);
}

TEST(NetworkRules, RuleFixturesAreCopiesOfTheReaderFixtures) {
    std::ifstream list("tests/analyzer/engine/net_rule_fixtures.txt");
    std::string path;
    std::set<std::string> names;
    while (std::getline(list, path)) {
        if (path.empty()) continue;
        const std::string name = std::filesystem::path(path).filename().string();
        names.insert(name);
        const std::string original = read_file(path);
        EXPECT_FALSE(original.empty()) << path;
        EXPECT_EQ(read_file("rules/fixtures/net/" + name), original)
            << name << ": run scripts/sync_net_rule_fixtures.sh";
    }
    EXPECT_GE(names.size(), 10u);
    for (const auto& entry : std::filesystem::directory_iterator("rules/fixtures/net"))
        EXPECT_EQ(names.count(entry.path().filename().string()), 1u)
            << entry.path() << " is not listed in tests/analyzer/engine/net_rule_fixtures.txt";
}

}  // namespace
}  // namespace amtdiag
