#pragma once
// The exit code of an analysing run: one rule for every front end (the CLI now, the GUI's
// "run as CI would" later), after testssl.sh and Specmatic: 0 no failed check, 1 a failed check
// (or a warning when warnings fail the run), 2 nothing could be read. Usage errors are the
// front end's own 2.
#include <cstdint>
#include <optional>
#include <string_view>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// --fail-on: which finding statuses fail the run.
enum class FailOn : uint8_t { fail, warn };

std::string_view to_string(FailOn fail_on);
std::optional<FailOn> fail_on_from_string(std::string_view text);

// Whether a finding with this status fails the run: what JUnit calls a failure too.
bool fails_run(model::Status status, FailOn fail_on);

// Artifacts that gave something to analyse (read and not empty).
size_t readable_artifacts(const model::Analysis& analysis);

// The code for the whole analysis; compute it before --device or --stage narrow what is shown.
int exit_code(const model::Analysis& analysis, FailOn fail_on);

}  // namespace amtdiag::report
