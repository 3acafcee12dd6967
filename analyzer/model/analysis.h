#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/artifact.h"
#include "analyzer/model/device.h"
#include "analyzer/model/finding.h"

namespace amtdiag::model {

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
    std::vector<StageVerdict> stages;  // overall, 1..7
    std::vector<Finding> findings;
    std::vector<Evidence> site_timeline;  // evidence naming no device (on request, see analyze.h)
    std::optional<int> first_failing_stage;
    std::vector<ManualAnswer> answers;
};

}  // namespace amtdiag::model
