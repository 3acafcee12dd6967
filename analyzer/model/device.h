#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/status.h"

namespace amtdiag::model {

struct StageVerdict {
    int stage = 0;
    std::string title;
    Status status = Status::unknown;
    int implied_by = 0;  // a later stage whose success implies this one (0: decided directly)
};

// One "Provision task begin" ... "Provision task end" bracket in the operation manager log.
struct Attempt {
    enum class Type : uint8_t { unknown, provision, unprovision };
    enum class Outcome : uint8_t { succeeded, failed, incomplete };
    Type type = Type::unknown;
    Outcome outcome = Outcome::incomplete;
    SourceRef begin;
    SourceRef end;
    LogTime begin_time;
    LogTime end_time;
    std::string last_milestone;  // milestone (or evidence kind) of the last match inside it
    uint32_t thread = 0;
    uint64_t sequence = 0;   // reading order of its first line
    LogTime last_time;       // time of its last line
    uint64_t last_line = 0;  // line of its last line
    // The log went on without it (its worker started another task, or the log ran on well
    // past its last line): it died at last_milestone. Its outcome is then `failed`.
    bool abandoned = false;
    // Evidence kinds inside the task and how often, sorted by kind. A fleet keeps hundreds of
    // thousands of attempts: the kind names are shared between them, not copied into each (a
    // map of strings per attempt was the third largest use of memory on a dense 10,000-device log).
    struct KindCount {
        std::shared_ptr<const std::string> kind;
        uint64_t count = 0;
    };
    std::vector<KindCount> counts;
    uint64_t count_of(std::string_view kind) const;  // 0 when the task holds none
};

std::string_view to_string(Attempt::Type type);
std::string_view to_string(Attempt::Outcome outcome);

// The correlated identity of one AMT client, with what happened to it.
struct Device {
    std::string id;  // stable: fqdn, else uuid, else "machine-<id>", else host
    std::string fqdn;
    std::string host;
    std::string uuid;
    std::string machine_id;
    std::vector<std::string> ips;
    std::vector<std::string> macs;
    std::string mode;               // "oob", "inband" or "" when the evidence does not tell
    std::string firmware;           // AMT core version when a log names it, e.g. "3.2.1"
    std::vector<Attempt> attempts;  // the most recent ones, oldest first (capped)
    uint64_t attempts_total = 0;
    std::vector<Evidence> timeline;  // retained evidence in reading order (on request)
    std::vector<StageVerdict> stages;
    std::optional<int> first_failing_stage;
};

}  // namespace amtdiag::model
