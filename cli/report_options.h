#pragma once
// The options of every command that writes a report (`check`, `report`): the format, where
// to write it, what to narrow it to, and what fails the run. One definition, so both commands
// accept the same spelling and render through the same dispatch (report::render).
#include <optional>
#include <string>

#include <boost/program_options.hpp>

#include "analyzer/model/analysis.h"
#include "analyzer/report/format.h"

namespace amtdiag::cli {

struct ReportOptionValues {
    std::string format = "text";
    std::string output;
    std::string device;
    std::string color = "auto";
    std::string fail_on;  // empty: not given
    int stage = 0;
    bool all = false;
};

void add_report_options(boost::program_options::options_description& options,
                        ReportOptionValues& values);

struct ReportChoices {
    report::Format format = report::Format::text;
    std::optional<report::FailOn> fail_on;  // unset: the command's default
    std::optional<int> stage;
    std::string device;
    std::string output;
    bool all = false;
    std::string color;
};

// Checks the values; on a problem prints it (prefixed with `command`) and returns false.
bool resolve_report_options(const ReportOptionValues& values,
                            const boost::program_options::variables_map& vm,
                            const std::string& command, ReportChoices& out);

// Narrows the analysis to --device and --stage as the format wants, renders it and writes it
// (standard output or -o). False, after saying why on stderr, when the device is unknown or
// the report could not be written.
bool narrow_and_write(model::Analysis& analysis, const ReportChoices& choices,
                      const report::RenderOptions& render_options, const std::string& command);

}  // namespace amtdiag::cli
