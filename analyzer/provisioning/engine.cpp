#include "analyzer/provisioning/engine.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "analyzer/provisioning/certs.h"
#include "analyzer/provisioning/cm_log.h"
#include "analyzer/provisioning/flows.h"
#include "analyzer/provisioning/pcapng.h"
#include "analyzer/provisioning/pid.h"
#include "analyzer/provisioning/site_texts.h"
#include "analyzer/provisioning/world.h"

namespace amtdiag::provisioning {

namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86'400'000;
constexpr const char* kAmtOid = "2.16.840.1.113741.1.2.3";
constexpr const char* kServerAuthOid = "1.3.6.1.5.5.7.3.1";
constexpr const char* kAmtOu = "Intel(R) Client Setup Certificate";
// Web server certificates written per provisioned device: enough to show the issuing chain,
// few enough that a 10,000-device fleet does not write 10,000 files.
constexpr size_t kMaxIssuedCertFiles = 20;
// Client-side files (ipconfig, amtinfo, OOBMGMT.LOG) for the first devices only: what an
// engineer collects from a sample of clients, and what keeps a fleet benchmark to a few files.
constexpr size_t kClientFilesLimit = 1000;

std::string upper_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string dashed(const std::string& chars) {
    std::string out;
    for (size_t i = 0; i < chars.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += chars[i];
    }
    return out;
}

// One-touch PSK: what the endpoint manager lets an engineer export (parsers/epm): the batch
// of provisioning IDs it generated, as printed, and the unmanaged-device list of the devices
// it provisioned. The passphrases are made up for the list (the simulated devices do their
// TLS-PSK only in `sim live`); the file is written owner-only, as `pid generate` does.
void write_endpoint_manager_exports(const World& w, const std::vector<size_t>& provisioned,
                                    const fs::path& out) {
    std::vector<const Device*> psk;
    for (const Device& d : w.devices)
        if (d.mode == Mode::onetouch_psk) psk.push_back(&d);
    if (psk.empty()) return;
    Rng rng(w.scenario.seed ^ 0xE9A1ULL);
    const auto random_index = [&](unsigned k) { return static_cast<unsigned>(rng.below(k)); };
    std::string ids =
        "Intel vPro provisioning IDs\r\n\r\nProvisioning ID   Provisioning passphrase\r\n";
    for (const Device* d : psk) {
        // A PID from another batch: the device's own is not in this server's list.
        const std::string pid =
            d->s.on("device.pid_in_epm_list") ? d->pid : generate_pid(random_index);
        ids += dashed(pid) + "         " + dashed(generate_pps(random_index)) + "\r\n";
    }
    for (int spare = 0; spare < 3; ++spare)
        ids += dashed(generate_pid(random_index)) + "         " +
               dashed(generate_pps(random_index)) + "\r\n";
    const fs::path ids_path = out / "server" / "epm-provisioning-ids.txt";
    write_text(ids_path, ids);
    fs::permissions(ids_path, fs::perms::owner_read | fs::perms::owner_write);

    // The list also holds machines provisioned before (from other sites' batches).
    std::string devices = "Device Name,IP Address,UUID\r\n";
    for (int other = 0; other < 2; ++other) {
        char uuid[40];
        std::snprintf(uuid, sizeof uuid, "%08llX-0000-4000-8000-%012llX",
                      static_cast<unsigned long long>(rng.below(0xFFFFFFFFULL)),
                      static_cast<unsigned long long>(rng.below(0xFFFFFFFFFFFFULL)));
        devices += "vpro-earlier-" + std::to_string(other + 1) + ",192.168.21." +
                   std::to_string(200 + other) + "," + uuid + "\r\n";
    }
    for (const size_t i : provisioned) {
        const Device& d = w.devices[i];
        if (d.mode != Mode::onetouch_psk || !d.s.on("device.epm_listed")) continue;
        devices += d.host + "," + d.ip + "," + d.uuid + "\r\n";
    }
    write_text(out / "server" / "epm-unmanaged-devices.csv", devices);
}

Pki build_pki(const World& w) {
    const Settings& s = w.site;
    const int64_t t = w.start_ms;
    Pki pki;
    CertSpec root;
    root.cn = "VProLab Root CA";
    root.key = SimKey::root;
    root.ca = true;
    root.serial = 0x1001;
    root.not_before_ms = t - 5 * 365 * kDay;
    root.not_after_ms = t + 15 * 365 * kDay;
    pki.root = std::make_unique<Cert>(root, nullptr);

    const std::string crl_base = s.on("ca.cdp_aia_malformed") ? "pki." : "http://pki.";
    CertSpec issuing;
    issuing.cn = "VProLab Issuing CA";
    issuing.key = SimKey::issuing;
    issuing.ca = true;
    issuing.serial = 0x1002;
    issuing.not_before_ms = t - 3 * 365 * kDay;
    issuing.not_after_ms = s.on("ca.issuing_expired") ? t - 10 * kDay : t + 5 * 365 * kDay;
    issuing.crl_url = "http://pki." + w.domain() + "/root-ca.crl";
    issuing.aia_url = "http://pki." + w.domain() + "/root-ca.crt";
    pki.issuing = std::make_unique<Cert>(issuing, pki.root.get());

    CertSpec prov_ca = issuing;
    prov_ca.cn = "VProLab Provisioning CA";
    prov_ca.key = SimKey::provca;
    prov_ca.serial = 0x1003;
    prov_ca.not_after_ms = t + 5 * 365 * kDay;
    pki.prov_ca = std::make_unique<Cert>(prov_ca, pki.root.get());

    std::string cert_domain = s.get("cert.domain");
    if (cert_domain.empty()) cert_domain = w.domain();
    CertSpec prov;
    prov.cn = s.get("site.server_host") + "." + cert_domain;
    prov.key = s.num("cert.key_bits") < 2048 ? SimKey::weak : SimKey::prov;
    prov.serial = 0x2001;
    if (s.on("cert.amt_ou")) prov.ou = kAmtOu;
    if (s.on("cert.server_auth_eku")) prov.eku.push_back(kServerAuthOid);
    if (s.on("cert.amt_oid")) prov.eku.push_back(kAmtOid);
    prov.dns_names = {prov.cn};
    prov.not_before_ms = s.on("cert.expired") ? t - 400 * kDay : t - 200 * kDay;
    prov.not_after_ms = s.on("cert.expired") ? t - 35 * kDay : t + 165 * kDay;
    prov.crl_url = crl_base + w.domain() + "/prov-ca.crl";
    prov.aia_url = crl_base + w.domain() + "/prov-ca.crt";
    pki.prov = std::make_unique<Cert>(prov, pki.prov_ca.get());
    return pki;
}

std::string webserver_cert_pem(const World& w, const Pki& pki, const Device& d) {
    CertSpec spec;
    spec.cn = d.fqdn;
    spec.key = SimKey::device;
    spec.serial = 0x3000 + d.index;
    spec.eku = {kServerAuthOid};
    spec.dns_names = {d.fqdn};
    spec.not_before_ms = w.start_ms;
    spec.not_after_ms = w.start_ms + 2 * 365 * kDay;
    const std::string base = w.site.on("ca.cdp_aia_malformed") ? "pki." : "http://pki.";
    spec.crl_url = base + w.domain() + "/issuing-ca.crl";
    spec.aia_url = base + w.domain() + "/issuing-ca.crt";
    return Cert(spec, pki.issuing.get()).pem();
}

void collect_files(const fs::path& dir, std::vector<std::string>& out) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).generic_string());
    std::sort(out.begin(), out.end());
}

}  // namespace

