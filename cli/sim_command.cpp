#include "cli/sim_command.h"

#include <iostream>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/engine.h"
#include "analyzer/provisioning/fault_catalog.h"
#include "analyzer/provisioning/knobs.h"
#include "analyzer/provisioning/live.h"
#include "analyzer/provisioning/scenario.h"

namespace amtdiag::cli {

namespace po = boost::program_options;
namespace prov = amtdiag::provisioning;

namespace {

constexpr const char* kSimUsage =
    "usage: amtdiag sim <command> [options]\n"
    "\n"
    "commands:\n"
    "  faults [--format text|json]   the fault catalog: id, catalog check it breaks, description\n"
    "  knobs [--format text|json]    the settings a scenario may set, with healthy defaults\n"
    "  run (--scenario FILE | --fault ID... | --healthy [--mode M]) -o DIR\n"
    "      [--devices N] [--seed N] [--fault-rate R] [--unprovision] [--log-max-bytes N]\n"
    "                                simulate a deployment and write its artifact bundle\n"
    "  live [--mode psk|cert] [--hello-port P] [--amt-port P] [--fault ID]\n"
    "                                device and server over real TCP and TLS on loopback\n";

int faults(const std::vector<std::string>& args) {
    std::string format = "text";
    po::options_description options("amtdiag sim faults [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "format", po::value(&format)->value_name("text|json"), "output format (default text)");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    const auto& catalog = prov::FaultCatalog::builtin();
    if (format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const prov::Fault& f : catalog.faults()) {
            list.push_back({{"id", f.id},
                            {"check", f.check},
                            {"description", f.description},
                            {"mode", std::string(prov::mode_name(f.mode))},
                            {"expect", f.expect}});
            if (!f.gap.empty()) list.back()["gap"] = f.gap;
        }
        std::cout << nlohmann::json({{"schema", "amtdiag.sim-faults/1"}, {"faults", list}}).dump(2)
                  << "\n";
        return 0;
    }
    if (format != "text") {
        std::cerr << "amtdiag sim faults: --format is text or json\n";
        return 2;
    }
    for (const prov::Fault& f : catalog.faults())
        std::cout << f.id << "  [" << f.check << "]  " << f.description << "\n";
    return 0;
}

int knobs(const std::vector<std::string>& args) {
    const bool json = args.size() == 2 && args[0] == "--format" && args[1] == "json";
    nlohmann::json list = nlohmann::json::array();
    for (const prov::Knob& k : prov::knobs()) {
        if (json)
            list.push_back({{"key", k.key}, {"healthy", k.healthy}, {"meaning", k.meaning}});
        else
            std::cout << k.key << " = " << (k.healthy.empty() ? "\"\"" : k.healthy) << "  # "
                      << k.meaning << "\n";
    }
    if (json) std::cout << list.dump(2) << "\n";
    return 0;
}

int run(const std::vector<std::string>& args) {
    std::string scenario_file, out, mode_text = "oob";
    std::vector<std::string> fault_ids;
    int devices = 0;
    uint64_t seed = 1;
    double fault_rate = 0;
    int64_t log_max = -1;
    bool healthy = false, unprovision = false;
    po::options_description options("amtdiag sim run [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "scenario", po::value(&scenario_file)->value_name("FILE"), "a scenario (YAML)")(
        "fault", po::value(&fault_ids)->multitoken()->value_name("ID"),
        "switch on faults of the catalog (amtdiag sim faults)")(
        "healthy", po::bool_switch(&healthy), "a deployment without faults")(
        "mode", po::value(&mode_text)->value_name("M"),
        "oob, inband, onetouch-psk or onetouch-pki (--healthy, --devices)")(
        "output,o", po::value(&out)->value_name("DIR"), "the bundle folder")(
        "devices", po::value(&devices)->value_name("N"), "a fleet of N devices")(
        "seed", po::value(&seed)->value_name("N"), "the random seed (default 1)")(
        "fault-rate", po::value(&fault_rate)->value_name("R"),
        "with --devices: the share of devices given one of the --fault faults (0-1)")(
        "unprovision", po::bool_switch(&unprovision), "un-provision every device a day later")(
        "log-max-bytes", po::value(&log_max)->value_name("N"),
        "ConfigMgr log size before rollover to .lo_ (default 250000; 0 never)");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    const int sources =
        (scenario_file.empty() ? 0 : 1) + (fault_ids.empty() ? 0 : 1) + (healthy ? 1 : 0);
    if (out.empty() || sources != 1) {
        std::cerr << "amtdiag sim run: give one of --scenario, --fault, --healthy, and -o DIR\n"
                  << options;
        return 2;
    }
    if (fault_rate < 0 || fault_rate > 1 || devices < 0 || devices > 1'000'000) {
        std::cerr << "amtdiag sim run: --fault-rate 0-1, --devices up to 1000000\n";
        return 2;
    }
    const auto mode = prov::parse_mode(mode_text);
    if (!mode) {
        std::cerr << "amtdiag sim run: --mode is oob, inband, onetouch-psk or onetouch-pki\n";
        return 2;
    }
    const auto& catalog = prov::FaultCatalog::builtin();
    prov::Scenario s;
    if (!scenario_file.empty()) {
        s = prov::load_scenario_file(scenario_file);
    } else {
        s.name = healthy ? "healthy-" + std::string(prov::mode_name(*mode)) : "faults";
        prov::Mode device_mode = *mode;
        for (const std::string& id : fault_ids) {
            const prov::Fault* f = catalog.find(id);
            if (f == nullptr) {
                std::cerr << "amtdiag sim run: unknown fault '" << id << "' (amtdiag sim faults)\n";
                return 2;
            }
            if (!vm.count("mode")) device_mode = f->mode;
        }
        const int n = devices > 0 ? devices : 1;
        prov::Rng pick(seed ^ 0xFA17ULL);
        prov::DeviceSpec d;
        d.mode = device_mode;
        if (n == 1) {
            d.host = "hp7800";
            s.devices.push_back(d);
            for (const std::string& id : fault_ids) s.faults.push_back({id, {}});
        } else {
            for (int i = 0; i < n; ++i) {
                char host[16];
                std::snprintf(host, sizeof host, "pc%05d", i + 1);
                d.host = host;
                s.devices.push_back(d);
                if (fault_ids.empty()) continue;
                if (fault_rate > 0) {
                    if (pick.unit() < fault_rate)
                        s.faults.push_back({fault_ids[pick.below(fault_ids.size())], {host}});
                }
            }
            if (fault_rate <= 0)
                for (const std::string& id : fault_ids) s.faults.push_back({id, {}});
        }
    }
    if (vm.count("seed")) s.seed = seed;
    if (log_max >= 0) s.site.set("site.log_max_bytes", std::to_string(log_max));
    if (unprovision) s.site.set("unprovision.run", "true");
    for (const prov::FaultUse& use : s.faults) {
        const prov::Fault* f = catalog.find(use.id);
        if (f != nullptr && f->unprovision) s.site.set("unprovision.run", "true");
    }
    const prov::RunSummary r = prov::run_scenario(s, catalog, out);
    std::cout << "amtdiag sim: " << r.devices << " device(s), " << r.files.size() << " files in "
              << out << " (" << r.log_bytes << " bytes of site logs, " << r.rollovers
              << " rollover(s), " << r.packets << " packets)\n";
    return 0;
}

int live(const std::vector<std::string>& args) {
    std::string mode = "psk";
    std::vector<std::string> faults;
    prov::LiveOptions o;
    po::options_description options("amtdiag sim live [options]\n\noptions");
    options.add_options()("help,h", "show this help")(
        "mode", po::value(&mode)->value_name("psk|cert"),
        "one-touch PSK (TLS-PSK) or PKI (certificate) (default psk)")(
        "hello-port", po::value(&o.hello_port)->value_name("P"),
        "the server's hello port (default: any free)")("amt-port",
                                                       po::value(&o.amt_port)->value_name("P"),
                                                       "the device's TLS port (default: any free)")(
        "seed", po::value(&o.seed)->value_name("N"), "the seed of the PID/PPS pair")(
        "fault", po::value(&faults)->multitoken()->value_name("ID"),
        "pid-bad-check, pps-mismatch or root-hash-not-in-amt");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << options << "\nTo watch it: tcpdump -i lo -w live.pcap 'tcp' while it runs.\n";
        return 0;
    }
    if (mode != "psk" && mode != "cert") {
        std::cerr << "amtdiag sim live: --mode is psk or cert\n";
        return 2;
    }
    o.psk = mode == "psk";
    for (const std::string& f : faults) {
        if (f == "pid-bad-check")
            o.bad_pid = true;
        else if (f == "pps-mismatch")
            o.pps_mismatch = true;
        else if (f == "root-hash-not-in-amt")
            o.untrusted_root = true;
        else {
            std::cerr << "amtdiag sim live: a live run plays pid-bad-check, pps-mismatch or "
                         "root-hash-not-in-amt\n";
            return 2;
        }
    }
    const prov::LiveResult r =
        prov::run_live(o, [](const std::string& line) { std::cout << line << std::endl; });
    std::cout << (r.provisioned ? "provisioned" : "not provisioned: " + r.failure) << "\n";
    return r.provisioned ? 0 : 1;
}

}  // namespace

int run_sim(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout) << kSimUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "faults") return faults(rest);
        if (args[0] == "knobs") return knobs(rest);
        if (args[0] == "run") return run(rest);
        if (args[0] == "live") return live(rest);
    } catch (const po::error& e) {
        std::cerr << "amtdiag sim " << args[0] << ": " << e.what() << "\n";
        return 2;
    } catch (const prov::ScenarioError& e) {
        std::cerr << "amtdiag sim: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "amtdiag sim: unknown command '" << args[0] << "'\n" << kSimUsage;
    return 2;
}

}  // namespace amtdiag::cli
