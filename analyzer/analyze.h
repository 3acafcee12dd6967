#pragma once
// The one library call every front end uses: artifacts in, Analysis out.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/model/analysis.h"

namespace amtdiag {

struct AnalyzeOptions {
    size_t samples_first = 3;  // evidence kept per device and kind: the first N...
    size_t samples_last = 3;   // ...and the last N (counts are always exact)
    bool hash_artifacts = true;
    // Fill Device::timeline and Analysis::site_timeline with the retained evidence (the GUI's
    // log view and `amtdiag cert inspect` want it; reports do not).
    bool timelines = false;
    // When certificates are judged (--at); otherwise the last provisioning attempt the logs
    // show, otherwise the time of the run.
    std::optional<int64_t> at_ms;
    std::string amt_version;                  // --amt-version: the firmware rules judge against
    std::optional<std::string> pfx_password;  // for PKCS#12 files; a secret, never printed
    std::vector<std::string> mode;            // --mode words: oob, inband, onetouch, pki, psk
    // --answers: the operator's answers to manual checks (engine/answers.h), normalised.
    std::vector<model::ManualAnswer> answers;
};

// `inputs` are files or folders (searched recursively). Inputs that cannot be read become
// artifacts with status error; the rest is analysed. Same inputs in any order give the same
// Analysis.
model::Analysis analyze(const std::vector<std::string>& inputs, const engine::RuleSet& rules,
                        const AnalyzeOptions& options = {});

std::string_view tool_version();

}  // namespace amtdiag
