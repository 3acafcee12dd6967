#include "cli/answers_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/engine/answers.h"
#include "cli/analysis_options.h"
#include "cli/report_output.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_answers(const std::vector<std::string>& args) {
    const std::string command = "amtdiag answers";
    std::string action;
    std::string output;
    int stage = 0;
    AnalysisOptionValues values;
    po::options_description options("amtdiag answers template [options]\n\noptions");
    options.add_options()("help,h", "show this help")("stage", po::value(&stage)->value_name("N"),
                                                      "only the questions of stage N (1-7)")(
        "output,o", po::value(&output)->value_name("FILE"), "write to FILE instead of stdout")(
        "rules", po::value(&values.rule_dirs)->value_name("DIR"),
        "add the rules in DIR (repeatable): their questions too");
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
        std::cerr << command << ": " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (action != "template") {
        std::cerr << command << ": say template\n" << options;
        return 2;
    }
    if (vm.count("stage") && (stage < 1 || stage > 7)) {
        std::cerr << command << ": --stage must be 1 to 7\n";
        return 2;
    }
    engine::RuleSet rules;
    if (!load_rules(values, command, rules)) return 2;
    const bool written = write_report(
        output, [&](std::ostream& out) { engine::write_answers_template(rules, stage, out); },
        command);
    return written ? 0 : 2;
}

}  // namespace amtdiag::cli
