#pragma once
// JUnit XML for CI test views (Jenkins, GitLab, Azure DevOps): one testsuite per provisioning
// stage, one testcase per check (per device when the check is about one: "check [device]"),
// a testsuite "artifacts" with an error for each input that could not be read. Valid against
// the Ant JUnit schema (tests/report/schemas/junit.xsd).
//
//   fail                     <failure type="fail"> message, fix and evidence in the body
//   warn                     <failure type="warn"> with --fail-on warn, else a passed case
//                            whose warning is listed in the suite's system-out
//   pass                     a passed case
//   unknown, manual, skipped <skipped message="unknown: ..."> with what would decide it
#include <iosfwd>

#include "analyzer/model/analysis.h"
#include "analyzer/report/exit_code.h"

namespace amtdiag::report {

void write_junit(const model::Analysis& analysis, FailOn fail_on, std::ostream& out);

}  // namespace amtdiag::report
