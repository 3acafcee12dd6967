// Task brackets per worker thread, fed with facts directly.
#include <gtest/gtest.h>

#include "analyzer/correlate/task_tracker.h"

namespace amtdiag::correlate {
namespace {

Fact at_line(uint64_t line) {
    Fact f;
    f.artifact = "AMTOPMGR.LOG";
    f.line = line;
    return f;
}

TEST(TaskTracker, BeginOpensEndClosesWithTheOutcomeOfItsFacts) {
    TaskTracker tracker;
    EXPECT_EQ(tracker.open(7), nullptr);
    EXPECT_FALSE(tracker.begin(7, at_line(1), 1).has_value());
    TaskTracker::Task* task = tracker.open(7);
    ASSERT_NE(task, nullptr);
    TaskTracker::note(*task, {TaskRole::none, model::Attempt::Type::provision, false, "ms.a"});
    TaskTracker::note(*task, {TaskRole::none, model::Attempt::Type::unprovision, true, "ms.b"});
    TaskTracker::note(*task, {TaskRole::end, model::Attempt::Type::unknown, false, "ms.end"});
    const TaskTracker::Task done = tracker.end(7, at_line(9));
    EXPECT_EQ(done.attempt.type, model::Attempt::Type::provision);  // the first type said wins
    EXPECT_EQ(done.attempt.outcome, model::Attempt::Outcome::succeeded);
    EXPECT_EQ(done.attempt.last_milestone, "ms.b");  // the end marker is not a step
    EXPECT_EQ(done.attempt.begin.line, 1u);
    EXPECT_EQ(done.attempt.end.line, 9u);
    EXPECT_EQ(tracker.open(7), nullptr);
}

TEST(TaskTracker, EndingWithoutSuccessIsAFailure) {
    TaskTracker tracker;
    tracker.begin(1, at_line(1), 1);
    EXPECT_EQ(tracker.end(1, at_line(2)).attempt.outcome, model::Attempt::Outcome::failed);
}

TEST(TaskTracker, ANewBeginOnTheSameThreadClosesTheOldTaskIncomplete) {
    TaskTracker tracker;
    tracker.begin(3, at_line(1), 1);
    tracker.begin(4, at_line(2), 2);
    const auto replaced = tracker.begin(3, at_line(5), 5);
    ASSERT_TRUE(replaced.has_value());
    EXPECT_EQ(replaced->attempt.outcome, model::Attempt::Outcome::incomplete);
    EXPECT_EQ(replaced->attempt.begin.line, 1u);
    EXPECT_EQ(tracker.open(3)->attempt.begin.line, 5u);
    EXPECT_NE(tracker.open(4), nullptr);  // other threads are untouched
}

TEST(TaskTracker, DrainClosesEverythingIncompleteInThreadOrder) {
    TaskTracker tracker;
    tracker.begin(30, at_line(1), 1);
    tracker.begin(10, at_line(2), 2);
    tracker.begin(20, at_line(3), 3);
    const auto drained = tracker.drain();
    ASSERT_EQ(drained.size(), 3u);
    EXPECT_EQ(drained[0].attempt.thread, 10u);
    EXPECT_EQ(drained[2].attempt.thread, 30u);
    for (const auto& t : drained) EXPECT_EQ(t.attempt.outcome, model::Attempt::Outcome::incomplete);
    EXPECT_TRUE(tracker.drain().empty());
}

}  // namespace
}  // namespace amtdiag::correlate