RunSummary run_scenario(const Scenario& scenario, const FaultCatalog& catalog,
                        const std::string& out_dir) {
    const World w = build_world(scenario, catalog);
    const fs::path out(out_dir);
    fs::create_directories(out / "server" / "certs");
    fs::create_directories(out / "network");
    for (const Device& d : w.devices)
        if (d.s.on("device.reaches_site") && d.index < kClientFilesLimit)
            fs::create_directories(out / "clients" / d.host);

    Pki pki = build_pki(w);
    const int bias = static_cast<int>(w.site.num("site.bias_minutes"));
    const auto max_bytes = static_cast<uint64_t>(w.site.num("site.log_max_bytes"));
    RunSummary summary;
    summary.devices = w.devices.size();
    {
        CmLog opmgr((out / "server" / "AMTOPMGR.LOG").string(), "SMS_AMT_OPERATION_MANAGER",
                    LogStyle::sms_trace, bias, max_bytes);
        CmLog proxy((out / "server" / "AMTPROXYMGR.LOG").string(), "SMS_AMT_PROXY_COMPONENT",
                    LogStyle::sms_trace, bias, max_bytes);
        Pcapng cap((out / "network" / "capture.pcapng").string());
        Context ctx(w, scenario.seed, opmgr, proxy, cap, pki, out.string());
        ctx.client_files_limit = kClientFilesLimit;

        int64_t t = w.start_ms;
        // modeled: the component's start (status message 500) names the site it runs in.
        opmgr.line(t, 3012,
                   "STATMSG: ID=500 SEV=I LEV=M SOURCE=\"SMS Server\" "
                   "COMP=\"SMS_AMT_OPERATION_MANAGER\" SYS=" +
                       upper_ascii(w.site.get("site.server_host")) +
                       " SITE=" + w.site.get("site.code") + " PID=2012 TID=3012");
        opmgr.line(t, 3012, "Waiting for incoming hello message from AMT devices...");
        opmgr.line(t + 1578, 2436, "AMT Provision Worker: Wakes up to process instruction files");
        opmgr.line(t + 1593, 2436, "AMT Provision Worker: Wait 3600 seconds...");
        probe_dns(ctx, nullptr, t + 2000);
        t += 60'000;
        for (const Device& d : w.devices) {
            ctx.task_thread = 5360 + static_cast<unsigned>(d.index % 64) * 4;
            const int64_t end = play_device(ctx, d, t);
            // The engineer's probe names a sample of clients (as its --host list would).
            if (d.s.on("device.reaches_site") && d.index < kClientFilesLimit)
                probe_dns(ctx, &d, end);
            site_background(ctx, end);
            t = end + 1000;
        }
        if (w.unprovision()) {
            t += 86'400'000;  // a day later, as in the guide's Figure 4
            for (const size_t i : ctx.provisioned)
                t = play_unprovision(ctx, w.devices[i], t) + 60'000;
        }
        // Worker wake-ups go on after the last device: the log covers the whole watch.
        opmgr.line(t + 12'031, 2436, "AMT Provision Worker: Wakes up to process instruction files");
        opmgr.line(t + 12'047, 2436, "AMT Provision Worker: Wait 3600 seconds...");

        // ordered_json: readers find a record by its first member, "schema", within 4 KiB.
        nlohmann::ordered_json probe = {
            {"schema", "amtdiag.probe/1"},
            {"probe", "dns"},
            {"tool", {{"name", "amtdiag"}, {"version", "sim"}, {"command", "sim run"}}},
            {"started", rfc3339(w.start_ms)},
            {"host", w.site.get("site.server_host")},
            {"options", {{"server", "192.168.20.10:53"}, {"suffixes", {w.domain()}}}},
            {"results", ctx.dns_results},
            {"finished", rfc3339(t)}};
        write_text(out / "network" / "probe-dns.json", probe.dump(1) + "\n");

        // Certificates an engineer exports from the site server: the provisioning chain (as a
        // PEM bundle, the way `certutil -exportPFX`'s chain is often shared), the issuing
        // CA, and the web server certificates the CA issued to provisioned devices.
        // One-touch PSK needs no certificate: the pair is the secret.
        const bool any_cert_mode =
            std::any_of(w.devices.begin(), w.devices.end(),
                        [](const Device& d) { return d.mode != Mode::onetouch_psk; });
        if (w.site.on("site.prov_cert_installed") && any_cert_mode) {
            std::string chain = pki.prov->pem();
            if (w.site.on("cert.intermediate_on_server")) chain += pki.prov_ca->pem();
            chain += pki.root->pem();
            write_text(out / "server" / "certs" / "provisioning-chain.pem", chain);
        }
        const bool issued_any =
            std::any_of(ctx.provisioned.begin(), ctx.provisioned.end(), [&](size_t i) {
                return w.devices[i].mode == Mode::oob || w.devices[i].mode == Mode::inband;
            });
        if (issued_any) {
            std::string ca =
                w.site.on("ca.issuing_chain_on_server") ? pki.issuing->pem() : std::string();
            write_text(out / "server" / "certs" / "issuing-ca.pem", ca + pki.root->pem());
            for (size_t k = 0; k < ctx.provisioned.size() && k < kMaxIssuedCertFiles; ++k) {
                const Device& d = w.devices[ctx.provisioned[k]];
                if (d.mode == Mode::oob || d.mode == Mode::inband)
                    write_text(out / "server" / "certs" / ("amt-webserver-" + d.host + ".pem"),
                               webserver_cert_pem(w, pki, d));
            }
        }
        write_endpoint_manager_exports(w, ctx.provisioned, out);
        cap.finish();
        opmgr.finish();
        proxy.finish();
        summary.log_bytes = opmgr.bytes_written() + proxy.bytes_written();
        summary.rollovers = opmgr.rollovers() + proxy.rollovers();
        summary.packets = cap.packets();
    }
    write_text(out / "server" / "AMTSPSETUP.LOG", service_point_setup_log(w));
    const std::string enabled_before = w.site.get("site.policy_enabled_hours_before");
    if (!enabled_before.empty()) {
        // modeled: the policy provider turns the collection's automatic provisioning setting
        // into client policy when it changes.
        CmLog policy((out / "server" / "policypv.log").string(), "SMS_POLICY_PROVIDER",
                     LogStyle::sms_trace, bias, max_bytes);
        policy.line(w.start_ms - w.site.num("site.policy_enabled_hours_before") * 3'600'000, 3412,
                    "Successfully updated the AMT auto-provisioning policy and policy assignment "
                    "for collection 'SMS00001'.");
        policy.finish();
    }
    if (!w.site.on("site.service_point")) {
        // No role, no component: the operation manager and proxy logs do not exist.
        fs::remove(out / "server" / "AMTOPMGR.LOG");
        fs::remove(out / "server" / "AMTPROXYMGR.LOG");
    }
    write_text(out / "server" / "hotfixes-site-server.txt", site_server_inventory(w));
    write_text(out / "server" / "whoami-groups-console-operator.csv", whoami_groups_csv(w));
    for (const Device& d : w.devices) {
        if (!d.s.on("device.reaches_site") || d.index >= kClientFilesLimit) continue;
        const fs::path dir = out / "clients" / d.host;
        write_text(dir / "ipconfig-all.txt", ipconfig_all(w, d));
        if (d.mode == Mode::inband)
            write_text(dir / "client-version.txt", client_inventory(w, d));
        else
            write_text(dir / "amtinfo.txt", amtinfo_text(w, d));
    }
    write_text(out / "scenario.yaml", scenario_to_yaml(scenario));
    collect_files(out, summary.files);
    return summary;
}

}  // namespace amtdiag::provisioning
