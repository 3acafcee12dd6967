// The amtdiag command as a user runs it: exit codes, formats, files, colours.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "run_amtdiag.h"
#include "test_files.h"

namespace {

using amtdiag::testing::run;
using amtdiag::testing::RunResult;

TEST(Cli, NonexistentInputExits2WithAClearMessage) {
    const RunResult r = run("check /nonexistent");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("/nonexistent"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("No such file or directory"), std::string::npos) << r.out;
}

TEST(Cli, HealthySampleExits0) {
    const RunResult r = run("check samples/healthy");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("Stage  Status"), std::string::npos);
    EXPECT_NE(r.out.find("No stage fails."), std::string::npos);
}

TEST(Cli, FailedCheckExits1AndShowsTheFirstFailingStageFirst) {
    const RunResult r = run("check samples/cert-template");
    EXPECT_EQ(r.code, 1) << r.out;
    const size_t table = r.out.find("Stage  Status");
    const size_t first = r.out.find("First failing stage: 3");
    const size_t finding = r.out.find("FAIL    ca.template-read-enroll");
    ASSERT_NE(table, std::string::npos);
    ASSERT_NE(first, std::string::npos) << r.out;
    ASSERT_NE(finding, std::string::npos) << r.out;
    EXPECT_LT(table, first);
    EXPECT_LT(first, finding);
    EXPECT_NE(r.out.find("AMTOPMGR.LOG:"), std::string::npos) << "evidence as file:line";
    EXPECT_NE(r.out.find("fix: "), std::string::npos);
}

TEST(Cli, UsageErrorsExit2) {
    EXPECT_EQ(run("check").code, 2);
    EXPECT_EQ(run("check --format xml samples/healthy").code, 2);
    EXPECT_EQ(run("check --stage 9 samples/healthy").code, 2);
    EXPECT_EQ(run("frobnicate").code, 2);
    EXPECT_EQ(run("check --no-such-option samples/healthy").code, 2);
}

TEST(Cli, OnlyUnreadableInputsExit2EvenWithAReport) {
    amtdiag::testing::TempDir dir;
    const std::string bin = dir.write("blob.bin", std::string(100, '\0') + "\x01\x02\x03");
    const RunResult r = run("check " + bin + " --format json");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("\"status\": \"error\""), std::string::npos) << r.out;
}

TEST(Cli, JsonToFileAndWarnPolicy) {
    amtdiag::testing::TempDir dir;
    const std::string out = dir.path() + "/report.json";
    const RunResult r = run("check samples/soap-failure --format json -o " + out);
    EXPECT_EQ(r.code, 1);
    std::ifstream in(out);
    std::stringstream json;
    json << in.rdbuf();
    EXPECT_EQ(json.str().rfind("{\n  \"schema\": \"amtdiag.report/1\"", 0), 0u)
        << json.str().substr(0, 80);
}

TEST(Cli, DeviceAndStageFilters) {
    const RunResult r = run("check samples/guide-excerpts --device hp7800.vprolab.com --stage 7");
    EXPECT_EQ(r.code, 1);  // the whole run has a failure even if this device has none
    EXPECT_NE(r.out.find("Findings for stage 7"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("C284DE32"), std::string::npos) << "other device filtered out";
    EXPECT_EQ(run("check samples/healthy --device nosuch.example.com").code, 2);
}

TEST(Cli, ColoursOnlyWhenAskedOrOnATerminal) {
    EXPECT_EQ(run("check samples/cert-template").out.find("\033["), std::string::npos);
    EXPECT_NE(run("check samples/cert-template --color always", "").out.find("\033[41;93m"),
              std::string::npos);
    EXPECT_EQ(run("check samples/cert-template --color auto", "NO_COLOR=1").out.find("\033["),
              std::string::npos);
}

TEST(Cli, VersionHelpAndRules) {
    EXPECT_EQ(run("--version").code, 0);
    EXPECT_NE(run("--version").out.find("amtdiag "), std::string::npos);
    EXPECT_EQ(run("check --help").code, 0);
    const RunResult list = run("rules list");
    EXPECT_EQ(list.code, 0);
    EXPECT_NE(list.out.find("opmgr/cert-retry-without-certificate"), std::string::npos);
    const RunResult lint = run("rules lint");
    EXPECT_EQ(lint.code, 0) << lint.out;
    EXPECT_NE(lint.out.find("0 errors"), std::string::npos);
}

}  // namespace

