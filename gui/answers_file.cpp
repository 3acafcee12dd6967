#include "gui/answers_file.h"

#include <ostream>
#include <set>
#include <string>

#include "analyzer/engine/answers.h"

namespace amtdiag::gui {

namespace {

std::string quoted(const std::string& s) {
    return engine::yaml_quoted(s);
}

void write_entry(std::ostream& out, const engine::RuleSet& rules, const engine::CatalogCheck* check,
                 const std::string& id, const model::ManualAnswer* answer) {
    out << "  - check: " << id << "\n";
    if (answer != nullptr && !answer->device.empty())
        out << "    device: " << quoted(answer->device) << "\n";
    if (check != nullptr) {
        if (!check->stages.empty()) out << "    stage: " << check->stages.front() << "\n";
        out << "    question: " << quoted(engine::question_for(rules, *check)) << "\n";
    }
    out << "    answer: " << quoted(answer != nullptr ? answer->answer : std::string())
        << "  # yes | no | n/a\n"
        << "    note: " << quoted(answer != nullptr ? answer->note : std::string()) << "\n";
}

}  // namespace

void write_answers_file(const engine::RuleSet& rules,
                        const std::vector<model::ManualAnswer>& answers, std::ostream& out) {
    out << "# amtdiag answers, written by amtdiag-gui. Answer each question with yes, no or n/a\n"
           "# (not applicable), or leave it empty to keep the check manual. Give the file to\n"
           "# `amtdiag check --answers FILE`.\n"
           "schema: amtdiag.answers/1\n"
           "answers:\n";
    std::set<std::string> written;  // check ids with a site entry already written
    for (const auto* check : engine::questioned_checks(rules)) {
        const model::ManualAnswer* site = nullptr;
        for (const auto& a : answers)
            if (a.check == check->id && a.device.empty()) site = &a;
        write_entry(out, rules, check, check->id, site);
        written.insert(check->id);
    }
    // Answers for one device, and for checks the catalog does not question (an unknown
    // answered by hand), follow.
    for (const auto& a : answers) {
        if (a.device.empty() && written.count(a.check) != 0) continue;
        write_entry(out, rules, rules.catalog.find(a.check), a.check, &a);
    }
}

}  // namespace amtdiag::gui
