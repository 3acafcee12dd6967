#include "analyzer/provisioning/world.h"

#include <cstdio>

#include "analyzer/provisioning/pid.h"

namespace amtdiag::provisioning {

namespace {

std::string derived_uuid(Rng& rng) {
    const std::string b = rng.bytes(16);
    char out[40];
    const auto u = [&](size_t i) {
        return static_cast<unsigned>(static_cast<unsigned char>(b[i]));
    };
    std::snprintf(out, sizeof out,
                  "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", u(0),
                  u(1), u(2), u(3), u(4), u(5), (u(6) & 0x0F) | 0x40, u(7), (u(8) & 0x3F) | 0x80,
                  u(9), u(10), u(11), u(12), u(13), u(14), u(15));
    return out;
}

std::string derived_mac(size_t i) {
    char out[24];
    std::snprintf(out, sizeof out, "00-1A-4B-%02X-%02X-%02X",
                  static_cast<unsigned>((i >> 16) & 0xFF), static_cast<unsigned>((i >> 8) & 0xFF),
                  static_cast<unsigned>(i & 0xFF));
    return out;
}

// Clients from 192.168.20.100 upwards; a fleet continues into the next /24s.
std::string derived_ip(size_t i) {
    const size_t n = 100 + i;
    return "192.168." + std::to_string(20 + n / 250) + "." + std::to_string(n % 250 + 1);
}

}  // namespace

std::string World::server_domain() const {
    const std::string d = site.get("net.server_domain");
    return d.empty() ? domain() : d;
}

std::string World::server_fqdn() const {
    return site.get("site.server_host") + "." + server_domain();
}

World build_world(const Scenario& scenario, const FaultCatalog& catalog) {
    World w;
    w.scenario = scenario;
    w.site = scenario.site;
    w.start_ms = parse_utc(scenario.start).value_or(0);
    if (w.start_ms == 0) throw ScenarioError(scenario.name + ": start is not a UTC time");
    // Site-wide parts of every fault first; device parts go to the devices they name.
    // A fault named for some devices only (a fleet's mix) changes the world of those devices
    // alone, its site settings included: the CA that denies one device's request, the DNS
    // record missing for one name.
    for (const FaultUse& use : scenario.faults) {
        const Fault* f = catalog.find(use.id);
        if (f == nullptr)
            throw ScenarioError((scenario.origin.empty() ? scenario.name : scenario.origin) +
                                (use.line > 0 ? ":" + std::to_string(use.line) : std::string()) +
                                ": unknown fault '" + use.id + "' (amtdiag sim faults lists them)");
        if (!use.devices.empty()) continue;
        for (const auto& [k, v] : f->set.values())
            if (k.rfind("device.", 0) != 0) w.site.set(k, v);
    }
    Rng rng(scenario.seed);
    size_t index = 0;
    for (const DeviceSpec& spec : scenario.devices) {
        for (int n = 0; n < spec.count; ++n, ++index) {
            Device d;
            d.index = index;
            d.mode = spec.mode;
            char suffix[16];
            std::snprintf(suffix, sizeof suffix, "%02d", n + 1);
            const std::string host = spec.count > 1 ? spec.host + suffix : spec.host;
            d.s = w.site;
            for (const FaultUse& use : scenario.faults) {
                bool applies = use.devices.empty();
                for (const std::string& h : use.devices)
                    applies = applies || h == spec.host || h == host;
                if (!applies) continue;
                for (const auto& [k, v] : catalog.find(use.id)->set.values())
                    if (k.rfind("device.", 0) == 0 || !use.devices.empty()) d.s.set(k, v);
            }
            d.s.merge(spec.settings);
            const std::string override_host = d.s.get("device.hostname");
            d.host = override_host.empty() ? host : override_host;
            d.fqdn = d.host + "." + w.domain();
            for (char& c : d.fqdn)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string uuid = derived_uuid(rng);
            d.uuid = spec.uuid.empty() || spec.count > 1 ? uuid : spec.uuid;
            d.mac = spec.mac.empty() || spec.count > 1 ? derived_mac(index + 1) : spec.mac;
            d.ip = spec.ip.empty() || spec.count > 1 ? derived_ip(index) : spec.ip;
            d.machine_id = spec.machine_id != 0 && spec.count == 1 ? spec.machine_id
                                                                   : 48 + static_cast<int>(index);
            Rng pid_rng(scenario.seed ^ (0xA5A5ULL + index));
            d.pid = spec.pid.empty() || spec.count > 1 ? generate_pid([&](unsigned k) {
                return static_cast<unsigned>(pid_rng.below(k));
            })
                                                       : spec.pid;
            if (!d.s.on("device.pid_checksum_ok")) {
                // One wrong check character: what a typo in MEBX gives.
                d.pid[7] =
                    d.pid[7] == 'Z' ? 'A' : static_cast<char>(d.pid[7] == '9' ? 'A' : d.pid[7] + 1);
            }
            w.devices.push_back(std::move(d));
        }
    }
    // One-touch PSK clients the site provisions beside the scenario's devices, set up its way
    // (site settings only: no device part of a fault reaches them): the clients a PSK client
    // that differs is compared with.
    const int64_t peers = w.site.num("site.psk_peer_clients");
    for (int64_t n = 0; n < peers; ++n, ++index) {
        Device d;
        d.index = index;
        d.mode = Mode::onetouch_psk;
        char host[24];
        std::snprintf(host, sizeof host, "pskpeer%02d", static_cast<int>(n + 1));
        d.host = host;
        d.fqdn = d.host + "." + w.domain();
        d.s = w.site;
        d.uuid = derived_uuid(rng);
        d.mac = derived_mac(index + 1);
        d.ip = derived_ip(index);
        d.machine_id = 48 + static_cast<int>(index);
        Rng pid_rng(scenario.seed ^ (0xA5A5ULL + index));
        d.pid = generate_pid([&](unsigned k) { return static_cast<unsigned>(pid_rng.below(k)); });
        w.devices.push_back(std::move(d));
    }
    return w;
}

}  // namespace amtdiag::provisioning
