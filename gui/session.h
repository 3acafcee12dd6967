#pragma once
// What the wizard's pages share: the rule set, the evidence named, the provisioning method,
// the operator's answers and the last Analysis. Owned by the window; pages read it and ask
// the window for changes (signals), so there is one place where a run is started.
#include <QStringList>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/model/analysis.h"

namespace amtdiag::gui {

struct Session {
    std::shared_ptr<const engine::RuleSet> rules;
    QStringList inputs;             // files and folders, as the user gave them
    std::vector<std::string> mode;  // AnalyzeOptions::mode words; empty: the evidence decides
    std::vector<model::ManualAnswer> answers;
    std::shared_ptr<const model::Analysis> analysis;  // null until the first run
    // analysis->findings decoded once: the pages index them, point at them and look
    // suspects up among them, which on the compact list would decode a finding per look.
    std::vector<model::Finding> findings;

    void set_analysis(std::shared_ptr<const model::Analysis> result) {
        analysis = std::move(result);
        findings = analysis ? analysis->findings.to_vector() : std::vector<model::Finding>();
    }

    const model::ManualAnswer* answer_for(const std::string& check,
                                          const std::string& device) const {
        for (const auto& a : answers)
            if (a.check == check && a.device == device) return &a;
        return nullptr;
    }
    // An empty answer removes it (the check goes back to manual).
    void set_answer(const std::string& check, const std::string& device, const std::string& answer,
                    const std::string& note = {}) {
        std::erase_if(answers,
                      [&](const auto& a) { return a.check == check && a.device == device; });
        if (answer.empty()) return;
        model::ManualAnswer a;
        a.check = check;
        a.device = device;
        a.answer = answer;
        a.note = note;
        answers.push_back(std::move(a));
        // The engine and the answers file list them in catalog order, site answers first.
        if (rules) {
            const auto& index = rules->catalog.index;
            auto pos = [&](const std::string& id) {
                const auto it = index.find(id);
                return it == index.end() ? index.size() : it->second;
            };
            std::stable_sort(answers.begin(), answers.end(), [&](const auto& x, const auto& y) {
                const size_t px = pos(x.check), py = pos(y.check);
                return px != py ? px < py : x.device < y.device;
            });
        }
    }
};

}  // namespace amtdiag::gui
