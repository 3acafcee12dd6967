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
    // Evidence kinds inside the task and how often, sorted by kind name. A fleet keeps hundreds
    // of thousands of attempts, each counting a dozen kinds or more: a count names its kind by
    // number in `kind_names` (one list shared by every attempt of a run) and holds 32 bits,
    // 8 bytes in all. A shared pointer to the name and a 64-bit count took 24 (52 MB of the
    // 364 MB heap peak of a dense 10,000-device log); a map of strings per attempt, before
    // that, was the third largest use of memory. A count saturates at 4,294,967,295: one task
    // of four billion lines is beyond any log.
    struct KindCount {
        uint32_t kind = 0;  // index into *kind_names
        uint32_t count = 0;
    };
    std::shared_ptr<const std::vector<std::string>> kind_names;
    std::vector<KindCount> counts;
    std::string_view kind_name(const KindCount& c) const { return (*kind_names)[c.kind]; }
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
