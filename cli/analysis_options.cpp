#include "cli/analysis_options.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include <re2/re2.h>

#include "analyzer/engine/answers.h"
#include "analyzer/engine/applicability.h"
#include "analyzer/engine/expression/time_format.h"
#include "analyzer/report/safe_text.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

namespace {

std::optional<int64_t> parse_time_option(std::string text) {
    if (text.size() == 10) text += "T00:00:00Z";  // a date alone: its start, UTC
    const auto ts = engine::expr::parse_timestamp(text);
    return ts ? std::optional<int64_t>(ts->ms) : std::nullopt;
}

bool is_version(const std::string& text) {
    static const RE2 version(R"(\d+(\.\d+){0,3})");
    return RE2::FullMatch(text, version);
}

}  // namespace

void add_analysis_options(po::options_description& options, AnalysisOptionValues& values) {
    options.add_options()("rules", po::value(&values.rule_dirs)->value_name("DIR"),
                          "add the rules in DIR (repeatable)")(
        "at", po::value(&values.at)->value_name("TIME"),
        "judge certificate validity at TIME (2030-06-01 or RFC 3339); default: the last "
        "provisioning attempt in the logs, else now")(
        "amt-version", po::value(&values.amt_version)->value_name("VERSION"),
        "the clients' AMT firmware (e.g. 16.1) where no evidence names it")(
        "pfx-password-file", po::value(&values.password_file)->value_name("FILE"),
        "password of PKCS#12 (.pfx/.p12) files: the first line of FILE (or set "
        "AMTDIAG_PFX_PASSWORD); never printed")(
        "mode", po::value(&values.mode)->value_name("MODE"),
        "how the clients are provisioned, where the evidence does not say: oob, inband or "
        "onetouch, and/or pki or psk (comma-separated, e.g. oob,pki)")(
        "jobs,j", po::value(&values.jobs)->value_name("N")->default_value(0, "all cores"),
        "threads to use; the report is the same whatever N is");
}

bool resolve_analysis_options(const AnalysisOptionValues& values, const std::string& command,
                              AnalyzeOptions& out) {
    out.jobs = values.jobs;
    if (!values.at.empty()) {
        out.at_ms = parse_time_option(values.at);
        if (!out.at_ms) {
            std::cerr << command
                      << ": --at wants a date (2030-06-01) or an RFC 3339 time "
                         "(2030-06-01T12:00:00Z), not '"
                      << values.at << "'\n";
            return false;
        }
    }
    if (!values.amt_version.empty() && !is_version(values.amt_version)) {
        std::cerr << command << ": --amt-version wants a version such as 3.2.1 or 16.1, not '"
                  << values.amt_version << "'\n";
        return false;
    }
    out.amt_version = values.amt_version;
    out.mode.clear();
    for (size_t pos = 0; !values.mode.empty() && pos <= values.mode.size();) {
        size_t comma = values.mode.find(',', pos);
        if (comma == std::string::npos) comma = values.mode.size();
        const std::string word = values.mode.substr(pos, comma - pos);
        pos = comma + 1;
        if (!engine::is_mode_word(word)) {
            std::cerr << command
                      << ": --mode takes oob, inband or onetouch and/or pki or psk "
                         "(comma-separated), not '"
                      << word << "'\n";
            return false;
        }
        out.mode.push_back(word);
    }
    if (!values.password_file.empty()) {
        std::ifstream in(values.password_file, std::ios::binary);
        std::string line;
        if (!in || !std::getline(in, line)) {
            std::cerr << command << ": cannot read the password file " << values.password_file
                      << "\n";
            return false;
        }
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
        out.pfx_password = std::move(line);
    } else if (const char* env = std::getenv("AMTDIAG_PFX_PASSWORD")) {
        out.pfx_password = std::string(env);
    }
    return true;
}

bool load_answers_option(const AnalysisOptionValues& values, const std::string& command,
                         const engine::RuleSet& rules, AnalyzeOptions& out) {
    if (values.answers.empty()) return true;
    try {
        out.answers = engine::load_answers(values.answers, rules.catalog);
    } catch (const engine::AnswersError& e) {
        std::cerr << command << ": " << report::safe_text(e.what()) << "\n";
        return false;
    }
    return true;
}

bool load_rules(const AnalysisOptionValues& values, const std::string& command,
                engine::RuleSet& out) {
    engine::RuleSetOptions rule_options;
    for (const auto& d : values.rule_dirs) rule_options.extra_dirs.emplace_back(d);
    try {
        out = engine::load_rule_set(rule_options);
    } catch (const engine::RuleLoadError& e) {
        std::cerr << command << ": rules: " << e.what() << "\n";
        return false;
    }
    return true;
}

}  // namespace amtdiag::cli