namespace {

// --timings reports every phase on stderr; the report itself stays the machine format.
TEST(Cli, TimingsGoToStderrOnly) {
    amtdiag::testing::TempDir dir;
    const std::string out = dir.path() + "/report.json";
    const RunResult r = run("check samples/healthy --format json --timings -o " + out);
    EXPECT_EQ(r.code, 0) << r.out;
    for (const char* phase : {"rules", "read+match", "correlate", "evaluate", "report", "total"})
        EXPECT_NE(r.out.find(std::string("\n  ") + phase), std::string::npos) << phase;
    std::ifstream in(out);
    std::stringstream json;
    json << in.rdbuf();
    EXPECT_EQ(json.str().rfind("{\n  \"schema\"", 0), 0u) << json.str().substr(0, 80);
    EXPECT_EQ(json.str().find("timings"), std::string::npos);
    EXPECT_EQ(run("check samples/healthy --format json").out.find("timings"), std::string::npos);
}

// A log of at least `bytes` (the operation manager's idle lines), for runs large enough to be
// worth re-executing for.
std::string write_large_log(const amtdiag::testing::TempDir& dir, size_t bytes) {
    const std::string path = dir.path() + "/amtopmgr.log";
    const std::string line =
        "Waiting for incoming hello message from AMT devices...  $$<SMS_AMT_OPERATION_MANAGER>"
        "<01-14-2009 13:43:12.000+480><thread=3012 (0xBC4)>\n";
    std::string block;
    while (block.size() < (size_t{1} << 20)) block += line;
    std::ofstream out(path, std::ios::binary);
    for (size_t written = 0; written < bytes; written += block.size()) out << block;
    return path;
}

// check re-executes itself with a larger thread cache, and on one thread with glibc's
// huge-page heap (when the kernel gives huge pages on request), once its inputs are large; a
// user's own setting of a tunable wins, others are kept. With more threads the huge pages are
// not asked for (they cost more than they save there), and small inputs are not re-executed
// for at all (that costs more than it wins).
TEST(Cli, LargeRunsUseHugePagesAndALargerThreadCacheUnlessTheUserSaysOtherwise) {
    std::ifstream modes_file("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(modes_file, modes);
    if (modes.find("[madvise]") == std::string::npos) GTEST_SKIP() << "kernel THP mode: " << modes;
    amtdiag::testing::TempDir dir;
    const std::string log = write_large_log(dir, (size_t{32} << 20) + 1);
    const std::string args = "check " + log + " --format json --timings -j 1 -o /dev/null";
    const std::string huge = "heap        transparent huge pages (glibc.malloc.hugetlb=1)";
    const std::string cache = "glibc.malloc.tcache_count=256";
    const RunResult large = run(args);
    EXPECT_NE(large.out.find(huge + ", " + cache), std::string::npos) << large.out;
    const RunResult other = run(args, "GLIBC_TUNABLES=glibc.malloc.arena_max=2");
    EXPECT_NE(other.out.find(huge + ", " + cache), std::string::npos) << other.out;
    const RunResult no_huge = run(args, "GLIBC_TUNABLES=glibc.malloc.hugetlb=0");
    EXPECT_NE(no_huge.out.find("heap        4 KiB pages, " + cache), std::string::npos)
        << no_huge.out;
    const RunResult own_cache = run(args, "GLIBC_TUNABLES=glibc.malloc.tcache_count=9");
    EXPECT_NE(own_cache.out.find(huge + ", glibc.malloc.tcache_count=9\n"), std::string::npos)
        << own_cache.out;

    const RunResult two = run("check " + log + " --format json --timings -j 2 -o /dev/null");
    EXPECT_NE(two.out.find("heap        4 KiB pages, " + cache + "\n"), std::string::npos)
        << two.out;
    // Under valgrind the re-executed run would be valgrind's tool itself, which refuses.
    const RunResult valgrind = run(args, "LD_PRELOAD=/nonexistent/vgpreload_core-amd64-linux.so");
    EXPECT_NE(valgrind.out.find("heap        4 KiB pages\n"), std::string::npos) << valgrind.out;
    const RunResult small = run("check samples/healthy --format json --timings -j 1 -o /dev/null");
    EXPECT_NE(small.out.find("heap        4 KiB pages\n"), std::string::npos) << small.out;
}

}  // namespace
