#pragma once
// A fact on its way into the correlator: a view of one piece of evidence, valid only during
// the call. Log signatures build facts from a record and its captures without copying
// anything (the scan's hot path); structured readers' model::Evidence is viewed the same way
// (Correlator::add). The correlator copies what it keeps into its compact sample store.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/device.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"

namespace amtdiag::correlate {

// One attribute.
struct FactField {
    std::string_view name;
    std::string_view value;  // text form; integers, flags and times too (decimal, "true", ms)
    model::AttrType type = model::AttrType::string;
    const std::vector<std::string>* items = nullptr;  // type list
};

// The device identifiers a fact mentions, as written (the device index normalises them).
struct FactKeys {
    std::string_view fqdn, host, uuid, machine_id, ip, mac;
    bool empty() const {
        return fqdn.empty() && host.empty() && uuid.empty() && machine_id.empty() && ip.empty() &&
               mac.empty();
    }
};

// What a fact says about the provisioning task running on its worker thread (log evidence).
enum class TaskRole : uint8_t { none, begin, target, end };
struct TaskMark {
    TaskRole role = TaskRole::none;
    model::Attempt::Type type = model::Attempt::Type::unknown;  // what the task is, if it says
    bool success = false;   // this fact means the task succeeded
    std::string_view step;  // the milestone (or evidence id) the task reached with this fact
};

struct Fact {
    uint32_t kind = 0;  // from Correlator::declare_kind
    FactKeys keys;
    std::span<const FactField> fields;
    // Where it came from.
    std::string_view artifact;
    uint64_t line = 0, packet = 0, offset = 0;
    uint32_t item = 0;
    std::string_view excerpt;    // stored truncated; captures inside it cost no copy
    uint32_t excerpt_max = 200;  // a log line's first 200 bytes; structured evidence says more
    std::string_view origin;     // the signature that produced it, shown as attribute `signature`
    model::LogTime time;
    model::Severity severity = model::Severity::none;
    // Log context: the worker thread (for task brackets) and what the fact says of the device.
    uint32_t thread = 0;
    bool has_thread = false;
    TaskMark task;
    std::string_view mode;      // "oob" / "inband": the provisioning path it proves
    std::string_view firmware;  // AMT version it names
};

}  // namespace amtdiag::correlate
