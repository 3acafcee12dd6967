#include "cli/rules_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include <nlohmann/json.hpp>

#include "analyzer/engine/coverage.h"
#include "analyzer/engine/rule_set.h"
#include "analyzer/rule_tests.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
    return out.empty() ? "-" : out;
}

}  // namespace

namespace {

// Exit 1 when a catalog check is claimed by no rule: CI runs this.
int print_coverage(const engine::RuleSet& rules, const std::string& format) {
    const auto coverage = engine::rule_coverage(rules);
    size_t unclaimed = 0, automatic = 0, manual_only = 0;
    for (const auto& c : coverage) {
        if (!c.claimed()) ++unclaimed;
        if (c.automatic()) ++automatic;
        if (!c.automatic() && c.manual) ++manual_only;
    }
    if (format == "json") {
        nlohmann::ordered_json checks = nlohmann::ordered_json::array();
        for (const auto& c : coverage) {
            nlohmann::ordered_json j;
            j["check"] = c.check->id;
            j["stages"] = c.check->stages;
            j["rules"] = c.deciding_rules;
            j["questions"] = c.question_rules;
            j["automatic"] = c.automatic();
            j["artifact_kinds"] = c.artifact_kinds;
            j["manual"] = c.manual;
            j["fixtures"] = c.fixtures;
            j["claimed"] = c.claimed();
            checks.push_back(std::move(j));
        }
        nlohmann::ordered_json root;
        root["schema"] = "amtdiag.rules-coverage/1";
        root["rules"] = rules.id;
        root["checks"] = std::move(checks);
        root["summary"] = {{"checks", coverage.size()},
                           {"automatic", automatic},
                           {"manual_only", manual_only},
                           {"unclaimed", unclaimed}};
        std::cout << root.dump(2) << "\n";
    } else {
        for (const auto& c : coverage) {
            std::cout << c.check->id << "\n  ";
            if (!c.claimed())
                std::cout << "UNCLAIMED: no rule decides or asks it";
            else if (c.automatic())
                std::cout << "automatic from " << join(c.artifact_kinds, ", ") << " by "
                          << join(c.deciding_rules, ", ") << (c.manual ? "; also answerable" : "");
            else
                std::cout << "manual: asked by " << join(c.question_rules, ", ");
            std::cout << "; " << c.fixtures << " fixture" << (c.fixtures == 1 ? "" : "s") << "\n";
        }
        std::cout << coverage.size() << " checks: " << automatic << " decided from files, "
                  << manual_only << " only by an answer, " << unclaimed << " unclaimed\n";
    }
    return unclaimed > 0 ? 1 : 0;
}

}  // namespace

int run_rules(const std::vector<std::string>& args) {
    std::string action;
    std::vector<std::string> rule_dirs;
    bool no_builtin = false;
    bool strict = false;
    std::string format = "text";
    po::options_description options("amtdiag rules list|lint|test|coverage [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "rules", po::value(&rule_dirs)->value_name("DIR"), "add the rules in DIR (repeatable)")(
        "no-builtin", po::bool_switch(&no_builtin),
        "only the rules of --rules (they must bring a catalog.yaml)")(
        "strict", po::bool_switch(&strict), "lint: warnings fail too")(
        "format,f", po::value(&format)->value_name("text|json"), "coverage: output format");
    po::options_description hidden;
    hidden.add_options()("action", po::value(&action));
    po::options_description all_options;
    all_options.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("action", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all_options).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag rules: " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (action != "list" && action != "lint" && action != "test" && action != "coverage") {
        std::cerr << "amtdiag rules: say list, lint, test or coverage\n" << options;
        return 2;
    }
    if (format != "text" && format != "json") {
        std::cerr << "amtdiag rules: --format must be text or json\n";
        return 2;
    }
    engine::RuleSetOptions rule_options;
    rule_options.builtin = !no_builtin;
    for (const auto& d : rule_dirs) rule_options.extra_dirs.emplace_back(d);
    engine::RuleSet rules;
    try {
        rules = engine::load_rule_set(rule_options);
    } catch (const engine::RuleLoadError& e) {
        std::cerr << "amtdiag rules: " << e.what() << "\n";
        return 2;
    }

    if (action == "list") {
        std::cout << "rule set " << rules.id << ": " << rules.catalog.checks.size()
                  << " catalog checks, " << rules.signatures.size() << " signatures, "
                  << rules.rules.size() << " rules\n\nrules:\n";
        for (const auto& r : rules.rules) {
            std::cout << "  " << r.id << "  ->";
            for (const auto& c : r.checks) std::cout << " " << c;
            std::cout << "  (" << r.defined_in << ")\n";
        }
        std::cout << "\nsignatures:\n";
        for (const auto& s : rules.signatures)
            std::cout << "  " << s.id << "  emits " << s.emits
                      << (s.milestone.empty() ? "" : "  " + s.milestone) << "  [" << s.source
                      << "]\n";
        return 0;
    }
    if (action == "coverage") return print_coverage(rules, format);
    if (action == "lint") {
        int errors = 0, warnings = 0;
        for (const auto& issue : engine::lint_rule_set(rules)) {
            std::cout << (issue.error ? "error: " : "warning: ") << issue.where << ": "
                      << issue.message << "\n";
            (issue.error ? errors : warnings)++;
        }
        std::cout << errors << " errors, " << warnings << " warnings\n";
        return errors > 0 || (strict && warnings > 0) ? 1 : 0;
    }
    int passed = 0, failed = 0;
    for (const auto& r : run_rule_tests(rules)) {
        if (r.passed) {
            ++passed;
            std::cout << "ok    " << r.rule << ": " << r.test << "\n";
        } else {
            ++failed;
            std::cout << "FAIL  " << r.rule << ": " << r.test << "\n      " << r.detail << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed > 0 ? 1 : 0;
}

}  // namespace amtdiag::cli
