#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/artifact.h"
#include "analyzer/model/device.h"
#include "analyzer/model/finding.h"
#include "analyzer/model/finding_list.h"

namespace amtdiag::model {

// How a run was started and how it ended, for the reports that record it (HTML, SARIF, JUnit).
// The default JSON report leaves it out: the same evidence gives the same bytes whoever runs
// it, from whatever folder.
struct Invocation {
    std::vector<std::string> arguments;  // as given, "amtdiag" first
    std::string fail_on = "fail";        // "fail" or "warn" (--fail-on)
    int exit_code = 0;
    std::string start_utc;  // "2026-01-31T12:00:00Z"
    int64_t elapsed_ms = 0;
};

// An operator's answer to a manual check (recorded by a front end that asks the questions).
struct ManualAnswer {
    std::string check;
    std::string device;  // empty: the site
    std::string answer;  // "yes", "no" or the operator's words
    std::string note;
};

// The whole result of one run: what every report writer and the GUI render.
struct Analysis {
    std::string tool_version;
    std::string rules_id;  // rule set name plus a hash of its files
    std::vector<Artifact> artifacts;
    std::vector<Device> devices;
    std::vector<StageVerdict> stages;     // overall, 1..7
    FindingList findings;                 // compact: see FindingList
    std::vector<Evidence> site_timeline;  // evidence naming no device (on request, see analyze.h)
    std::optional<int> first_failing_stage;
    std::optional<Invocation> invocation;  // set by front ends, see Invocation
    std::vector<ManualAnswer> answers;
};

}  // namespace amtdiag::model
