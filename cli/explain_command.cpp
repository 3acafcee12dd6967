#include "cli/explain_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/report/safe_text.h"
#include "cli/analysis_options.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_explain(const std::vector<std::string>& args) {
    const std::string command = "amtdiag explain";
    std::vector<std::string> codes;
    std::string family;
    AnalysisOptionValues values;
    po::options_description options(
        "amtdiag explain [--family F] CODE...\n\n"
        "What an error code means: 0x80090325, 80041003 (as the client log prints it), 12029,\n"
        "0x10 --family amt. Families: sspi crypt winhttp wmi win32 hresult kerberos ldap amt.\n\n"
        "options");
    options.add_options()("help,h", "show this help")(
        "family", po::value(&family)->value_name("F"),
        "only this family (small numbers mean different things in different families)")(
        "rules", po::value(&values.rule_dirs)->value_name("DIR"),
        "add the rules (and error codes) in DIR");
    po::options_description hidden;
    hidden.add_options()("code", po::value(&codes));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("code", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << command << ": " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (codes.empty()) {
        std::cerr << command << ": give a code, e.g. amtdiag explain 0x80090325\n";
        return 2;
    }
    engine::RuleSet rules;
    if (!load_rules(values, command, rules)) return 2;
    int status = 0;
    for (const auto& code : codes) {
        std::vector<std::string> families;
        if (!family.empty()) families.push_back(family);
        const auto found = rules.error_codes.lookup(code, families);
        if (found.empty()) {
            std::cout << report::safe_text(code) << ": not in the knowledge base"
                      << (family.empty() ? "" : " for family " + report::safe_text(family)) << "\n";
            status = 1;
            continue;
        }
        for (const auto* info : found) {
            std::cout << info->code << "  " << info->name << " (" << info->family << ")";
            if (!info->alias.empty()) std::cout << ", also " << info->alias;
            if (!info->also.empty()) std::cout << ", also written " << info->also;
            std::cout << "\n    " << info->meaning << "\n";
        }
    }
    return status;
}

}  // namespace amtdiag::cli
