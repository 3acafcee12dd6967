#pragma once
// Provisioning tasks in the operation manager log. Each (un)provisioning runs as a task on a
// worker thread, between a begin marker and an end marker; the lines in between often do not
// name the device ("Get device provisioning state is In Provisioning"). The tracker keeps one
// open task per thread and learns the target from the first fact that names a device (or the
// one marked `target`); lines seen before the target is known wait as pending samples.
//
// Outcomes: succeeded when a success fact was seen inside the task, failed when it ended
// without one, incomplete when the stream ended (or a new task began on the thread) first.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "analyzer/correlate/evidence_store.h"
#include "analyzer/correlate/fact.h"
#include "analyzer/model/device.h"

namespace amtdiag::correlate {

class TaskTracker {
  public:
    struct Task {
        model::Attempt attempt;
        int draft = -1;  // the device draft, once a fact named it
        bool success = false;
        std::vector<std::pair<uint32_t, Sample>> pending;  // (kind, sample) before the target
    };

    // Opens a task on `thread` for a begin fact. The task it replaces on that thread, if any,
    // is returned closed as incomplete.
    std::optional<Task> begin(uint32_t thread, const Fact& fact, uint64_t sequence);

    // The open task on `thread`, or nullptr.
    Task* open(uint32_t thread);

    // Notes what a fact that belongs to the task says: how far it got, what it is, success.
    // The end marker says nothing about how far the task got: the step before it is kept.
    static void note(Task& task, const TaskMark& mark);

    // Closes the task on `thread` at its end fact; the outcome follows from its success.
    Task end(uint32_t thread, const Fact& fact);

    // End of stream: every open task, closed as incomplete, in thread order (deterministic).
    std::vector<Task> drain();

  private:
    std::map<uint32_t, Task> open_;
};

}  // namespace amtdiag::correlate
