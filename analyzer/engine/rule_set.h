#pragma once
// Loading the rule set: the built-in files embedded in the binary, plus any directories the
// user adds (their rules with an existing id replace the built-in ones).
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer/engine/catalog.h"
#include "analyzer/engine/error_codes.h"
#include "analyzer/engine/rule.h"
#include "analyzer/scan/signature.h"

namespace amtdiag::engine {

struct RuleSet {
    Catalog catalog;
    std::vector<scan::Signature> signatures;
    std::vector<Rule> rules;
    std::vector<std::string> files;     // where everything came from, in load order
    std::set<std::string> cited_kinds;  // evidence kinds some expression reads with ev()/site_ev()
    expr::Map data;  // `data:` of the rule files: constants and tables rules read as `data.x`
    std::map<std::string, std::string> fixtures;  // "fixtures/..." -> bytes, for rule tests
    ErrorCodes error_codes;                       // data.error_codes, indexed
    std::string id;                               // "builtin-<sha256 prefix>" or "custom-<...>"
};

struct RuleLoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RuleSetOptions {
    bool builtin = true;
    std::vector<std::filesystem::path> extra_dirs;
};

// Throws RuleLoadError naming the file, line and problem.
RuleSet load_rule_set(const RuleSetOptions& options = {});

// The names rule expressions may use (variables and host functions): see docs/rules.md.
const std::set<std::string>& rule_expression_names();

// Problems `amtdiag rules lint` reports: unknown check ids, catalog checks or milestones no
// rule or signature claims, duplicate ids, signatures whose examples do not behave.
struct LintIssue {
    std::string where;
    std::string message;
    bool error = true;  // warnings do not fail `rules lint`
};
std::vector<LintIssue> lint_rule_set(const RuleSet& rules);

}  // namespace amtdiag::engine
