// Task brackets per worker thread, fed with facts directly.
#include <gtest/gtest.h>

#include "analyzer/correlate/task_tracker.h"

namespace amtdiag::correlate {
namespace {

Fact at_line(uint64_t line, TaskMark mark = {}, uint32_t kind = 0) {
    Fact f;
    f.artifact = "AMTOPMGR.LOG";
    f.line = line;
    f.task = mark;
    f.kind = kind;
    return f;
}

model::LogTime at_minute(int minute) {
    model::LogTime t;
    t.has_time = true;
    t.has_bias = true;
    t.local_ms = int64_t{minute} * 60'000;
    return t;
}

TEST(TaskTracker, BeginOpensEndClosesWithTheOutcomeOfItsFacts) {
    TaskTracker tracker;
    EXPECT_EQ(tracker.open(7), nullptr);
    EXPECT_FALSE(tracker.begin(7, at_line(1), 1).has_value());
    TaskTracker::Task* task = tracker.open(7);
    ASSERT_NE(task, nullptr);
    TaskTracker::note(
        *task, at_line(2, {TaskRole::none, model::Attempt::Type::provision, false, "ms.a"}, 4), 2);
    TaskTracker::note(
        *task, at_line(3, {TaskRole::none, model::Attempt::Type::unprovision, true, "ms.b"}, 4), 3);
    TaskTracker::note(
        *task, at_line(9, {TaskRole::end, model::Attempt::Type::unknown, false, "ms.end"}, 5), 4);
    const TaskTracker::Task done = tracker.end(7, at_line(9));
    EXPECT_EQ(done.attempt.type, model::Attempt::Type::provision);  // the first type said wins
    EXPECT_EQ(done.attempt.outcome, model::Attempt::Outcome::succeeded);
    EXPECT_EQ(done.attempt.last_milestone, "ms.b");  // the end marker is not a step
    EXPECT_EQ(done.attempt.begin.line, 1u);
    EXPECT_EQ(done.attempt.end.line, 9u);
    EXPECT_EQ(done.attempt.last_line, 9u);
    EXPECT_EQ(done.kind_counts.at(4), 2u);
    EXPECT_FALSE(done.attempt.abandoned);
    EXPECT_EQ(tracker.open(7), nullptr);
}

TEST(TaskTracker, EndingWithoutSuccessIsAFailure) {
    TaskTracker tracker;
    tracker.begin(1, at_line(1), 1);
    EXPECT_EQ(tracker.end(1, at_line(2)).attempt.outcome, model::Attempt::Outcome::failed);
}

TEST(TaskTracker, ANewBeginOnTheSameThreadAbandonsTheOldTask) {
    TaskTracker tracker;
    tracker.begin(3, at_line(1), 1);
    tracker.begin(4, at_line(2), 2);
    const auto replaced = tracker.begin(3, at_line(5), 5);
    ASSERT_TRUE(replaced.has_value());
    EXPECT_EQ(replaced->attempt.outcome, model::Attempt::Outcome::failed);
    EXPECT_TRUE(replaced->attempt.abandoned);
    EXPECT_EQ(replaced->attempt.begin.line, 1u);
    EXPECT_EQ(tracker.open(3)->attempt.begin.line, 5u);
    EXPECT_NE(tracker.open(4), nullptr);  // other threads are untouched
}

TEST(TaskTracker, AtTheEndATaskTheLogWentOnWithoutIsAbandonedTheOthersIncomplete) {
    TaskTracker tracker(TaskPolicy{10 * 60'000, 50});
    Fact early = at_line(1);
    early.time = at_minute(0);
    tracker.begin(10, early, 1);  // silent since minute 0
    Fact late = at_line(2);
    late.time = at_minute(25);
    tracker.begin(20, late, 2);  // spoke 5 minutes before the end
    const auto drained = tracker.drain(at_minute(30), 3);
    ASSERT_EQ(drained.size(), 2u);
    EXPECT_EQ(drained[0].attempt.thread, 10u);
    EXPECT_EQ(drained[0].attempt.outcome, model::Attempt::Outcome::failed);
    EXPECT_TRUE(drained[0].attempt.abandoned);
    EXPECT_EQ(drained[1].attempt.outcome, model::Attempt::Outcome::incomplete);
    EXPECT_FALSE(drained[1].attempt.abandoned);
    EXPECT_TRUE(tracker.drain(at_minute(30), 3).empty());
}

TEST(TaskTracker, WithoutTimesTheFactsAfterATaskDecide) {
    TaskTracker tracker(TaskPolicy{10 * 60'000, 50});
    tracker.begin(1, at_line(1), 1);
    tracker.begin(2, at_line(2), 40);
    const auto drained = tracker.drain({}, 60);
    EXPECT_TRUE(drained[0].attempt.abandoned);   // 59 facts of other tasks after it
    EXPECT_FALSE(drained[1].attempt.abandoned);  // 20 after it
}

}  // namespace
}  // namespace amtdiag::correlate
