// The progress callback: counts that end exact, that never run backwards, a report that does
// not depend on whether anyone watches, and a "stop" that stops.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"

namespace amtdiag {
namespace {

// A log large enough for several 256 KiB blocks: the sample repeated. One folder per test:
// ctest runs tests in parallel.
std::filesystem::path make_large_log() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("amtdiag-progress-" +
                      std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "AMTOPMGR.LOG";
    std::ifstream in("samples/healthy/AMTOPMGR.LOG", std::ios::binary);
    const std::string sample((std::istreambuf_iterator<char>(in)), {});
    std::ofstream out(path, std::ios::binary);
    while (out.tellp() < 3 * 1024 * 1024) out << sample;
    return path;
}

TEST(Progress, CountsRiseToTheTotalAndDoNotChangeTheReport) {
    const auto rules = engine::load_rule_set();
    const std::string log = make_large_log().string();
    const std::vector<std::string> inputs = {log, "samples/cert-template"};
    AnalyzeOptions watched;
    std::vector<AnalyzeProgress> calls;
    watched.progress = [&](const AnalyzeProgress& p) {
        calls.push_back(p);
        return true;
    };
    const std::string with = report::to_json(analyze(inputs, rules, watched));
    EXPECT_EQ(with, report::to_json(analyze(inputs, rules)));

    ASSERT_GT(calls.size(), 12u) << "a 3 MiB log is read in 256 KiB blocks, each reported";
    const uint64_t total = calls.back().bytes_total;
    EXPECT_GE(total, std::filesystem::file_size(log));
    EXPECT_EQ(calls.back().bytes_done, total);
    EXPECT_EQ(calls.back().files_done, calls.back().files_total);
    EXPECT_TRUE(calls.back().current.empty());
    for (size_t i = 1; i < calls.size(); ++i) {
        EXPECT_GE(calls[i].bytes_done, calls[i - 1].bytes_done) << "call " << i;
        EXPECT_LE(calls[i].bytes_done, total);
    }
    bool saw_log = false;
    for (const auto& c : calls) saw_log |= c.current == log && c.bytes_done > 0;
    EXPECT_TRUE(saw_log) << "the large log reports progress while it is read";
}

TEST(Progress, AFalseAnswerCancelsInsideALargeFile) {
    const auto rules = engine::load_rule_set();
    const std::string log = make_large_log().string();
    AnalyzeOptions options;
    size_t calls = 0;
    options.progress = [&](const AnalyzeProgress& p) {
        ++calls;
        return p.bytes_done < 1024 * 1024;  // stop after the first MiB
    };
    EXPECT_THROW(analyze({log}, rules, options), AnalysisCancelled);
    EXPECT_LT(calls, 12u) << "cancelled within the file, not after reading all of it";
}

}  // namespace
}  // namespace amtdiag
