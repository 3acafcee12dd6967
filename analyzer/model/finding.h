#pragma once
#include <string>
#include <vector>

#include "analyzer/model/source_ref.h"
#include "analyzer/model/status.h"

namespace amtdiag::model {

// What an error code in cited evidence means (from the error-code knowledge base).
struct CodeNote {
    std::string code;  // as the knowledge base spells it
    std::string family;
    std::string name;
    std::string meaning;
};

struct EvidenceRef {
    SourceRef ref;
    std::string time;             // LogTime::to_string(), may be empty
    std::vector<CodeNote> codes;  // the codes its line carries, named
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
    // Checks its cited evidence raised as suspects (the signature's `suspects`), most likely
    // first: shown under it, each decided in a finding of its own.
    std::vector<std::string> suspects;
    int suspect_rank = 0;  // a suspected cause: its place among the candidates (1 = likeliest)
    // > 0: this site-wide finding stands for that many devices, every one of which got this
    // same undecided verdict (unknown or skipped, same message, no evidence). A fleet of
    // 10,000 devices then costs one finding per such check, not 10,000.
    size_t for_all_devices = 0;
};

}  // namespace amtdiag::model
