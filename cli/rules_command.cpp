#include "cli/rules_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/engine/rule_set.h"
#include "analyzer/rule_tests.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_rules(const std::vector<std::string>& args) {
    std::string action;
    std::vector<std::string> rule_dirs;
    bool no_builtin = false;
    bool strict = false;
    po::options_description options("amtdiag rules list|lint|test [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "rules", po::value(&rule_dirs)->value_name("DIR"), "add the rules in DIR (repeatable)")(
        "no-builtin", po::bool_switch(&no_builtin),
        "only the rules of --rules (they must bring a catalog.yaml)")(
        "strict", po::bool_switch(&strict), "lint: warnings fail too");
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
    if (action != "list" && action != "lint" && action != "test") {
        std::cerr << "amtdiag rules: say list, lint or test\n" << options;
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
