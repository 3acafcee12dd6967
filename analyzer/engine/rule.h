#pragma once
// A check rule from rules/checks/*.yaml, compiled. See docs/rules.md for the schema.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/expression/expression.h"
#include "analyzer/model/status.h"

namespace amtdiag::engine {

// "Wait {{count('log.cert_wait')}} times" split into literal text and expressions.
struct MessageTemplate {
    struct Part {
        std::string text;  // literal text, or the source of `expression`
        std::optional<expr::Expression> expression;
    };
    std::vector<Part> parts;
};

struct RuleTest {
    std::string name;
    std::string log;  // log text, written to a temporary AMTOPMGR.LOG
    std::string file_name = "AMTOPMGR.LOG";
    // More files for the same run (certificates, captures): the name to write and the bytes.
    struct File {
        std::string name;
        std::string bytes;
    };
    std::vector<File> files;
    // What `amtdiag check` would be told on its command line.
    std::optional<int64_t> at_ms;  // --at
    std::string amt_version;       // --amt-version
    std::optional<std::string> pfx_password;
    std::vector<std::string> mode;               // --mode
    std::map<std::string, std::string> answers;  // --answers: check -> yes / no / n/a
    struct Expect {
        std::string check;
        std::string device;  // "" = site finding
        model::Status status = model::Status::unknown;
        bool absent = false;  // `status: none`: this rule must say nothing here
    };
    std::vector<Expect> expect;
};

enum class RuleScope : uint8_t { device, site };

// How far a rule has been proven (Sigma's status): stable rules decide; test and
// experimental rules are shown as such in reports and `rules coverage`.
enum class RuleStatus : uint8_t { stable, test, experimental };

// How bad a failure of the rule is, in SARIF's words (error, warning, note).
enum class RuleLevel : uint8_t { error, warning, note };

// When a rule applies (the guide's provisioning paths and firmware ranges). An empty list
// or range means any. What the evidence (or --mode / --amt-version) does not tell never
// skips a rule: only a known mismatch does.
struct Applicability {
    std::vector<std::string> modes;  // oob, inband, onetouch
    std::vector<std::string> auth;   // pki, psk
    std::string amt;                 // firmware range as written: ">= 6.0, < 11.0"
    // `amt` parsed: each bound is (operator, version) with operator one of < <= > >= ==.
    std::vector<std::pair<std::string, std::string>> amt_bounds;
    bool any() const { return modes.empty() && auth.empty() && amt_bounds.empty(); }
};

struct Rule {
    std::string id;
    std::vector<std::string> checks;
    RuleScope scope = RuleScope::device;
    std::vector<std::string> needs;  // artifact kinds; none given => unknown
    // Named expressions evaluated once per scope, in order; later expressions of the rule
    // (and later lets) use them as variables.
    std::vector<std::pair<std::string, expr::Expression>> lets;
    // Per let: true when its value is the same in every scope (it reads nothing of a device,
    // directly or through an earlier let), so it is computed once per run and not per device:
    // a let over every DNS exchange of a site costs O(exchanges), not O(devices x exchanges).
    std::vector<bool> let_is_site_constant;
    std::optional<expr::Expression> when;          // false => the rule says nothing
    std::optional<expr::Expression> applies_when;  // false => skipped
    std::string skip_reason;
    int verdict_stage = 0;  // 0 => lowest catalog stage of the check
    std::optional<expr::Expression> fail_when;
    std::optional<expr::Expression> warn_when;
    std::optional<expr::Expression> pass_when;
    model::Status otherwise = model::Status::unknown;
    std::optional<expr::Expression> cite;  // list of evidence to show
    std::map<model::Status, MessageTemplate> messages;
    std::string fix;  // overrides the catalog's fix when set
    // Metadata (docs/rules.md, "Rule metadata"): required except `references` and `applies`.
    RuleStatus status = RuleStatus::stable;
    RuleLevel level = RuleLevel::error;
    std::string citation;                 // the guide section the rule implements
    std::vector<std::string> references;  // KB numbers, articles
    Applicability applies;
    // A question for the operator (manual checks): asked by `amtdiag answers template` and
    // the GUI; `hint` says how to find out (the catalog's how_to_check when empty).
    std::string question;
    std::string hint;
    bool decides() const { return fail_when || warn_when || pass_when; }
    std::vector<RuleTest> tests;
    std::string defined_in;  // "file:line"
};

std::string_view to_string(RuleStatus status);
std::string_view to_string(RuleLevel level);

}  // namespace amtdiag::engine
