#pragma once
// The one library call every front end uses: artifacts in, Analysis out.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/model/analysis.h"
#include "analyzer/phase_clock.h"

namespace amtdiag {

// Where a run is: what a progress bar (the GUI) or a terminal line (`check` on a TTY) shows.
struct AnalyzeProgress {
    uint64_t bytes_done = 0;   // of the files being read, including the ones finished
    uint64_t bytes_total = 0;  // the sizes of every file that will be read
    size_t files_done = 0;
    size_t files_total = 0;
    std::string current;  // the file being read ("" once reading is over)
};

// Thrown by analyze() when the progress callback asked to stop: no partial Analysis exists.
class AnalysisCancelled : public std::runtime_error {
  public:
    AnalysisCancelled() : std::runtime_error("analysis cancelled") {}
};

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
    // Threads (--jobs); 0 = every core this process may use. Results never depend on it.
    size_t jobs = 0;
    // With more than one thread, a log of at least two pieces of this size is read in pieces
    // by all of them (parsers/cmlog/reader.h); 0 = 8 MiB. Tests make it small.
    size_t piece_bytes = 0;
    // Called on the analysing thread after every block a streaming reader consumes (256 KiB
    // for logs) and after every file; returning false cancels the run (AnalysisCancelled).
    // Unset: no calls, no cost.
    std::function<bool(const AnalyzeProgress&)> progress;
    // Set: each phase's wall time, CPU time and peak memory are appended (--timings).
    std::vector<PhaseTiming>* timings = nullptr;
    // Set: the scan's evidence store (every device's samples, millions of small blocks on a
    // large fleet) is handed over here instead of freed before analyze() returns. `amtdiag
    // check` keeps it until the process ends, which takes the memory back at once; freeing it
    // cost 0.3 s of a 10 s run.
    std::shared_ptr<void>* keep_evidence = nullptr;
    // Set: how many units (files, or .lo_ + .log pairs) worker threads read ahead of the one
    // being correlated (several files in parallel; only with more than one thread).
    size_t* units_read_ahead = nullptr;
};

// `inputs` are files or folders (searched recursively). Inputs that cannot be read become
// artifacts with status error; the rest is analysed. Same inputs in any order give the same
// Analysis.
model::Analysis analyze(const std::vector<std::string>& inputs, const engine::RuleSet& rules,
                        const AnalyzeOptions& options = {});

// The threads `options.jobs` stands for (0: the cores this process may use).
size_t effective_jobs(const AnalyzeOptions& options);

std::string_view tool_version();

}  // namespace amtdiag
