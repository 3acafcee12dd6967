#include "analyzer/correlate/task_tracker.h"

namespace amtdiag::correlate {

namespace {

model::SourceRef ref_of(const Fact& fact) {
    model::SourceRef ref;
    ref.artifact.assign(fact.artifact);
    ref.line = fact.line;
    ref.offset = fact.offset;
    return ref;
}

void abandon(TaskTracker::Task& task) {
    task.attempt.outcome = model::Attempt::Outcome::failed;
    task.attempt.abandoned = true;
}

}  // namespace

std::optional<TaskTracker::Task> TaskTracker::begin(uint32_t thread, const Fact& fact,
                                                    uint64_t sequence) {
    std::optional<Task> replaced;
    if (auto it = open_.find(thread); it != open_.end()) {
        replaced = std::move(it->second);
        abandon(*replaced);
        open_.erase(it);
    }
    Task task;
    task.attempt.begin = ref_of(fact);
    task.attempt.begin_time = fact.time;
    task.attempt.last_time = fact.time;
    task.attempt.last_line = fact.line;
    task.attempt.thread = thread;
    task.attempt.sequence = sequence;
    task.last_sequence = sequence;
    open_.emplace(thread, std::move(task));
    return replaced;
}

TaskTracker::Task* TaskTracker::open(uint32_t thread) {
    auto it = open_.find(thread);
    return it == open_.end() ? nullptr : &it->second;
}

void TaskTracker::note(Task& task, const Fact& fact, uint64_t sequence) {
    const TaskMark& mark = fact.task;
    if (mark.role != TaskRole::end && !mark.step.empty())
        task.attempt.last_milestone.assign(mark.step);
    if (mark.type != model::Attempt::Type::unknown &&
        task.attempt.type == model::Attempt::Type::unknown)
        task.attempt.type = mark.type;
    if (mark.success) task.success = true;
    ++task.kind_counts[fact.kind];
    task.last_sequence = sequence;
    task.attempt.last_line = fact.line;
    if (fact.time.has_time) task.attempt.last_time = fact.time;
}

TaskTracker::Task TaskTracker::end(uint32_t thread, const Fact& fact) {
    auto it = open_.find(thread);
    Task task = std::move(it->second);
    open_.erase(it);
    task.attempt.end = ref_of(fact);
    task.attempt.end_time = fact.time;
    task.attempt.outcome =
        task.success ? model::Attempt::Outcome::succeeded : model::Attempt::Outcome::failed;
    return task;
}

std::vector<TaskTracker::Task> TaskTracker::drain(const model::LogTime& stream_last,
                                                  uint64_t stream_sequence) {
    std::vector<Task> out;
    for (auto& [thread, task] : open_) {
        task.attempt.outcome = model::Attempt::Outcome::incomplete;
        const model::LogTime& last = task.attempt.last_time;
        const bool timed = last.has_time && stream_last.has_time;
        const bool abandoned =
            timed ? stream_last.sort_ms() - last.sort_ms() >= policy_.abandoned_after_ms
                  : stream_sequence - task.last_sequence >= policy_.abandoned_after_facts;
        if (abandoned) abandon(task);
        out.push_back(std::move(task));
    }
    open_.clear();
    return out;
}

}  // namespace amtdiag::correlate
