#pragma once
// Writes the operator's answers as the answers file `amtdiag check --answers` reads
// (schema amtdiag.answers/1, the format of `amtdiag answers template`): every questioned
// check, the answered ones filled in, so the file can be finished by hand later.
#include <iosfwd>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/model/analysis.h"

namespace amtdiag::gui {

void write_answers_file(const engine::RuleSet& rules,
                        const std::vector<model::ManualAnswer>& answers, std::ostream& out);

}  // namespace amtdiag::gui
