#include "cli/check_command.h"

#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/analyze.h"
#include "analyzer/inputs.h"
#include "analyzer/report/filter.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/safe_text.h"
#include "analyzer/report/text_report.h"
#include "cli/analysis_options.h"
#include "cli/report_output.h"
#include "cli/terminal.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_check(const std::vector<std::string>& args) {
    std::vector<std::string> inputs;
    AnalysisOptionValues analysis_values;
    std::string format = "text";
    std::string output;
    std::string device;
    std::string color = "auto";
    std::string fail_on = "fail";
    int stage = 0;
    bool all = false;

    po::options_description options("amtdiag check [options] PATH...\n\noptions");
    options.add_options()("help,h", "show this help")(
        "format,f", po::value(&format)->value_name("text|json"), "report format (default text)")(
        "output,o", po::value(&output)->value_name("FILE"),
        "write the report to FILE instead of stdout")("stage", po::value(&stage)->value_name("N"),
                                                      "show the findings of stage N (1-7)")(
        "device", po::value(&device)->value_name("ID"),
        "report on one device (id, FQDN, host, UUID or MachineId)")(
        "all", po::bool_switch(&all), "text: list every decided finding, not only the focus stage")(
        "fail-on", po::value(&fail_on)->value_name("fail|warn"),
        "exit 1 on failed checks (default) or also on warnings")(
        "color", po::value(&color)->value_name("auto|always|never"),
        "colours in text output (NO_COLOR honoured)")(
        "answers", po::value(&analysis_values.answers)->value_name("FILE"),
        "answers to the manual checks (amtdiag answers template writes one to fill in)");
    add_analysis_options(options, analysis_values);
    po::options_description hidden;
    hidden.add_options()("input", po::value(&inputs));
    po::options_description all_options;
    all_options.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all_options).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag check: " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options
                  << "\nexit codes: 0 no failed check, 1 a failed check, 2 usage error or nothing "
                     "readable\n";
        return 0;
    }
    if (inputs.empty()) {
        std::cerr << "amtdiag check: give at least one file or folder\n" << options;
        return 2;
    }
    if (format != "text" && format != "json") {
        std::cerr << "amtdiag check: --format must be text or json, not '" << format << "'\n";
        return 2;
    }
    if (vm.count("stage") && (stage < 1 || stage > 7)) {
        std::cerr << "amtdiag check: --stage must be 1 to 7\n";
        return 2;
    }
    if (fail_on != "fail" && fail_on != "warn") {
        std::cerr << "amtdiag check: --fail-on must be fail or warn\n";
        return 2;
    }
    if (color != "auto" && color != "always" && color != "never") {
        std::cerr << "amtdiag check: --color must be auto, always or never\n";
        return 2;
    }

    if (!output.empty() && inputs::is_input(output, inputs)) {
        std::cerr << "amtdiag check: -o " << report::safe_text(output)
                  << " is one of the inputs: the report would overwrite evidence\n";
        return 2;
    }
    AnalyzeOptions analyze_options;
    if (!resolve_analysis_options(analysis_values, "amtdiag check", analyze_options)) return 2;
    engine::RuleSet rules;
    if (!load_rules(analysis_values, "amtdiag check", rules)) return 2;
    if (!load_answers_option(analysis_values, "amtdiag check", rules, analyze_options)) return 2;

    model::Analysis analysis = analyze(inputs, rules, analyze_options);

    size_t readable = 0;
    for (const auto& a : analysis.artifacts) {
        if (a.status != model::ReadStatus::ok)
            std::cerr << "amtdiag: " << report::safe_text(a.path) << ": "
                      << report::safe_text(a.error) << "\n";
        else if (a.kind != "empty")
            ++readable;
    }

    // The exit code reflects the whole run, whatever --device/--stage show.
    bool failed = false, warned = false;
    for (const auto& f : analysis.findings) {
        failed |= f.status == model::Status::fail;
        warned |= f.status == model::Status::warn;
    }

    if (!device.empty() && !report::keep_only_device(analysis, device)) {
        std::cerr << "amtdiag check: no device '" << device << "' in the evidence\n";
        return 2;
    }
    if (vm.count("stage") && format == "json") report::keep_only_stage(analysis, stage);

    if (readable == 0 && format == "text") {
        // Nothing was read: a table of unknowns would only bury the errors printed above.
        std::cerr << "amtdiag check: none of the inputs could be read\n";
        return 2;
    }
    const auto emit = [&](std::ostream& out) {
        if (format == "json") {
            report::write_json(analysis, out);
            return;
        }
        report::TextOptions text_options;
        text_options.color = use_color(color, output.empty());
        if (vm.count("stage")) text_options.stage = stage;
        text_options.all_findings = all;
        out << report::to_text(analysis, text_options);
    };
    if (!write_report(output, emit, "amtdiag check")) return 2;
    if (readable == 0) {
        std::cerr << "amtdiag check: none of the inputs could be read\n";
        return 2;
    }
    if (failed) return 1;
    if (warned && fail_on == "warn") return 1;
    return 0;
}

}  // namespace amtdiag::cli
