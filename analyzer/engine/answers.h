#pragma once
// The operator's answers to the checks no file can decide: the answers file that
// `amtdiag answers template` writes, `amtdiag check --answers` reads and the GUI reads and
// writes (docs/answers.md). A `no` fails the check with its fix, `n/a` skips it, `yes` passes
// it; evidence always wins over an answer.
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/model/analysis.h"
#include "analyzer/model/finding_list.h"

namespace amtdiag::engine {

struct AnswersError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The question the operator is asked for a check, and how to find out.
std::string question_for(const RuleSet& rules, const CatalogCheck& check);
std::string hint_for(const RuleSet& rules, const CatalogCheck& check);

// The checks that get a question: those the catalog says only a person can decide, or that
// a question rule claims. Catalog order; `stage` 0 means all stages.
std::vector<const CatalogCheck*> questioned_checks(const RuleSet& rules, int stage = 0);

// Writes a file to fill in (every answer empty), YAML, stable order.
void write_answers_template(const RuleSet& rules, int stage, std::ostream& out);
// A string as YAML double-quoted text, the way answers files write every string (control
// characters as \xNN): shared by the template and the GUI's answers file.
std::string yaml_quoted(const std::string& s);

// Reads an answers file; `name` is for messages. Answers are normalised to "yes", "no" and
// "n/a"; an empty answer is dropped (the check stays manual). Errors name file:line.
std::vector<model::ManualAnswer> parse_answers(const std::string& text, const std::string& name,
                                               const Catalog& catalog);
std::vector<model::ManualAnswer> load_answers(const std::string& path, const Catalog& catalog);

// Turns the findings the answers decide (manual or unknown) into pass / fail / skipped.
void apply_answers(const RuleSet& rules, const std::vector<model::ManualAnswer>& answers,
                   model::FindingList& findings);

}  // namespace amtdiag::engine
