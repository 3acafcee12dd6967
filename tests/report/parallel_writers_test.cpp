// Writers that split a fleet's findings among threads: the bytes must be those of one thread,
// whatever the number of threads and wherever the blocks end.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

#include "analyzer/report/json_report.h"
#include "analyzer/report/redact.h"
#include "report_support.h"

namespace amtdiag {
namespace {

// The hostile analysis with its findings repeated into a fleet: more than a few blocks of
// findings per thread, and a count that leaves the last block short. Every copy differs (its
// device and message), so a block written twice or out of order changes the bytes.
model::Analysis fleet(size_t findings) {
    model::Analysis a = testing::hostile_analysis();
    const std::vector<model::Finding> originals = a.findings.to_vector();
    a.findings.clear();
    a.findings.reserve(findings);
    for (size_t i = 0; a.findings.size() < findings; ++i) {
        model::Finding f = originals[i % originals.size()];
        std::string n = std::to_string(i);
        f.device.append(n);
        f.message.resize(std::min<size_t>(f.message.size(), 160));  // 3000 chars: slow
        f.message.append(" copy ").append(n).append(" password=hunter").append(n);
        a.findings.push_back(std::move(f));
    }
    return a;
}

std::string json(const model::Analysis& a, unsigned jobs, bool compact) {
    std::ostringstream out;
    report::write_json(a, out, {.compact = compact, .jobs = jobs});
    return out.str();
}

TEST(ParallelWriters, JsonFindingsWrittenByAnyNumberOfThreadsAreTheSameBytes) {
    const model::Analysis a = fleet(2048 * 5 + 7);
    for (bool compact : {false, true}) {
        const std::string one = json(a, 1, compact);
        ASSERT_NE(one.find("copy 10246 "), std::string::npos);
        for (unsigned jobs : {2u, 3u})
            EXPECT_TRUE(json(a, jobs, compact) == one) << jobs << " threads, compact " << compact;
    }
}

TEST(ParallelWriters, FewFindingsStayOnOneThreadAndMatchToo) {
    const model::Analysis a = fleet(100);
    EXPECT_EQ(json(a, 4, false), json(a, 1, false));
}

TEST(ParallelWriters, RedactionByAnyNumberOfThreadsMasksEveryFinding) {
    const model::Analysis original = fleet(4096 * 2 + 5);
    model::Analysis one = original;
    report::redact_secrets(one, 1);
    for (const auto& f : one.findings)
        ASSERT_EQ(f.message.find("hunter"), std::string::npos) << f.message;
    for (unsigned jobs : {2u, 3u}) {
        model::Analysis many = original;
        report::redact_secrets(many, jobs);
        EXPECT_TRUE(json(many, 1, true) == json(one, 1, true)) << jobs << " threads";
    }
}

}  // namespace
}  // namespace amtdiag
