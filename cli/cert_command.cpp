#include "cli/cert_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/analyze.h"
#include "analyzer/report/cert_report.h"
#include "cli/analysis_options.h"
#include "cli/report_output.h"
#include "cli/terminal.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_cert(const std::vector<std::string>& args) {
    const std::string command = "amtdiag cert inspect";
    if (args.empty() ||
        (args.front() != "inspect" && args.front() != "--help" && args.front() != "-h")) {
        std::cerr << "usage: amtdiag cert inspect [options] FILE...\n";
        return 2;
    }
    std::vector<std::string> rest(args.begin() + (args.front() == "inspect" ? 1 : 0), args.end());
    std::vector<std::string> inputs;
    AnalysisOptionValues analysis_values;
    std::string format = "text";
    std::string color = "auto";
    po::options_description options(
        "amtdiag cert inspect [options] FILE...\n\n"
        "Reads certificate files (PEM, DER, PKCS#7, PKCS#12) and folders, builds the chains\n"
        "across all of them and judges them for AMT provisioning.\n\noptions");
    options.add_options()("help,h", "show this help")(
        "format,f", po::value(&format)->value_name("text|json"), "output format (default text)")(
        "color", po::value(&color)->value_name("auto|always|never"), "colours in text output");
    add_analysis_options(options, analysis_values);
    po::options_description hidden;
    hidden.add_options()("input", po::value(&inputs));
    po::options_description all_options;
    all_options.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(rest).options(all_options).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << command << ": " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help") || args.front() != "inspect") {
        std::cout << options
                  << "\nexit codes: 0 no failed check, 1 a failed check, 2 usage error or "
                     "nothing readable\n";
        return 0;
    }
    if (inputs.empty()) {
        std::cerr << command << ": give at least one certificate file or folder\n";
        return 2;
    }
    if (format != "text" && format != "json") {
        std::cerr << command << ": --format must be text or json, not '" << format << "'\n";
        return 2;
    }
    AnalyzeOptions analyze_options;
    if (!resolve_analysis_options(analysis_values, command, analyze_options)) return 2;
    analyze_options.timelines = true;
    engine::RuleSet rules;
    if (!load_rules(analysis_values, command, rules)) return 2;

    const model::Analysis analysis = analyze(inputs, rules, analyze_options);
    bool any_certificate = false, failed = false;
    for (const auto& e : analysis.site_timeline) any_certificate |= e.kind == "cert.certificate";
    for (const auto& f : analysis.findings)
        failed |= f.status == model::Status::fail &&
                  (f.check.rfind("cert.", 0) == 0 || f.check.rfind("ca.", 0) == 0);
    const auto emit = [&](std::ostream& out) {
        if (format == "json")
            report::write_cert_json(analysis, out);
        else
            out << report::cert_text(analysis, use_color(color, true));
    };
    if (!write_report("", emit, command)) return 2;
    if (!any_certificate) return 2;
    return failed ? 1 : 0;
}

}  // namespace amtdiag::cli
