#pragma once
// A message signature from rules/signatures/*.yaml: one RE2 pattern that turns a log record
// into typed evidence. Loading lives in engine/rule_set; matching in signature_matcher.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/severity.h"

namespace re2 {
class RE2;
}

namespace amtdiag::scan {

enum class AttemptRole : uint8_t { none, begin, target, end };

struct Signature {
    std::string id;
    std::string milestone;          // catalog ms.* id, may be empty
    std::vector<std::string> logs;  // artifact kinds it applies to
    std::string emits;              // evidence kind
    model::Severity severity = model::Severity::info;
    std::string source;  // guide-figure-N | public-excerpt | modeled
    std::string pattern;
    AttemptRole attempt = AttemptRole::none;
    std::string attempt_type;  // provision | unprovision | ""
    bool attempt_success = false;
    bool progress = true;  // false: bookkeeping, never a task's last step
    std::string mode;      // oob | inband | "": what the evidence says of the device
    // Checks that could explain the line when the log alone cannot tell which (a failed
    // connection: ports, DNS, the MEBX account), most likely first, each with why.
    struct Suspect {
        std::string check;
        std::string why;
    };
    std::vector<Suspect> suspects;
    // Known quirks: when every named group equals its value, the line is harmless and raises
    // no suspects (SetMEBxPassword answering 0x10 after an administrator changed the password).
    struct Quirk {
        std::vector<std::pair<std::string, std::string>> when;
        std::string why;
    };
    std::vector<Quirk> quirks;
    std::vector<std::string> examples_match;
    std::vector<std::string> examples_no_match;
    std::string defined_in;  // "file:line" for messages
    // The pattern as the rule loader compiled it (it must prove every pattern compiles), shared
    // by the matchers so none compiles it again; null for signatures built elsewhere (tests).
    std::shared_ptr<const re2::RE2> compiled;
};

}  // namespace amtdiag::scan
