#include "cli/report_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "analyzer/analyze.h"
#include "analyzer/engine/rule_set.h"
#include "analyzer/inputs.h"
#include "analyzer/report/json_read.h"
#include "analyzer/report/safe_text.h"
#include "cli/report_options.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out = std::move(bytes).str();
    return !in.bad();
}

}  // namespace

int run_report(const std::vector<std::string>& args) {
    std::string from;
    ReportOptionValues report_values;
    po::options_description options(
        "amtdiag report --from FILE [options]\n\nrenders a JSON report, or the report embedded "
        "in an HTML report, in any format\n\noptions");
    options.add_options()("help,h", "show this help")("from", po::value(&from)->value_name("FILE"),
                                                      "the report to render (.json or .html)");
    add_report_options(options, report_values);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag report: " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options << "\nexit codes: 0 written, 2 not a report or not written\n";
        return 0;
    }
    if (from.empty()) {
        std::cerr << "amtdiag report: give the report to render with --from FILE\n" << options;
        return 2;
    }
    ReportChoices choices;
    if (!resolve_report_options(report_values, vm, "amtdiag report", choices)) return 2;
    if (!choices.output.empty() && inputs::is_input(choices.output, {from})) {
        std::cerr << "amtdiag report: -o " << report::safe_text(choices.output)
                  << " is the report being read\n";
        return 2;
    }
    std::string bytes;
    if (!read_file(from, bytes)) {
        std::cerr << "amtdiag report: cannot read " << report::safe_text(from) << "\n";
        return 2;
    }
    model::Analysis analysis;
    try {
        analysis = report::read_report(bytes);
    } catch (const report::ReportReadError& e) {
        std::cerr << "amtdiag report: " << report::safe_text(from) << ": "
                  << report::safe_text(e.what()) << "\n";
        return 2;
    }
    report::RenderOptions render_options;
    // --fail-on given wins; else the policy the report was made with.
    const auto recorded = analysis.invocation
                              ? report::fail_on_from_string(analysis.invocation->fail_on)
                              : std::nullopt;
    render_options.fail_on = choices.fail_on.value_or(recorded.value_or(report::FailOn::fail));
    // The built-in catalog describes the checks in SARIF; the report names them by id.
    engine::RuleSet rules;
    if (choices.format == report::Format::sarif) {
        rules = engine::load_rule_set();
        render_options.catalog = &rules.catalog;
    }
    render_options.jobs = static_cast<unsigned>(effective_jobs({}));  // every core
    return narrow_and_write(analysis, choices, render_options, "amtdiag report") ? 0 : 2;
}

}  // namespace amtdiag::cli
