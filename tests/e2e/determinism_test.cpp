// Same inputs in any order give byte-identical JSON.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"

namespace amtdiag {
namespace {

TEST(Determinism, InputOrderDoesNotChangeTheReport) {
    const auto rules = engine::load_rule_set();
    const std::vector<std::string> inputs = {
        "samples/healthy/AMTOPMGR.LOG", "samples/hello-rejected/AMTOPMGR.LOG",
        "samples/cert-template/AMTOPMGR.LOG", "samples/guide-excerpts",
        "samples/unprovision-failure/AMTOPMGR.LOG"};
    const std::string reference = report::to_json(analyze(inputs, rules));
    std::vector<std::string> shuffled = inputs;
    for (int round = 0; round < 4; ++round) {
        std::rotate(shuffled.begin(), shuffled.begin() + 1, shuffled.end());
        if (round % 2) std::reverse(shuffled.begin(), shuffled.end());
        EXPECT_EQ(report::to_json(analyze(shuffled, rules)), reference) << "round " << round;
    }
}

TEST(Determinism, RepeatedRunsAreIdentical) {
    const auto rules = engine::load_rule_set();
    const std::string a = report::to_json(analyze({"samples"}, rules));
    const std::string b = report::to_json(analyze({"samples"}, rules));
    EXPECT_EQ(a, b);
}

TEST(Determinism, OneThreadAndTwoGiveTheSameReport) {
    // Logs, captures, certificates, probes and inventories together: evidence of structured
    // readers must meet the log facts of the second thread in reading order.
    const auto rules = engine::load_rule_set();
    const std::vector<std::string> inputs = {"samples", "rules/fixtures/net", "rules/fixtures/epm",
                                             "rules/fixtures/hotfix", "tests/fuzz/corpus"};
    AnalyzeOptions one, two;
    one.jobs = 1;
    two.jobs = 2;
    const std::string reference = report::to_json(analyze(inputs, rules, one));
    size_t read_ahead = 0;  // several files in parallel: some units read by the second thread
    two.units_read_ahead = &read_ahead;
    EXPECT_EQ(report::to_json(analyze(inputs, rules, two)), reference);
    EXPECT_GT(read_ahead, 0u);
    two.units_read_ahead = nullptr;
    EXPECT_EQ(report::to_json(analyze(inputs, rules, two)), reference);
    // Every log of two pieces or more read in pieces by the threads, cut near every 4 KiB
    // and near every 300 bytes: the same report.
    for (const size_t piece : {size_t{4096}, size_t{300}}) {
        AnalyzeOptions pieces = two;
        pieces.piece_bytes = piece;
        EXPECT_EQ(report::to_json(analyze(inputs, rules, pieces)), reference) << piece;
        pieces.jobs = 3;
        EXPECT_EQ(report::to_json(analyze(inputs, rules, pieces)), reference) << piece;
    }
}

TEST(Determinism, KeepingTheEvidenceStoreChangesNothingInTheReport) {
    // amtdiag check keeps the store until it exits instead of freeing it (AnalyzeOptions::
    // keep_evidence): the store is handed over, and the report is the same bytes.
    const auto rules = engine::load_rule_set();
    std::shared_ptr<void> evidence;
    AnalyzeOptions keep;
    keep.keep_evidence = &evidence;
    const std::string kept = report::to_json(analyze({"samples"}, rules, keep));
    ASSERT_NE(evidence, nullptr);
    EXPECT_EQ(kept, report::to_json(analyze({"samples"}, rules)));
}

}  // namespace
}  // namespace amtdiag
