// amtdiag: diagnoses Intel AMT provisioning from the evidence of a deployment.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "analyzer/analyze.h"
#include "cli/answers_command.h"
#include "cli/capture_command.h"
#include "cli/cert_command.h"
#include "cli/check_command.h"
#include "cli/explain_command.h"
#include "cli/hello_command.h"
#include "cli/listen_command.h"
#include "cli/pid_command.h"
#include "cli/probe_command.h"
#include "cli/report_command.h"
#include "cli/rules_command.h"
#include "cli/sim_command.h"

namespace {

constexpr const char* kUsage =
    "usage: amtdiag <command> [options]\n"
    "\n"
    "commands:\n"
    "  check PATH...           analyse logs and other artifacts (files or folders)\n"
    "  report --from FILE      render a saved report (JSON or HTML) as text, json, html,\n"
    "                          junit or sarif\n"
    "  cert inspect FILE...    the certificate chains and their AMT checks\n"
    "  explain CODE...         what an error code in a log means (0x80090325, 12029, ...)\n"
    "  rules list|lint|test|coverage  show, check, test the rule set; what decides each check\n"
    "  answers template        the questions no file answers, as a file for check --answers\n"
    "  capture -i IF -o FILE   capture hello, AMT, DHCP and DNS traffic (pcap)\n"
    "  listen [-o FILE]        accept device hellos on TCP 9971 and record them\n"
    "  probe dns|dhcp          ask the site's DNS or DHCP server what a device asks\n"
    "  sim faults|knobs|run    simulate a deployment (faults on) and write its evidence\n"
    "  pid verify|generate     one-touch PID/PPS check characters; new pairs\n"
    "  hello send --to HOST    send a device hello to a provisioning server's listener\n"
    "\n"
    "  amtdiag check --help    options of a command\n"
    "  amtdiag --version\n";

}  // namespace

int main(int argc, char** argv) {
    // A reader of our output that goes away (`amtdiag check ... | head`) must not kill us
    // silently: the write fails, and the run says so and exits 2.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version" || command == "-V") {
        std::cout << "amtdiag " << amtdiag::tool_version() << "\n";
        return 0;
    }
    try {
        if (command == "check") return amtdiag::cli::run_check(args, argv);
        if (command == "report") return amtdiag::cli::run_report(args);
        if (command == "rules") return amtdiag::cli::run_rules(args);
        if (command == "cert") return amtdiag::cli::run_cert(args);
        if (command == "explain") return amtdiag::cli::run_explain(args);
        if (command == "answers") return amtdiag::cli::run_answers(args);
        if (command == "capture") return amtdiag::cli::run_capture(args);
        if (command == "listen") return amtdiag::cli::run_listen(args);
        if (command == "probe") return amtdiag::cli::run_probe(args);
        if (command == "sim") return amtdiag::cli::run_sim(args);
        if (command == "pid") return amtdiag::cli::run_pid(args);
        if (command == "hello") return amtdiag::cli::run_hello(args);
    } catch (const std::exception& e) {
        std::cerr << "amtdiag: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "amtdiag: unknown command '" << command << "'\n" << kUsage;
    return 2;
}
