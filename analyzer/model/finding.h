#pragma once
#include <string>
#include <vector>

#include "analyzer/model/source_ref.h"
#include "analyzer/model/status.h"

namespace amtdiag::model {

struct EvidenceRef {
    SourceRef ref;
    std::string time;  // LogTime::to_string(), may be empty
};

// A rule's verdict on one catalog check, for one device or for the site (device empty).
struct Finding {
    std::string check;  // catalog id, e.g. "ca.template-read-enroll"
    Status status = Status::unknown;
    std::vector<int> stages;  // catalog stages of the check
    int verdict_stage = 0;    // the stage whose verdict this finding moves (0: none)
    std::string component;
    std::string device;  // device id, empty for site-wide findings
    std::string message;
    std::string fix;
    std::vector<std::string> refs;
    std::vector<EvidenceRef> evidence;
    std::vector<std::string> needs;  // artifact kinds that would decide an unknown
    std::string rule;                // id of the rule that decided it
};

}  // namespace amtdiag::model
