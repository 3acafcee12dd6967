#include "analyzer/engine/answers.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "analyzer/engine/expression/suggest.h"

namespace amtdiag::engine {

namespace {

constexpr std::string_view kEntryKeys[] = {"check", "device",   "answer",         "note",
                                           "stage", "question", "how_to_find_out"};

[[noreturn]] void fail(const std::string& name, const YAML::Mark& mark, const std::string& what) {
    throw AnswersError(name + ":" + std::to_string(mark.line + 1) + ": " + what);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// "yes", "no", "n/a", or "" for unanswered; nullopt for anything else.
std::optional<std::string> normalised_answer(const std::string& raw) {
    std::string a = lower(raw);
    a.erase(0, a.find_first_not_of(" \t"));
    a.erase(a.find_last_not_of(" \t") + 1);
    if (a.empty() || a == "~" || a == "null") return std::string();
    if (a == "yes" || a == "y" || a == "true") return std::string("yes");
    if (a == "no" || a == "n" || a == "false") return std::string("no");
    if (a == "n/a" || a == "na" || a == "not applicable") return std::string("n/a");
    return std::nullopt;
}

// The template is written by hand so its order and comments are stable; every string goes
// through yaml_quoted().
std::string quoted(const std::string& s) {
    return yaml_quoted(s);
}

const Rule* question_rule(const RuleSet& rules, const std::string& check) {
    for (const auto& rule : rules.rules)
        if (!rule.question.empty() &&
            std::find(rule.checks.begin(), rule.checks.end(), check) != rule.checks.end())
            return &rule;
    return nullptr;
}

bool only_manual(const CatalogCheck& check) {
    return std::all_of(check.evidence.begin(), check.evidence.end(),
                       [](const std::string& k) { return k == "manual"; });
}

}  // namespace

std::string question_for(const RuleSet& rules, const CatalogCheck& check) {
    if (const Rule* rule = question_rule(rules, check.id)) return rule->question;
    return "Does this hold? " + check.summary;
}

std::string hint_for(const RuleSet& rules, const CatalogCheck& check) {
    if (const Rule* rule = question_rule(rules, check.id); rule != nullptr && !rule->hint.empty())
        return rule->hint;
    return check.how_to_check;
}

std::vector<const CatalogCheck*> questioned_checks(const RuleSet& rules, int stage) {
    std::vector<const CatalogCheck*> out;
    for (const auto& check : rules.catalog.checks) {
        if (check.deprecated) continue;
        if (stage != 0 &&
            std::find(check.stages.begin(), check.stages.end(), stage) == check.stages.end())
            continue;
        const bool manual = std::find(check.evidence.begin(), check.evidence.end(), "manual") !=
                            check.evidence.end();
        if (manual || question_rule(rules, check.id) != nullptr || only_manual(check))
            out.push_back(&check);
    }
    return out;
}

std::string yaml_quoted(const std::string& s) {
    std::string out = "\"";
    for (const unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

void write_answers_template(const RuleSet& rules, int stage, std::ostream& out) {
    out << "# amtdiag answers: what no file can tell. Answer each question with yes, no or n/a\n"
           "# (not applicable), or leave it empty to keep the check manual. Give the file to\n"
           "# `amtdiag check --answers FILE`: a `no` fails the check with its fix, `n/a` skips\n"
           "# it, `yes` passes it. Evidence always decides over an answer. Add `device: FQDN`\n"
           "# to an entry to answer for one device only; `note` is shown in the reports.\n"
           "schema: amtdiag.answers/1\n"
           "answers:\n";
    int last_stage = -1;
    for (const CatalogCheck* check : questioned_checks(rules, stage)) {
        const int first = check->stages.empty() ? 0 : check->stages.front();
        if (first != last_stage) {
            const CatalogStage* s = rules.catalog.stage(first);
            out << "\n  # Stage " << first << (s != nullptr ? ": " + s->title : std::string())
                << "\n";
            last_stage = first;
        }
        out << "  - check: " << check->id << "\n"
            << "    stage: " << first << "\n"
            << "    question: " << quoted(question_for(rules, *check)) << "\n";
        if (const std::string hint = hint_for(rules, *check); !hint.empty())
            out << "    how_to_find_out: " << quoted(hint) << "\n";
        out << "    answer: \"\"  # yes | no | n/a\n"
            << "    note: \"\"\n";
    }
}

std::vector<model::ManualAnswer> parse_answers(const std::string& text, const std::string& name,
                                               const Catalog& catalog) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail(name, e.mark, "not YAML: " + e.msg);
    }
    if (!root.IsMap() || !root["answers"])
        throw AnswersError(name +
                           ": not an answers file (no 'answers:' list; write one with "
                           "`amtdiag answers template`)");
    const YAML::Node list = root["answers"];
    if (!list.IsSequence() && !list.IsNull()) fail(name, list.Mark(), "'answers' must be a list");
    std::vector<std::string> ids;
    for (const auto& c : catalog.checks) ids.push_back(c.id);
    std::vector<model::ManualAnswer> out;
    std::map<std::pair<std::string, std::string>, int> seen;  // (check, device) -> line
    for (const auto& entry : list) {
        if (!entry.IsMap()) fail(name, entry.Mark(), "each answer is a mapping (check, answer)");
        for (const auto& kv : entry) {
            const std::string key = kv.first.as<std::string>();
            if (std::find(std::begin(kEntryKeys), std::end(kEntryKeys), key) !=
                std::end(kEntryKeys))
                continue;
            std::string message = "unknown key '" + key + "'";
            if (const auto best = expr::closest_name(key, kEntryKeys))
                message += " (did you mean '" + *best + "'?)";
            fail(name, kv.first.Mark(), message);
        }
        auto text_of = [&](const char* key) {
            const YAML::Node n = entry[key];
            return n && !n.IsNull() ? n.as<std::string>() : std::string();
        };
        model::ManualAnswer a;
        a.check = text_of("check");
        if (a.check.empty()) fail(name, entry.Mark(), "an answer without 'check'");
        if (catalog.find(a.check) == nullptr) {
            std::string message = "unknown check id '" + a.check + "'";
            if (const auto best = expr::closest_name(a.check, ids))
                message += " (did you mean '" + *best + "'?)";
            fail(name, entry["check"].Mark(), message);
        }
        const auto answer = normalised_answer(text_of("answer"));
        if (!answer)
            fail(name, entry["answer"].Mark(),
                 "answer for " + a.check + " must be yes, no or n/a, not '" + text_of("answer") +
                     "'");
        if (answer->empty()) continue;
        a.answer = *answer;
        a.device = lower(text_of("device"));
        a.note = text_of("note");
        const int line = entry.Mark().line + 1;
        if (auto [it, fresh] = seen.emplace(std::make_pair(a.check, a.device), line); !fresh)
            fail(name, entry.Mark(),
                 a.check + " is answered twice (first at line " + std::to_string(it->second) + ")");
        out.push_back(std::move(a));
    }
    // Catalog order, site answers first: the reports list them the same whatever the file's order.
    std::sort(out.begin(), out.end(), [&](const auto& x, const auto& y) {
        const size_t px = catalog.index.at(x.check), py = catalog.index.at(y.check);
        return px != py ? px < py : x.device < y.device;
    });
    return out;
}

std::vector<model::ManualAnswer> load_answers(const std::string& path, const Catalog& catalog) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw AnswersError(path + ": cannot read the answers file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_answers(text.str(), path, catalog);
}

void apply_answers(const RuleSet& rules, const std::vector<model::ManualAnswer>& answers,
                   model::FindingList& findings) {
    if (answers.empty()) return;  // nothing to decode
    findings.change_each([&](model::Finding& f) {
        // A device's own answer before the site-wide one.
        const model::ManualAnswer* answer = nullptr;
        for (const auto& a : answers) {
            if (a.check != f.check) continue;
            if (!a.device.empty() && a.device == f.device) {
                answer = &a;
                break;
            }
            if (a.device.empty() && answer == nullptr) answer = &a;
        }
        if (answer == nullptr) return false;
        const CatalogCheck* check = rules.catalog.find(f.check);
        if (check == nullptr) return false;
        const std::string note = answer->note.empty() ? "" : " Note: " + answer->note;
        if (f.status != model::Status::manual && f.status != model::Status::unknown) {
            f.message +=
                " (answered '" + answer->answer + "' by the operator; the evidence decides)";
            return true;
        }
        const std::string question = question_for(rules, *check);
        if (answer->answer == "yes") {
            f.status = model::Status::pass;
            f.message = "Answered yes: " + question + note;
        } else if (answer->answer == "no") {
            f.status = model::Status::fail;
            f.message = "Answered no: " + question + note;
        } else {
            f.status = model::Status::skipped;
            f.message = "Not applicable, as answered: " + question + note;
        }
        f.needs.clear();
        // The question's rule decided it (through the operator): reports and rule tests name it.
        const Rule* asked = question_rule(rules, f.check);
        f.rule = asked != nullptr ? asked->id : std::string("answers");
        return true;
    });
}

}  // namespace amtdiag::engine
