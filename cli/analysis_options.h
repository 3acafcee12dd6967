#pragma once
// Command-line options every analysing command shares (check, cert inspect): where rules come
// from, when certificates are judged, which firmware, the PKCS#12 password.
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "analyzer/analyze.h"
#include "analyzer/engine/rule_set.h"

namespace amtdiag::cli {

struct AnalysisOptionValues {
    std::vector<std::string> rule_dirs;
    std::string at;
    std::string amt_version;
    std::string password_file;
    std::string mode;     // --mode: comma-separated oob|inband|onetouch and pki|psk
    std::string answers;  // --answers FILE (check only)
    size_t jobs = 0;      // --jobs N; 0 = every core
};

void add_analysis_options(boost::program_options::options_description& options,
                          AnalysisOptionValues& values);

// Checks the values and fills `out`; on a problem prints it (prefixed with `command`) and
// returns false. The password comes from --pfx-password-file, else AMTDIAG_PFX_PASSWORD; no
// message ever repeats it.
bool resolve_analysis_options(const AnalysisOptionValues& values, const std::string& command,
                              AnalyzeOptions& out);

// Loads the built-in rules plus --rules folders; false (after printing why) on a bad rule.
// Reads --answers against the loaded catalog (answers name check ids); prints the problem.
bool load_answers_option(const AnalysisOptionValues& values, const std::string& command,
                         const engine::RuleSet& rules, AnalyzeOptions& out);

bool load_rules(const AnalysisOptionValues& values, const std::string& command,
                engine::RuleSet& out);

}  // namespace amtdiag::cli
