#include "cli/capture_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/collect/capture.h"
#include "analyzer/collect/stop_signals.h"
#include "analyzer/report/safe_text.h"

namespace amtdiag::cli {

namespace po = boost::program_options;

int run_capture(const std::vector<std::string>& args) {
    collect::CaptureOptions o;
    po::options_description options("amtdiag capture [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "interface,i", po::value(&o.interface)->value_name("IF"), "interface to capture on")(
        "seconds", po::value(&o.seconds)->value_name("N"), "capture for N seconds (default 60)")(
        "output,o", po::value(&o.output)->value_name("FILE"),
        "write the packets to FILE (pcap format, whatever the extension)")(
        "filter", po::value(&o.filter)->value_name("BPF"),
        "replace the filter (default: hello 9971, AMT 16992-16995, DHCP 67/68, DNS 53)");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "amtdiag capture: " << e.what() << "\n" << options;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << options
                  << "\nNeeds root or CAP_NET_RAW. Stops after --seconds or on Ctrl-C.\n";
        return 0;
    }
    if (o.interface.empty() || o.output.empty() || o.seconds <= 0) {
        std::cerr << "amtdiag capture: give --interface IF, --seconds N (above 0) and -o FILE\n"
                  << options;
        return 2;
    }
    collect::StopSignals stop;
    o.stop_fd = stop.fd();
    std::cerr << "amtdiag capture: capturing on " << report::safe_text(o.interface) << " for "
              << o.seconds << " s (Ctrl-C stops)\n";
    const auto r = collect::run_capture(o);
    if (!r.ok) {
        std::cerr << "amtdiag capture: " << report::safe_text(r.error) << "\n";
        return 2;
    }
    std::cerr << "amtdiag capture: " << r.packets << " packets written to "
              << report::safe_text(o.output) << (r.stopped_early ? " (stopped)" : "")
              << (r.dropped > 0 ? ", " + std::to_string(r.dropped) + " dropped by the kernel" : "")
              << "\n";
    return 0;
}

}  // namespace amtdiag::cli
