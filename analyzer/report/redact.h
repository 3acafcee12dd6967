#pragma once
// Secrets never leave the tool in a report. The evidence store masks log excerpts as they are
// read; this is the last pass before any writer, for everything else a report shows: attribute
// values (a signature may capture one), messages and fixes that quote them, artifact errors and
// notes, operator answers, the command line, and whatever a JSON report read back holds.
#include "analyzer/model/analysis.h"

namespace amtdiag::report {

// Masks every value that follows a secret-bearing keyword (scan::mask_secrets) and the whole
// value of an attribute whose name is one ("password", "pps", "psk", ...). Idempotent: a
// report read back and redacted again is the same.
// The findings are split among `jobs` threads (a fleet's report holds hundreds of thousands).
void redact_secrets(model::Analysis& analysis, unsigned jobs = 1);

}  // namespace amtdiag::report
