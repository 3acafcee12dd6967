#include "cli/probe_command.h"

#include <iostream>

#include <boost/program_options.hpp>

#include "analyzer/collect/dhcp_probe.h"
#include "analyzer/collect/dns_probe.h"
#include "analyzer/report/safe_text.h"
#include "cli/report_output.h"

namespace amtdiag::cli {

namespace po = boost::program_options;
using collect::Json;

namespace {

constexpr const char* kUsage =
    "usage: amtdiag probe dns --suffix DOMAIN [--suffix ...] [--server IP[:PORT]] [--host FQDN "
    "...] [-o FILE]\n"
    "       amtdiag probe dhcp --interface IF [--mac MAC] [--timeout S] [--request] [-o FILE]\n";

bool parse(const std::vector<std::string>& args, const po::options_description& options,
           po::variables_map& vm, const char* command) {
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << command << ": " << e.what() << "\n" << options;
        return false;
    }
    return true;
}

bool emit(const Json& record, const std::string& output, const char* command) {
    return write_report(
        output,
        [&](std::ostream& out) {
            out << record.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
        },
        command);
}

std::string answer_text(const Json& r) {
    if (!r.value("answered", false)) return "no answer (" + r.value("error", "") + ")";
    std::string text = r.value("rcode", "");
    for (const auto& a : r["answers"])
        text += "  " + a.value("type", "") + " " + a.value("data", "");
    if (r.contains("matches_host"))
        text += r["matches_host"].get<bool>() ? "  (matches)" : "  (differs from the host)";
    return text;
}

int run_dns(const std::vector<std::string>& args) {
    collect::DnsProbeOptions o;
    std::string output;
    po::options_description options("amtdiag probe dns [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "suffix", po::value(&o.suffixes)->value_name("DOMAIN"),
        "ask provisionserver.DOMAIN, A and AAAA (repeatable; AMT's MEBx domain, DHCP option 15)")(
        "server", po::value(&o.server)->value_name("IP[:PORT]"),
        "the DNS server to ask (default: the first in /etc/resolv.conf)")(
        "host", po::value(&o.hosts)->value_name("FQDN"),
        "check FQDN forward (A/AAAA) and back (PTR of each address); repeatable")(
        "timeout", po::value(&o.timeout_ms)->value_name("MS"), "per query (default 3000)")(
        "output,o", po::value(&output)->value_name("FILE"),
        "write the probe record (JSON) to FILE instead of stdout");
    po::variables_map vm;
    if (!parse(args, options, vm, "amtdiag probe dns")) return 2;
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (o.suffixes.empty() && o.hosts.empty()) {
        std::cerr << "amtdiag probe dns: give --suffix DOMAIN or --host FQDN\n" << options;
        return 2;
    }
    if (o.timeout_ms <= 0) {
        std::cerr << "amtdiag probe dns: --timeout above 0\n";
        return 2;
    }
    std::string error;
    const Json record = collect::run_dns_probe(o, error);
    if (!error.empty()) {
        std::cerr << "amtdiag probe dns: " << report::safe_text(error) << "\n";
        return 2;
    }
    for (const auto& r : record["results"])
        std::cerr << "  " << report::safe_text(r.value("qname", "")) << " " << r.value("qtype", "")
                  << ": " << report::safe_text(answer_text(r)) << "\n";
    return emit(record, output, "amtdiag probe dns") ? 0 : 2;
}

int run_dhcp(const std::vector<std::string>& args) {
    collect::DhcpProbeOptions o;
    std::string output;
    po::options_description options("amtdiag probe dhcp [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "interface,i", po::value(&o.interface)->value_name("IF"), "send the DISCOVER from IF")(
        "mac", po::value(&o.mac)->value_name("MAC"),
        "client hardware address (default: the interface's; use a device's to see its lease)")(
        "timeout", po::value(&o.timeout_s)->value_name("S"), "wait for offers (default 5)")(
        "request", po::bool_switch(&o.request),
        "also REQUEST the first offered address and record the ACK (takes a lease)")(
        "client-fqdn", po::value(&o.client_fqdn)->value_name("FQDN"),
        "option 81 in the REQUEST, as an AMT device sends it")(
        "host-name", po::value(&o.host_name)->value_name("NAME"), "option 12")(
        "output,o", po::value(&output)->value_name("FILE"),
        "write the probe record (JSON) to FILE instead of stdout");
    po::variables_map vm;
    if (!parse(args, options, vm, "amtdiag probe dhcp")) return 2;
    if (vm.count("help")) {
        std::cout << options << "\nNeeds root (port 68 and SO_BINDTODEVICE).\n";
        return 0;
    }
    if (o.interface.empty() || o.timeout_s <= 0) {
        std::cerr << "amtdiag probe dhcp: give --interface IF (and --timeout above 0)\n" << options;
        return 2;
    }
    std::string error;
    const Json record = collect::run_dhcp_probe(o, error);
    if (!error.empty()) {
        std::cerr << "amtdiag probe dhcp: " << report::safe_text(error) << "\n";
        return 2;
    }
    if (record["results"].empty()) std::cerr << "  no DHCP server answered\n";
    for (const auto& r : record["results"]) {
        std::cerr << "  " << r.value("message_type", "") << " from " << r.value("server_ip", "")
                  << ": " << r.value("yiaddr", "")
                  << (r.contains("domain")
                          ? ", option 15 '" + report::safe_text(r["domain"].get<std::string>()) +
                                "'"
                          : ", no option 15")
                  << "\n";
    }
    return emit(record, output, "amtdiag probe dhcp") ? 0 : 2;
}

}  // namespace

int run_probe(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "dns") return run_dns(rest);
    if (args[0] == "dhcp") return run_dhcp(rest);
    std::cerr << "amtdiag probe: unknown probe '" << report::safe_text(args[0]) << "'\n" << kUsage;
    return 2;
}

}  // namespace amtdiag::cli
