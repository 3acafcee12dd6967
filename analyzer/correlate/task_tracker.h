#pragma once
// Provisioning tasks in the operation manager log. Each (un)provisioning runs as a task on a
// worker thread, between a begin marker and an end marker; the lines in between often do not
// name the device ("Get device provisioning state is In Provisioning"). The tracker keeps one
// open task per thread and learns the target from the first fact that names a device (or the
// one marked `target`); lines seen before the target is known wait as pending samples.
//
// Outcomes: succeeded when a success fact was seen inside the task, failed when it ended
// without one. A task the log shows abandoned is failed too: its worker began another task,
// or the log went on well past its last line (TaskPolicy). Only a task still inside that
// window when the log ends is incomplete.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "analyzer/correlate/evidence_store.h"
#include "analyzer/correlate/fact.h"
#include "analyzer/model/device.h"

namespace amtdiag::correlate {

// When the log has gone on without an open task long enough to call it abandoned.
struct TaskPolicy {
    int64_t abandoned_after_ms = 10 * 60 * 1000;  // log time after the task's last line
    uint64_t abandoned_after_facts = 50;          // without times: facts of other tasks after it
};

class TaskTracker {
  public:
    struct Task {
        model::Attempt attempt;
        int draft = -1;  // the device draft, once a fact named it
        bool success = false;
        uint64_t last_sequence = 0;                        // of its last fact
        std::map<uint32_t, uint64_t> kind_counts;          // evidence kind id -> facts inside it
        std::vector<std::pair<uint32_t, Sample>> pending;  // (kind, sample) before the target
    };

    explicit TaskTracker(TaskPolicy policy = {}) : policy_(policy) {}

    // Opens a task on `thread` for a begin fact. The task it replaces on that thread, if any,
    // is returned closed: its worker moved on without ending it, so it was abandoned.
    std::optional<Task> begin(uint32_t thread, const Fact& fact, uint64_t sequence);

    // The open task on `thread`, or nullptr.
    Task* open(uint32_t thread);

    // Notes a fact that belongs to the task: how far it got (the end marker says nothing
    // about that: the step before it is kept), what it is, success, and when it last spoke.
    static void note(Task& task, const Fact& fact, uint64_t sequence);

    // Closes the task on `thread` at its end fact; the outcome follows from its success.
    Task end(uint32_t thread, const Fact& fact);

    // End of stream: every open task, in thread order (deterministic): failed and abandoned
    // when the stream went on long enough without it (its last fact was at `last_sequence`;
    // the stream ended at `stream_last` with `stream_sequence`), otherwise incomplete.
    std::vector<Task> drain(const model::LogTime& stream_last, uint64_t stream_sequence);

  private:
    TaskPolicy policy_;
    std::map<uint32_t, Task> open_;
};

}  // namespace amtdiag::correlate
