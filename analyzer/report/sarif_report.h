#pragma once
// SARIF 2.1.0 for code-scanning and review tools: one run, the checks as rules, every finding
// as a result. Valid against the official schema (tests/report/schemas/sarif-schema-2.1.0.json).
//
//   finding   kind           level     (SARIF: level must be "none" unless kind is "fail")
//   fail      fail           error
//   warn      fail           warning
//   pass      pass           none
//   unknown   open           none      (more evidence would decide it: properties.needs)
//   manual    review         none      (a person answers it)
//   skipped   notApplicable  none
//
// Evidence becomes locations (the first) and related locations (the rest): the artifact path
// as given (percent-encoded) and the line, or the packet or item number as a location property.
// partialFingerprints hash check, device and rule: the same finding matches across runs
// whatever lines moved.
#include <iosfwd>
#include <string>
#include <string_view>

#include "analyzer/engine/catalog.h"
#include "analyzer/model/analysis.h"
#include "analyzer/report/exit_code.h"

namespace amtdiag::report {

struct SarifOptions {
    const engine::Catalog* catalog = nullptr;  // rule descriptions; without it, from findings
    FailOn fail_on = FailOn::fail;             // the exit code when no invocation is recorded
};

void write_sarif(const model::Analysis& analysis, const SarifOptions& options, std::ostream& out);

// A path as a URI reference: unreserved characters and '/' stay, everything else is
// percent-encoded (so "C:" never reads as a scheme and spaces are legal).
std::string uri_reference(std::string_view path);

// Where the checks are documented (helpUri): the project's docs/checks.md, one anchor each.
std::string check_help_uri(std::string_view check);

}  // namespace amtdiag::report
