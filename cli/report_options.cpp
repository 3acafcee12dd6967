#include "cli/report_options.h"

#include <iostream>

#include "analyzer/report/filter.h"
#include "analyzer/report/redact.h"
#include "analyzer/report/safe_text.h"
#include "cli/report_output.h"
#include "cli/terminal.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

void add_report_options(po::options_description& options, ReportOptionValues& values) {
    options.add_options()(
        "format,f", po::value(&values.format)->value_name(std::string(report::format_names())),
        "report format (default text)")("output,o", po::value(&values.output)->value_name("FILE"),
                                        "write the report to FILE instead of stdout")(
        "stage", po::value(&values.stage)->value_name("N"), "show the findings of stage N (1-7)")(
        "device", po::value(&values.device)->value_name("ID"),
        "report on one device (id, FQDN, host, UUID or MachineId)")(
        "all", po::bool_switch(&values.all),
        "text: list every decided finding, not only the focus stage")(
        "fail-on", po::value(&values.fail_on)->value_name("fail|warn"),
        "failed checks fail the run (default), or warnings too: the exit code, JUnit "
        "failures")("color", po::value(&values.color)->value_name("auto|always|never"),
                    "colours in text output (NO_COLOR honoured)");
}

bool resolve_report_options(const ReportOptionValues& values, const po::variables_map& vm,
                            const std::string& command, ReportChoices& out) {
    const auto format = report::format_from_string(values.format);
    if (!format) {
        std::cerr << command << ": --format must be one of " << report::format_names() << ", not '"
                  << report::safe_text(values.format) << "'\n";
        return false;
    }
    out.format = *format;
    if (vm.count("stage")) {
        if (values.stage < 1 || values.stage > 7) {
            std::cerr << command << ": --stage must be 1 to 7\n";
            return false;
        }
        out.stage = values.stage;
    }
    if (!values.fail_on.empty()) {
        out.fail_on = report::fail_on_from_string(values.fail_on);
        if (!out.fail_on) {
            std::cerr << command << ": --fail-on must be fail or warn\n";
            return false;
        }
    }
    if (values.color != "auto" && values.color != "always" && values.color != "never") {
        std::cerr << command << ": --color must be auto, always or never\n";
        return false;
    }
    out.device = values.device;
    out.output = values.output;
    out.all = values.all;
    out.color = values.color;
    return true;
}

bool narrow_and_write(model::Analysis& analysis, const ReportChoices& choices,
                      const report::RenderOptions& render_options, const std::string& command) {
    if (!choices.device.empty() && !report::keep_only_device(analysis, choices.device)) {
        std::cerr << command << ": no device '" << report::safe_text(choices.device)
                  << "' in the evidence\n";
        return false;
    }
    report::redact_secrets(analysis, render_options.jobs);
    // Text shows the stage asked for; every other format keeps only its findings.
    if (choices.stage && choices.format != report::Format::text)
        report::keep_only_stage(analysis, *choices.stage);
    report::RenderOptions options = render_options;
    options.text.color = use_color(choices.color, choices.output.empty());
    options.text.stage = choices.stage;
    options.text.all_findings = choices.all;
    return write_report(
        choices.output,
        [&](std::ostream& out) { report::render(choices.format, analysis, options, out); },
        command);
}

}  // namespace amtdiag::cli
