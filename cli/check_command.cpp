#include "cli/check_command.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <ostream>

#include <boost/program_options.hpp>

#include "analyzer/analyze.h"
#include "analyzer/inputs.h"
#include "analyzer/model/log_time.h"
#include "analyzer/report/exit_code.h"
#include "analyzer/report/safe_text.h"
#include "cli/analysis_options.h"
#include "cli/heap_tunables.h"
#include "cli/progress_line.h"
#include "cli/report_options.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

namespace {

std::string now_utc() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    return model::format_epoch_ms(ms.count()) + "Z";
}

void print_timings(const std::vector<PhaseTiming>& phases, const model::FindingList& findings,
                   std::ostream& out) {
    double wall = 0, cpu = 0;
    out << "amtdiag check: timings (phase, wall s, cpu s, peak RSS MB; at its end: heap in use MB, "
           "RSS MB)\n";
    for (const auto& p : phases) {
        out << "  " << std::left << std::setw(12) << p.name << std::right << std::fixed
            << std::setprecision(3) << std::setw(9) << p.wall_seconds << std::setw(9)
            << p.cpu_seconds << std::setprecision(1) << std::setw(9) << p.peak_rss_mb
            << std::setw(9) << p.heap_in_use_mb << std::setw(9) << p.rss_mb << "\n";
        wall += p.wall_seconds;
        cpu += p.cpu_seconds;
    }
    out << "  " << std::left << std::setw(12) << "total" << std::right << std::setprecision(3)
        << std::setw(9) << wall << std::setw(9) << cpu << "\n";
    out << "  " << std::left << std::setw(12) << "heap" << heap_description() << "\n";
    out << "  " << std::left << std::setw(12) << "findings" << findings.size() << ", "
        << std::setprecision(1) << static_cast<double>(findings.encoded_bytes()) / 1e6
        << " MB encoded, " << static_cast<double>(findings.phrase_bytes()) / 1e6
        << " MB of phrases they share\n";
}

}  // namespace

int run_check(const std::vector<std::string>& args, char** argv) {
    std::vector<std::string> inputs;
    AnalysisOptionValues analysis_values;
    ReportOptionValues report_values;
    bool timelines = false;
    bool no_progress = false;
    bool timings = false;

    po::options_description options("amtdiag check [options] PATH...\n\noptions");
    options.add_options()("help,h", "show this help");
    add_report_options(options, report_values);
    options.add_options()("timelines", po::bool_switch(&timelines),
                          "json: add each device's timeline (html always has them), so "
                          "`amtdiag report --format html` can draw them later")(
        "answers", po::value(&analysis_values.answers)->value_name("FILE"),
        "answers to the manual checks (amtdiag answers template writes one to fill in)")(
        "no-progress", po::bool_switch(&no_progress),
        "no progress line on stderr (shown only when stderr is a terminal and the run is long)")(
        "timings", po::bool_switch(&timings),
        "print each phase's wall time, CPU time and peak memory on stderr");
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
    ReportChoices choices;
    if (!resolve_report_options(report_values, vm, "amtdiag check", choices)) return 2;
    const report::FailOn fail_on = choices.fail_on.value_or(report::FailOn::fail);

    if (!choices.output.empty() && inputs::is_input(choices.output, inputs)) {
        std::cerr << "amtdiag check: -o " << report::safe_text(choices.output)
                  << " is one of the inputs: the report would overwrite evidence\n";
        return 2;
    }
    AnalyzeOptions analyze_options;
    if (!resolve_analysis_options(analysis_values, "amtdiag check", analyze_options)) return 2;
    if (argv != nullptr) {
        const bool one_thread = effective_jobs(analyze_options) == 1;
        reexec_with_heap_tunables(argv, inputs, one_thread);
    }
    analyze_options.timelines = timelines || report::wants_timelines(choices.format);
    std::vector<PhaseTiming> phases;
    PhaseClock clock(timings ? &phases : nullptr);
    if (timings) analyze_options.timings = &phases;
    engine::RuleSet rules;
    if (!load_rules(analysis_values, "amtdiag check", rules)) return 2;
    clock.lap("rules");
    if (!load_answers_option(analysis_values, "amtdiag check", rules, analyze_options)) return 2;

    const std::string started = now_utc();
    const auto clock_start = std::chrono::steady_clock::now();
    ProgressLine progress_line;
    if (ProgressLine::wanted(no_progress))
        analyze_options.progress = [&](const AnalyzeProgress& p) {
            return progress_line.update(p);
        };
    // Freed by the process's end, like the analysis (see below).
    std::shared_ptr<void> evidence;
    analyze_options.keep_evidence = &evidence;
    model::Analysis analysis = analyze(inputs, rules, analyze_options);
    progress_line.clear();
    PhaseClock report_clock(timings ? &phases : nullptr);
    const auto elapsed = std::chrono::steady_clock::now() - clock_start;

    for (const auto& a : analysis.artifacts)
        if (a.status != model::ReadStatus::ok)
            std::cerr << "amtdiag: " << report::safe_text(a.path) << ": "
                      << report::safe_text(a.error) << "\n";

    // The exit code reflects the whole run, whatever --device/--stage show.
    const int code = report::exit_code(analysis, fail_on);
    const bool nothing_read = report::readable_artifacts(analysis) == 0;
    if (nothing_read && choices.format == report::Format::text) {
        // Nothing was read: a table of unknowns would only bury the errors printed above.
        std::cerr << "amtdiag check: none of the inputs could be read\n";
        return 2;
    }
    if (report::records_invocation(choices.format)) {
        model::Invocation invocation;
        invocation.arguments = {"amtdiag", "check"};
        invocation.arguments.insert(invocation.arguments.end(), args.begin(), args.end());
        invocation.fail_on = std::string(report::to_string(fail_on));
        invocation.exit_code = code;
        invocation.start_utc = started;
        invocation.elapsed_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
        analysis.invocation = std::move(invocation);
    }
    report::RenderOptions render_options;
    render_options.fail_on = fail_on;
    render_options.catalog = &rules.catalog;
    render_options.jobs = static_cast<unsigned>(effective_jobs(analyze_options));
    if (!narrow_and_write(analysis, choices, render_options, "amtdiag check")) return 2;
    if (nothing_read) std::cerr << "amtdiag check: none of the inputs could be read\n";
    if (timings) {
        report_clock.lap("report");
        print_timings(phases, analysis.findings, std::cerr);
    }
    // Freeing a large analysis (a million findings and their strings, before FindingList)
    // took a second of a 14 s run, and the process ends here: the kernel takes the memory back at
    // once. So a finished check leaves through std::exit, which flushes the streams but does not
    // unwind this frame (the analysis stays reachable from it, as LeakSanitizer sees it).
    std::cout.flush();
    std::cerr.flush();
    std::exit(code);
}

}  // namespace amtdiag::cli
