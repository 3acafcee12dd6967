// Several files in parallel: units read ahead by workers reach the caller in unit order, the
// caller reads what nobody started, and no more than the window waits in memory.
#include "analyzer/read_ahead.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"

namespace amtdiag {
namespace {

using namespace std::chrono_literals;

TEST(ReadAhead, ResultsComeInUnitOrderWhateverOrderWorkersFinishIn) {
    constexpr size_t kUnits = 40;
    std::atomic<int> running{0}, most{0};
    ReadAhead<std::string> ahead(kUnits, 3, 4, [&](size_t index, size_t) {
        const int now = ++running;
        for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        // Later units finish first, often.
        std::this_thread::sleep_for(std::chrono::microseconds((kUnits - index) % 7 * 300));
        --running;
        return "unit " + std::to_string(index);
    });
    size_t read_here = 0;
    for (size_t i = 0; i < kUnits; ++i) {
        std::this_thread::sleep_for(i % 5 == 0 ? 2ms : 0ms);  // a slow caller now and then
        const auto got = ahead.take(i);
        if (got)
            EXPECT_EQ(*got, "unit " + std::to_string(i));
        else
            ++read_here;
    }
    EXPECT_GT(ahead.read_ahead(), 0u);
    EXPECT_EQ(ahead.read_ahead() + read_here, kUnits);
    EXPECT_LE(most.load(), 3);
}

TEST(ReadAhead, NoWorkerTakesTheUnitTheCallerTakesNextNorMoreThanTheWindow) {
    constexpr size_t kUnits = 30;
    std::atomic<size_t> taken{0};
    std::atomic<bool> too_far{false}, callers_own{false};
    constexpr size_t kWindow = 3;
    ReadAhead<size_t> ahead(kUnits, 2, kWindow, [&](size_t index, size_t) {
        // taken is the caller's next unit (updated after take() returns: at most one behind).
        const size_t next = taken.load();
        if (index > next + kWindow + 1) too_far = true;
        if (index + 1 < next) callers_own = true;  // started after the caller went past it
        std::this_thread::sleep_for(200us);
        return index;
    });
    for (size_t i = 0; i < kUnits; ++i) {
        const auto got = ahead.take(i);
        taken = i + 1;
        if (got) {
            EXPECT_EQ(*got, i);
        }
        std::this_thread::sleep_for(1ms);  // workers fill the window meanwhile
    }
    EXPECT_FALSE(too_far);
    EXPECT_FALSE(callers_own);
    EXPECT_GT(ahead.read_ahead(), kUnits / 2);  // the caller was slow: workers read most
}

TEST(ReadAhead, AnErrorReachesTheCallerAtItsUnitOnly) {
    ReadAhead<int> ahead(6, 2, 6, [](size_t index, size_t) -> int {
        if (index == 3) throw std::runtime_error("unit 3 is broken");
        return static_cast<int>(index);
    });
    std::this_thread::sleep_for(20ms);  // every unit but the first read ahead by now
    for (size_t i = 0; i < 6; ++i) {
        if (i == 3) {
            EXPECT_THROW(ahead.take(i), std::runtime_error);
            continue;
        }
        const auto got = ahead.take(i);
        if (got) {
            EXPECT_EQ(*got, static_cast<int>(i));
        }
    }
}

TEST(ReadAhead, StoppingBeforeEveryUnitIsTakenJoinsTheWorkers) {
    std::atomic<int> started{0};
    {
        ReadAhead<int> ahead(100, 2, 8, [&](size_t, size_t) {
            ++started;
            std::this_thread::sleep_for(1ms);
            return 0;
        });
        ahead.take(0);
        ahead.take(1);
    }  // a cancelled run: the destructor must not wait for the other 98
    EXPECT_LE(started.load(), 2 + 8 + 2);
}

TEST(ReadAhead, OneUnitOrNoWorkersLeaveEveryUnitToTheCaller) {
    ReadAhead<int> none(5, 0, 4, [](size_t, size_t) { return 1; });
    for (size_t i = 0; i < 5; ++i) EXPECT_FALSE(none.take(i).has_value());
    ReadAhead<int> one(1, 2, 4, [](size_t, size_t) { return 1; });
    EXPECT_FALSE(one.take(0).has_value());
}

TEST(ReadAhead, ABundleOfLogsReadAheadGivesTheReportOfOneThread) {
    // Many logs (samples and the hostile corpus: damaged, UTF-16, empty, rollover pairs)
    // beside captures and certificates, which are never read ahead and must keep their place.
    const auto rules = engine::load_rule_set();
    const std::vector<std::string> inputs = {"samples", "tests/fuzz/corpus/cmlog",
                                             "rules/fixtures/net", "tests/parsers/cmlog/fixtures"};
    AnalyzeOptions one;
    one.jobs = 1;
    const std::string reference = report::to_json(analyze(inputs, rules, one));
    for (size_t jobs : {2u, 3u, 4u}) {
        AnalyzeOptions many;
        many.jobs = jobs;
        size_t read_ahead = 0;
        many.units_read_ahead = &read_ahead;
        EXPECT_EQ(report::to_json(analyze(inputs, rules, many)), reference) << jobs;
        EXPECT_GT(read_ahead, 0u) << jobs << " threads read nothing ahead";
    }
    size_t read_ahead = 1;
    one.units_read_ahead = &read_ahead;
    analyze(inputs, rules, one);
    EXPECT_EQ(read_ahead, 0u);  // one thread reads every unit itself
}

}  // namespace
}  // namespace amtdiag
