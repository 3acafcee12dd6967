#include "analyzer/provisioning/flows.h"

#include <cstdio>
#include <fstream>
#include <optional>

#include "analyzer/provisioning/wire.h"
#include "parsers/hello/hello.h"

namespace amtdiag::provisioning {

namespace {

namespace hello = parsers::hello;

// Threads as Figure 1 and Figure 3 of the guide show them.
constexpr unsigned kListenerThread = 3012;
constexpr unsigned kWorkerThread = 2436;
constexpr unsigned kProxyThread = 2820;
constexpr unsigned kMaintenanceThread = 4404;

constexpr const char* kDhcpServerIp = "192.168.20.10";
constexpr const char* kConsoleIp = "192.168.20.40";
constexpr const char* kProxyInstruction =
    R"(Successfully created instruction file for AMT proxy task: C:\Program Files\Microsoft Configuration Manager\inboxes\amtproxymgr.box)";

// SHA-256 root hashes every PKI hello carries (amt-protocol.md §3.4, the first entries of
// MeshCentral's vector #1: Go Daddy Class 2, Go Daddy G2, Comodo AAA, Starfield Class 2).
constexpr const char* kDefaultHashes[] = {
    "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4",
    "45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda",
    "d7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4",
    "1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658",
};

// SHA-1 root hashes of the 2.6-10.x default lists (§3.4, Symantec's table): ME 11.0 removed
// them, so older firmware announces them beside the SHA-256 ones.
constexpr const char* kSha1DefaultHashes[] = {
    "742c3192e607e424eb4549542be1bbc53e6174e2", "132d0d45534b6997cdb2d5c339e25576609b5cc6",
    "2796bae63f1801e277261ba0d77770028f20eee4", "d1eb23a46d17d68fd92564c2f1f1601764d8e349",
    "ad7e1c28b064ef8f6003402014c3d0e3370eb58a",
};

int64_t us(int64_t ms) {
    return ms * 1000;
}

std::string unhex(std::string_view h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string dn_of(const std::string& domain) {
    std::string dn;
    size_t start = 0;
    while (start <= domain.size()) {
        size_t dot = domain.find('.', start);
        if (dot == std::string::npos) dot = domain.size();
        dn += (dn.empty() ? "DC=" : ",DC=") + domain.substr(start, dot - start);
        start = dot + 1;
    }
    return dn;
}

std::string ou_path(const World& w) {
    return "LDAP://dc01." + w.domain() + "/OU=Out of Band Management Controllers," +
           dn_of(w.domain());
}

Endpoint device_ep(const Device& d, uint16_t port = 0) {
    return {mac_bytes(d.mac), ipv4(d.ip), port};
}
Endpoint server_ep(const World& w, uint16_t port) {
    return {mac_bytes("00-15-5D-00-00-1E"), ipv4(w.site.get("site.server_ip")), port};
}
Endpoint dc_ep(uint16_t port) {
    return {mac_bytes("00-15-5D-00-00-0A"), ipv4(kDhcpServerIp), port};
}
Endpoint console_ep(uint16_t port) {
    return {mac_bytes("00-15-5D-00-00-28"), ipv4(kConsoleIp), port};
}

uint16_t ephemeral(Context& ctx) {
    const uint32_t p = ctx.next_port;
    ctx.next_port = ctx.next_port >= 65000 ? 49152 : ctx.next_port + 1;
    return static_cast<uint16_t>(p);
}

void op(Context& ctx, int64_t t, unsigned thread, const std::string& text) {
    ctx.opmgr.line(t, thread, text);
}

std::string soap(const std::string& call, const char* status, bool client_error = true) {
    return call + " finished with HResult = 0x0, status = " + status +
           (client_error ? ", clientError = 0." : ".");
}

int major_version(const std::string& fw) {
    return std::atoi(fw.c_str());
}

bool firmware_below(const std::string& fw, int major, int minor, int patch) {
    int a = 0, b = 0, c = 0;
    std::sscanf(fw.c_str(), "%d.%d.%d", &a, &b, &c);
    if (a != major) return a < major;
    if (b != minor) return b < minor;
    return c < patch;
}

// The DHCP exchange of a device booting (DISCOVER, OFFER, REQUEST, ACK), with the options the
// site's DHCP server gives.
int64_t dhcp_exchange(Context& ctx, const Device& d, int64_t t) {
    const World& w = ctx.w;
    const auto xid = static_cast<uint32_t>(ctx.rng.next());
    Endpoint client{mac_bytes(d.mac), 0, 68};
    Endpoint bcast{mac_bytes("FF-FF-FF-FF-FF-FF"), 0xFFFFFFFF, 67};
    Endpoint server = dc_ep(67);
    Endpoint to_client{mac_bytes(d.mac), ipv4(d.ip), 68};
    DhcpMessage m;
    m.xid = xid;
    m.mac = mac_bytes(d.mac);
    m.host_name = d.host;
    m.client_fqdn = d.fqdn;
    m.fqdn_flags = 0x01;
    m.type = 1;
    ctx.cap.udp(us(t), client, bcast, dhcp_bytes(m));
    DhcpMessage reply = m;
    reply.host_name.clear();
    reply.yiaddr = ipv4(d.ip);
    reply.server = ipv4(kDhcpServerIp);
    reply.router = ipv4("192.168.20.1");
    reply.dns_servers = {ipv4(kDhcpServerIp)};
    if (d.s.on("net.dhcp_option15")) reply.domain = w.domain();
    reply.client_fqdn.clear();
    reply.type = 2;
    ctx.cap.udp(us(t) + 1200, server, to_client, dhcp_bytes(reply));
    m.type = 3;
    m.requested = ipv4(d.ip);
    m.server = ipv4(kDhcpServerIp);
    ctx.cap.udp(us(t) + 2500, client, bcast, dhcp_bytes(m));
    reply.type = 5;
    if (d.s.on("net.dhcp_option81")) {
        reply.client_fqdn = d.fqdn;
        reply.fqdn_flags = 0x03;  // S and O: the server updates the A record itself
    }
    ctx.cap.udp(us(t) + 3600, server, to_client, dhcp_bytes(reply));
    return t + 4;
}

// A query from `from` to the site DNS server and its answer, on the capture.
void dns_on_wire(Context& ctx, const Endpoint& from, int64_t t, const std::string& qname,
                 uint16_t qtype, const std::vector<DnsAnswer>& answers) {
    const uint16_t id = ctx.dns_id++;
    Endpoint src = from;
    src.port = ephemeral(ctx);
    const Endpoint dns = dc_ep(53);
    ctx.cap.udp(us(t), src, dns, dns_query(id, qname, qtype));
    ctx.cap.udp(us(t) + 800, dns, src,
                dns_response(id, qname, qtype, answers.empty() ? 3 : 0, answers));
}

void probe_entry(Context& ctx, int64_t t, const std::string& purpose, const std::string& qname,
                 const std::string& qtype, const std::vector<DnsAnswer>& answers,
                 const std::string& host = "", const std::string& address = "") {
    nlohmann::ordered_json r = {
        {"purpose", purpose},   {"qname", qname},
        {"qtype", qtype},       {"server", std::string(kDhcpServerIp) + ":53"},
        {"time", rfc3339(t)},   {"elapsed_ms", 2},
        {"answered", true},     {"rcode", answers.empty() ? "NXDOMAIN" : "NOERROR"},
        {"authoritative", true}};
    if (purpose == "provisionserver") r["suffix"] = qname.substr(qname.find('.') + 1);
    if (!host.empty()) r["host"] = host;
    if (!address.empty()) r["address"] = address;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const DnsAnswer& a : answers)
        list.push_back({{"name", qname + "."},
                        {"type", a.type == 1 ? "A" : "PTR"},
                        {"ttl", 3600},
                        {"data", a.type == 1 ? a.data : a.data + "."}});
    r["answers"] = list;
    if (purpose == "reverse") r["matches_host"] = !answers.empty() && answers.front().data == host;
    ctx.dns_results.push_back(std::move(r));
}

std::vector<DnsAnswer> provisionserver_answer(const Context& ctx, const Device* d) {
    const bool present =
        d ? d->s.on("net.provisionserver_record") : ctx.w.site.on("net.provisionserver_record");
    if (!present) return {};
    return {{1, ctx.w.site.get("site.server_ip")}};
}

std::string ptr_target(const Device& d) {
    return d.s.on("net.ptr_matches") ? d.fqdn : "old-" + d.fqdn;
}

std::string hello_bytes(const Context& ctx, const Device& d, uint32_t retry) {
    hello::Hello h;
    h.admin_credentials = 1;
    h.uuid = d.uuid;
    h.retry = retry;
    if (d.mode == Mode::onetouch_psk) {
        h.version = hello::kVersionPsk;
        h.pid = d.pid;
    } else {
        h.version = hello::kVersionPki;
        if (major_version(d.s.get("device.firmware")) < 11)
            for (const char* hex : kSha1DefaultHashes) h.hashes.push_back({1, unhex(hex)});
        for (const char* hex : kDefaultHashes) h.hashes.push_back({2, unhex(hex)});
        // The site's own root, added in MEBX or by the OEM (a custom hash).
        if (d.s.on("device.root_hash_in_amt")) h.hashes.push_back({2, ctx.pki.root->sha256_raw()});
    }
    return hello::encode_hello(h);
}

// One hello: TCP to the provisioning server, the bytes, close (the device is the client).
void send_hello(Context& ctx, const Device& d, int64_t t, uint16_t port, uint32_t retry) {
    TcpFlow flow(ctx.cap, device_ep(d, ephemeral(ctx)), server_ep(ctx.w, port),
                 static_cast<uint32_t>(ctx.rng.next()), static_cast<uint32_t>(ctx.rng.next()));
    int64_t u = flow.open(us(t), TcpFlow::Answer::accept);
    u = flow.client_sends(u + 200, hello_bytes(ctx, d, retry));
    flow.client_closes(u + 300);
}

// Why the ME refuses the provisioning certificate chain the site presents (§3.1, §3.2), or "".
std::string chain_refusal(const Context& ctx, const Device& d) {
    const Settings& s = d.s;
    if (!s.on("cert.server_auth_eku")) return "no server authentication EKU";
    if (!s.on("cert.amt_oid") && !s.on("cert.amt_ou")) return "neither the AMT OID nor the OU";
    if (s.on("cert.expired")) return "expired";
    if (!s.on("device.root_hash_in_amt")) return "root hash unknown to the ME";
    if (!s.on("cert.intermediate_on_server")) return "incomplete chain";
    if (s.num("cert.key_bits") < 2048 && major_version(s.get("device.firmware")) >= 15)
        return "RSA key below 2048 bits";
    std::string cert_domain = s.get("cert.domain");
    if (cert_domain.empty()) cert_domain = ctx.w.domain();
    const std::string dom = ctx.w.domain();
    if (dom != cert_domain &&
        !(dom.size() > cert_domain.size() &&
          dom.compare(dom.size() - cert_domain.size(), cert_domain.size(), cert_domain) == 0))
        return "domain suffix mismatch";
    return "";
}

enum class Connect { ok, unreachable, tls_refused, auth_failed, legacy };

// The site server's TLS session to the device on 16993 (or the one-touch core server's),
// as the capture shows it.
Connect connect_to_device(Context& ctx, const Device& d, int64_t t, bool psk) {
    const Settings& s = d.s;
    if (firmware_below(s.get("device.firmware"), 3, 2, 1) && !s.on("site.wsman_translator"))
        return Connect::legacy;  // no WS-MAN Translator: ConfigMgr never speaks to it
    TcpFlow flow(ctx.cap, server_ep(ctx.w, ephemeral(ctx)), device_ep(d, 16993),
                 static_cast<uint32_t>(ctx.rng.next()), static_cast<uint32_t>(ctx.rng.next()));
    if (!s.on("net.port_16993_open")) {
        flow.open(us(t), TcpFlow::Answer::silence);
        return Connect::unreachable;
    }
    int64_t u = flow.open(us(t), TcpFlow::Answer::accept);
    u = flow.client_sends(u + 200, tls_client_hello(ctx.rng, psk ? "" : d.fqdn));
    u = flow.server_sends(u + 800,
                          tls_server_hello_flight(ctx.rng, psk ? "" : ctx.pki.root->der()));
    u = flow.client_sends(u + 500, tls_client_key_exchange_flight(ctx.rng));
    const bool refuse =
        !psk && (!chain_refusal(ctx, d).empty() || s.on("device.tls_321_self_signed"));
    if (refuse) {
        u = flow.server_sends(u + 400, tls_alert(42));  // bad_certificate
        flow.client_closes(u + 200);
        return Connect::tls_refused;
    }
    u = flow.server_sends(u + 400, tls_server_finished_flight(ctx.rng));
    u = flow.client_sends(u + 300, tls_application_data(ctx.rng, 620));
    u = flow.server_sends(u + 900, tls_application_data(ctx.rng, 1180));
    flow.client_closes(u + 300);
    if (!s.on("device.mebx_password_matches")) return Connect::auth_failed;
    return Connect::ok;
}

// Stage 5/6: the out of band console (and a browser on the same host) reach the provisioned
// device's web server.
bool has_forward_record(const Device& d) {
    return d.s.on("device.forward_record") && d.s.on("net.ddns_registers");
}

void console_session(Context& ctx, const Device& d, int64_t t) {
    ctx.provisioned.push_back(d.index);
    const Settings& s = d.s;
    if (!has_forward_record(d)) {
        dns_on_wire(ctx, console_ep(0), t, d.fqdn, 1, {});
        return;
    }
    dns_on_wire(ctx, console_ep(0), t, d.fqdn, 1, {{1, d.ip}});
    TcpFlow flow(ctx.cap, console_ep(ephemeral(ctx)), device_ep(d, 16993),
                 static_cast<uint32_t>(ctx.rng.next()), static_cast<uint32_t>(ctx.rng.next()));
    int64_t u = flow.open(us(t + 20), TcpFlow::Answer::accept);
    u = flow.client_sends(u + 200, tls_client_hello(ctx.rng, d.fqdn));
    u = flow.server_sends(u + 800, tls_server_hello_flight(ctx.rng, ctx.pki.issuing->der()));
    if (!s.on("console.trusts_chain")) {
        u = flow.client_sends(u + 300, tls_alert(48));  // unknown_ca
        flow.client_closes(u + 100);
        return;
    }
    u = flow.client_sends(u + 500, tls_client_key_exchange_flight(ctx.rng));
    u = flow.server_sends(u + 400, tls_server_finished_flight(ctx.rng));
    u = flow.client_sends(u + 300, tls_application_data(ctx.rng, 540));
    u = flow.server_sends(u + 900, tls_application_data(ctx.rng, 2300));
    flow.client_closes(u + 300);
}

struct TaskResult {
    int64_t t = 0;
    bool provisioned = false;
};

void task_end(Context& ctx, int64_t t, unsigned th, const Device& d, bool ok) {
    op(ctx, t, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
    if (ok)
        op(ctx, t, th,
           "Auto-worker Thread Pool: Succeed to run the task " + d.fqdn +
               ".. Remove it from task list.");
}

// The provisioning task of the out of band service point (Figure 3), for a hello (out of
// band) or a ZTC request (in-band).
TaskResult provision_task(Context& ctx, const Device& d, int64_t t, bool inband, bool psk = false) {
    const World& w = ctx.w;
    const Settings& s = d.s;
    const unsigned th = ctx.task_thread;
    const std::string mid = std::to_string(d.machine_id);
    const std::string& host = d.fqdn;
    op(ctx, t, th, "Auto-worker Thread Pool: Work thread " + std::to_string(th) + " started");
    op(ctx, t, th, ">>>>>>>>> Provision task begin <<<<<<<<<");
    op(ctx, t, th,
       "Provision target is indicated with SMS resource id. (MachineId = " + mid + " " + host +
           ")");
    op(ctx, t += 16, th,
       "Start to send a basic machine property creation request to FDM. (MachineId = " + mid + ")");
    op(ctx, t += 31, th,
       "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Fill Machine "
       "Property\" SID=1 "
       "MUF=0 PCNT=5, P1='" +
           upper(d.host) + "' P2='891300' P3='' P4='' P5=''");
    op(ctx, t += 16, th,
       "Warning: Currently we don't support mutual auth. Change to TLS server auth mode.");
    op(ctx, t, th, "The provision mode for device " + host + " is 1.");
    op(ctx, t, th, "Attempting to establish connection with target device using SOAP.");
    if (!s.on("site.prov_cert_installed")) {
        // modeled: no real text known for a store without a provisioning certificate.
        op(ctx, t += 16, th, "Failed to find a valid provisioning certificate in the store.");
        task_end(ctx, t += 31, th, d, false);
        return {t, false};
    }
    op(ctx, t += 16, th,
       "Found matched certificate hash in current memory of provisioning certificate");
    op(ctx, t, th, "Create provisionHelper with (Hash: " + upper(ctx.pki.prov->sha1_hex()) + ")");
    op(ctx, t, th, "Set credential on provisionHelper...");
    op(ctx, t += 15, th,
       "Try to use provisioning account to connect target machine " + host + "...");
    const Connect c = connect_to_device(ctx, d, t + 5, psk);
    t += 1391;
    if (c == Connect::tls_refused)
        op(ctx, t, th,
           "Error 0x80090326 returned by InitializeSecurityContext during follow up TLS "
           "handshaking with server.");
    if (c != Connect::ok) {
        op(ctx, t += 20, th,
           "Error: Failed to connect target machine " + host + " using provisioning account #0.");
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t, th,
       "Succeed to connect target machine " + host + " and core version with " +
           s.get("device.firmware") + " using provisioning account #0.");
    op(ctx, t += 578, th,
       "GeneralInfo.GetProvisioningState finished with HRESULT = 0x0, status = 0x0, clientError = "
       "0.");
    if (s.on("device.already_provisioned")) {
        op(ctx, t, th, "Get device provisioning state is Post Provisioning");
        // modeled: the call a provisioned ME refuses (0x20 INVALID_PROVISIONING_STATE).
        op(ctx, t += 1609, th, soap("SecurityAdministration.CommitChanges", "0x20"));
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t, th, "Get device provisioning state is In Provisioning");
    if (inband) op(ctx, t += 422, th, "Passed OTP check on AMT device " + host + ".");
    op(ctx, t += 16, th,
       "Machine " + host + " will be added and published to AD and OU is " + ou_path(w));
    op(ctx, t, th, "Send request to AMT proxy component to add machine " + host + " to AD.");
    op(ctx, t += 16, th, kProxyInstruction);
    // The proxy component (AMTPROXYMGR.LOG) works the instruction file a moment later.
    // modeled: the guide shows no AMTPROXYMGR.LOG lines.
    if (!s.on("ad.ou_full_control"))
        ctx.proxy.line(t + 900, kProxyThread,
                       "Failed to add the AMT object to AD " + ou_path(w) + ", error 0x80070005");
    else if (!s.on("ad.ou_exists"))
        ctx.proxy.line(t + 900, kProxyThread,
                       "Failed to add the AMT object to AD " + ou_path(w) + ", error 0x80072030");
    else
        ctx.proxy.line(t + 900, kProxyThread,
                       "Published the AMT object of " + host + " to " + ou_path(w));
    op(ctx, t, th, "Processing provision on AMT device " + host + "...");
    op(ctx, t += 32, th,
       "Send request to AMT proxy component to generate client certificate. (MachineId = " + mid +
           ")");
    op(ctx, t += 15, th, kProxyInstruction);
    const bool issued = s.on("ca.template_read_enroll");
    if (!issued)
        ctx.proxy.line(t + 1100, kProxyThread,
                       "The certificate request was denied by the policy module, error 0x80094012");
    else
        ctx.proxy.line(
            t + 1100, kProxyThread,
            "Issued the AMT web server certificate for " + host + " from the enterprise CA");
    const int cycles = issued ? 1 : 12;
    for (int k = 1; k <= cycles; ++k) {
        op(ctx, t += 16, th,
           "Wait 20 seconds to find client certificate for AMT device " + host +
               " being generated again...");
        op(ctx, t += 2309, kWorkerThread,
           "AMT Provision Worker: Wakes up to process instruction files");
        op(ctx, t += 16, kWorkerThread, "AMT Provision Worker: Wait 20 seconds...");
        op(ctx, t += 17691, th,
           "RETRY(" + std::to_string(k) + ") - Validate client certificate for AMT device " + host +
               " being generated.");
    }
    if (!issued) {
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t += 109, th,
       "Found client certificate already being generated for AMT device " + host + ".");
    op(ctx, t += 16, th, "Start 1st stage provision on AMT device " + host + ".. (SOAP)");
    op(ctx, t += 1843, th, soap("SecurityAdministration.ClearTLS Credentials", "0x0"));
    op(ctx, t += 2891, th, soap("NetworkTime.GetLowAccuracyTimeSynch", "0x0"));
    // modeled status: 0x22 PT_STATUS_INVALID_TIME (the ME refuses the time it is given).
    op(ctx, t += 1406, th,
       soap("NetworkTime.SetHighAccuracyTimeSynch",
            s.on("device.time_sync_fails") ? "0x22" : "0x0"));
    op(ctx, t += 2125, th, soap("NetworkAdmin.SetHostName", "0x0"));
    op(ctx, t += 1891, th, soap("NetworkAdmin.SetDomainName", "0x0", false));
    op(ctx, t += 4734, th,
       soap("SecurityAdministration.SetTLSCertificateWithKeyPair", "0x0", false));
    op(ctx, t += 3125, th, soap("SecurityAdministration.SetTlsServerAuthentication", "0x0"));
    op(ctx, t += 1172, th, soap("SecurityAdministration.GetDigestRealm", "0x0"));
    // modeled status: 0x80A STORAGE_ACL_ENTRY... DUPLICATE (the entry exists under another SID).
    op(ctx, t += 2359, th,
       soap("SecurityAdministration.SetAdminAclEntryEx",
            s.on("device.acl_entry_fails") ? "0x80A" : "0x0"));
    op(ctx, t += 1578, th, soap("SecurityAdministration.SetMEBxPassword", "0x10"));
    op(ctx, t, th, "We can't set MEBx password at this time. Admin may have already changed this.");
    const bool commit_ok = !s.on("device.commit_fails");
    op(ctx, t += 3047, th, soap("SecurityAdministration.CommitChanges", commit_ok ? "0x0" : "0x1"));
    if (!commit_ok) {
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t += 16, th,
       "Finished 1st stage provision on AMT device " + host +
           ". Sleep 5 seconds for 2nd stage provision.");
    task_end(ctx, t += 5016, th, d, true);
    return {t, true};
}

int64_t after_provisioning(Context& ctx, const Device& d, int64_t t) {
    console_session(ctx, d, t + 60'000);
    if (d.s.on("device.powered_down_later")) {
        // Stage 4: a later job (power control of a collection) finds the device off.
        const int64_t later = t + 1'800'000;
        op(ctx, later, kMaintenanceThread,
           "Try to use provisioned account (random generated password) to connect target machine " +
               d.fqdn + "...");
        TcpFlow flow(ctx.cap, server_ep(ctx.w, ephemeral(ctx)), device_ep(d, 16993),
                     static_cast<uint32_t>(ctx.rng.next()), static_cast<uint32_t>(ctx.rng.next()));
        flow.open(us(later + 10), TcpFlow::Answer::silence);
        return later + 30'000;
    }
    return t + 120'000;
}

int64_t play_oob(Context& ctx, const Device& d, int64_t t) {
    const Settings& s = d.s;
    const bool psk = d.mode == Mode::onetouch_psk;
    // One-touch PSK hellos go to the ConfigMgr out of band service point (with the Intel
    // WS-MAN Translator, as the guide's PSK prerequisites say); one-touch PKI hellos to the
    // core server of the endpoint manager, which writes no ConfigMgr log.
    const bool onetouch = d.mode == Mode::onetouch_pki;
    if (!provisionserver_answer(ctx, &d).empty()) {
        dns_on_wire(ctx, device_ep(d), t, "provisionserver." + ctx.w.domain(), 1,
                    provisionserver_answer(ctx, &d));
    } else {
        dns_on_wire(ctx, device_ep(d), t, "provisionserver." + ctx.w.domain(), 1, {});
        return t + 600'000;  // no server to send hellos to
    }
    if (!s.on("device.hello_enabled")) return t + 600'000;
    // PSK (version 2) hellos were removed in AMT 11.0 (amt-protocol.md §1.2): such firmware
    // never sends one, whatever MEBX holds.
    if (psk && major_version(s.get("device.firmware")) >= 11) return t + 600'000;
    const auto port = static_cast<uint16_t>(s.num("device.hello_port"));
    const bool listened = port == hello::kDefaultPort && (onetouch || s.on("site.service_point"));
    if (port == hello::kDefaultPort && !listened) {
        // Nothing listens on 9971 without the service point: every hello is reset.
        for (const int64_t at : {int64_t{0}, int64_t{60}, int64_t{120}}) {
            TcpFlow flow(ctx.cap, device_ep(d, ephemeral(ctx)), server_ep(ctx.w, port),
                         static_cast<uint32_t>(ctx.rng.next()), 0);
            flow.open(us(t + 2000 + at * 1000), TcpFlow::Answer::reset);
        }
        return t + 600'000;
    }
    // The site acts on a hello when it knows the device and the device runs no agent; the
    // one-touch core server when the PID is in its store with a valid check character.
    bool acts = listened && s.on("device.imported") && !s.on("device.hello_stops_early");
    if (!onetouch) acts = acts && !s.on("device.agent_installed");
    if (psk) acts = acts && s.on("device.pid_checksum_ok");
    // Resend schedule (§1.3): every minute for five minutes, then every five minutes.
    const int64_t schedule[] = {0, 60, 120, 180, 240, 300, 600};
    const int sent = acts ? 1 : (s.on("device.hello_stops_early") ? 3 : 7);
    int64_t last = t;
    for (int i = 0; i < sent; ++i) {
        const int64_t ht = t + 2000 + schedule[i] * 1000;
        send_hello(ctx, d, ht, port, static_cast<uint32_t>(i));
        last = ht;
        if (!listened || onetouch) continue;
        if (!s.on("device.agent_installed")) {
            // modeled: the guide never shows the line for an accepted hello.
            op(ctx, ht + 15, kListenerThread,
               "Received hello message from AMT device " + d.uuid + " (" + d.ip + ").");
        } else {
            op(ctx, ht + 15, kListenerThread,
               "Warning: AMT device " + d.uuid +
                   " is a SMS client. Reject hello message to provision.");
            op(ctx, ht + 31, kListenerThread,
               "Waiting for incoming hello message from AMT devices...");
        }
    }
    if (s.on("device.hello_stops_early")) return last + 900'000;  // the capture goes on
    if (!acts) return last + 60'000;
    if (onetouch) {
        // The core server verifies the hello (PID in its store) and connects with TLS-PSK
        // (one-touch PSK) or with its provisioning certificate (PKI).
        const Connect c = connect_to_device(ctx, d, last + 3000, psk);
        if (c != Connect::ok) return last + 60'000;
        return after_provisioning(ctx, d, last + 40'000);
    }
    const TaskResult r = provision_task(ctx, d, last + 2100, false, psk);
    return r.provisioned ? after_provisioning(ctx, d, r.t) : r.t + 60'000;
}

int64_t play_inband(Context& ctx, const Device& d, int64_t t) {
    const Settings& s = d.s;
    const std::string dir = ctx.dir + "/clients/" + d.host;
    // Client logs are collected from the first devices of a fleet only, as an engineer
    // collects them from a sample: a 100,000-device benchmark must not write 100,000 folders.
    std::optional<CmLog> oob;
    if (d.index < ctx.client_files_limit)
        oob.emplace(dir + "/OOBMGMT.LOG", "OobMgmt", LogStyle::ccm,
                    static_cast<int>(ctx.w.site.num("site.bias_minutes")),
                    static_cast<uint64_t>(ctx.w.site.num("site.log_max_bytes")));
    const unsigned th = 1844;
    const auto agent = [&](int64_t at, const std::string& text, int type = 1) {
        if (oob) oob->line(at, th, text, type);
    };
    // modeled: no public OOBMGMT.LOG text; the lines say what the agent does.
    if (!s.on("device.policy_received")) {
        agent(t,
              "Out of band management agent: auto-provisioning policy is not enabled for this "
              "client.");
        return t + 600'000;
    }
    agent(t, "Out of band management agent: auto-provisioning policy is enabled for this client.");
    if (!s.on("site.service_point")) return t + 600'000;
    if (!s.on("device.mei_driver")) {
        agent(t + 40, "HECI driver is not installed.", 3);
        return t + 600'000;
    }
    agent(t + 60, "AMT device " + d.uuid + " reports provisioning state 'In Provisioning'.");
    agent(t + 90, "Generated a one-time password and sent its hash to the site (MachineId = " +
                      std::to_string(d.machine_id) + ").");
    const std::string mid = std::to_string(d.machine_id);
    int64_t u = t + 20'000;
    op(ctx, u, kWorkerThread, "AMT Provision Worker: Wakes up to process instruction files");
    op(ctx, u += 31, kWorkerThread,
       R"(Incoming instruction file C:\Program Files\Microsoft Configuration Manager\inboxes\amtopmgr.box\prov\)" +
           mid + ".OTP to Provision Worker.");
    op(ctx, u += 47, kWorkerThread,
       "Found one 'ZTC Provision' task with type 'Machine Resource' and target ID '" + mid +
           "' and IP address '0'.");
    op(ctx, u += 62, kWorkerThread, "Target machine " + mid + " is a AMT capable machine.");
    op(ctx, u += 15, kWorkerThread, "Succeed to add new task to pending list.");
    op(ctx, u += 16, kWorkerThread, "AMT Provision Worker: Parsed 1 instruction files");
    op(ctx, u, kWorkerThread, "AMT Provision Worker: There are 1 tasks in pending list");
    op(ctx, u += 15, kWorkerThread,
       "AMT Provision Worker: Send task " + d.fqdn + " to completion port");
    op(ctx, u += 16, kWorkerThread,
       "AMT Provision Worker: 1 task(s) are sent to the task pool successfully.");
    const TaskResult r = provision_task(ctx, d, u + 141, true);
    if (r.provisioned) agent(r.t + 2000, "AMT device " + d.uuid + " is provisioned.");
    return r.provisioned ? after_provisioning(ctx, d, r.t) : r.t + 60'000;
}

}  // namespace

void probe_dns(Context& ctx, const Device* d, int64_t t) {
    const World& w = ctx.w;
    if (d == nullptr) {
        probe_entry(ctx, t, "provisionserver", "provisionserver." + w.domain(), "A",
                    provisionserver_answer(ctx, nullptr));
        const std::string server = w.server_fqdn();
        const std::string ip = w.site.get("site.server_ip");
        probe_entry(ctx, t + 3, "forward", server, "A", {{1, ip}}, server);
        probe_entry(ctx, t + 6, "reverse", reverse_name(ipv4(ip)), "PTR", {{12, server}}, server,
                    ip);
        return;
    }
    if (!has_forward_record(*d)) {
        probe_entry(ctx, t, "forward", d->fqdn, "A", {}, d->fqdn);
        return;
    }
    probe_entry(ctx, t, "forward", d->fqdn, "A", {{1, d->ip}}, d->fqdn);
    probe_entry(ctx, t + 3, "reverse", reverse_name(ipv4(d->ip)), "PTR", {{12, ptr_target(*d)}},
                d->fqdn, d->ip);
}

void site_background(Context& ctx, int64_t t) {
    // The capture runs at the site server: its own lookups show how long it ran (the hello
    // series rule compares the last hello with the end of the capture).
    dns_on_wire(ctx, server_ep(ctx.w, 0), t, "dc01." + ctx.w.domain(), 1, {{1, kDhcpServerIp}});
}

int64_t play_device(Context& ctx, const Device& d, int64_t t) {
    if (!d.s.on("device.reaches_site")) return t + 600'000;
    if (d.s.on("device.dhcp")) t = dhcp_exchange(ctx, d, t) + 1000;
    if (d.mode == Mode::inband) return play_inband(ctx, d, t);
    return play_oob(ctx, d, t);
}

int64_t play_unprovision(Context& ctx, const Device& d, int64_t t) {
    const World& w = ctx.w;
    const unsigned th = ctx.task_thread;
    const std::string mid = std::to_string(d.machine_id);
    const std::string& host = d.fqdn;
    op(ctx, t, kWorkerThread, "AMT Provision Worker: Wakes up to process instruction files");
    op(ctx, t += 16, kWorkerThread, "AMT Provision Worker: Wait 20 seconds...");
    op(ctx, t += 3109, th,
       "Auto-worker Thread Pool: Work thread " + std::to_string(th) + " started");
    op(ctx, t, th, ">>>>>>>>> Provision task begin <<<<<<<<<");
    op(ctx, t, th,
       "Provision target is indicated with SMS resource id. (MachineId = " + mid + " " + host +
           ")");
    op(ctx, t += 16, th, "Found valid basic machine property for machine id = " + mid + ".");
    op(ctx, t, th, "The provision mode for device " + host + " is 1.");
    op(ctx, t, th, "Attempting to establish connection with target device using SOAP.");
    op(ctx, t += 15, th,
       "Found matched certificate hash in current memory of provisioning certificate");
    op(ctx, t, th, "Create provisionHelper with (Hash: " + upper(ctx.pki.prov->sha1_hex()) + ")");
    op(ctx, t, th, "Set credential on provisionHelper...");
    op(ctx, t += 16, th,
       "Try to use provisioned account (random generated password) to connect target machine " +
           host + "...");
    op(ctx, t += 1203, th,
       "Succeed to connect target machine " + host + " and core version with " +
           d.s.get("device.firmware") + " using provisioned account (random generated password).");
    op(ctx, t += 547, th,
       "GeneralInfo.GetProvisioningState finished with HResult = 0x0, status = 0x0, clientError = "
       "0.");
    op(ctx, t, th, "Get device provisioning state is Post Provisioning");
    op(ctx, t += 16, th, "session params : https://" + host + ":16993 , 11001");
    op(ctx, t += 406, th,
       "Send request to AMT proxy component to REVOKE client certificate. (MachineId = " + mid +
           ")");
    op(ctx, t += 15, th, kProxyInstruction);
    // modeled: the guide shows no AMTPROXYMGR.LOG lines.
    if (!d.s.on("ca.issue_manage"))
        ctx.proxy.line(
            t + 800, kProxyThread,
            "Failed to revoke the AMT web server certificate on the CA, error 0x80070005");
    else if (!d.s.on("ca.online"))
        ctx.proxy.line(t + 800, kProxyThread,
                       "Failed to revoke the AMT web server certificate of " + host +
                           " on the CA, error 0x800706BA");
    else
        ctx.proxy.line(t + 800, kProxyThread,
                       "Revoked the AMT web server certificate of " + host + " on the CA");
    if (d.s.on("device.unprovision_fails")) {
        // The device went away: the task stops after the revoke request (sample
        // unprovision-failure).
        op(ctx, t += 47, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
        return t;
    }
    op(ctx, t, th, "Machine " + host + " will be removed from AD and OU is " + ou_path(w));
    op(ctx, t, th, "Send request to AMT proxy component to remove machine " + host + " from AD.");
    op(ctx, t += 16, th, kProxyInstruction);
    if (!d.s.on("ad.delete_ok"))
        ctx.proxy.line(
            t + 900, kProxyThread,
            "Failed to delete the AMT object from AD " + ou_path(w) + ", error 0x80072030");
    else
        ctx.proxy.line(t + 900, kProxyThread,
                       "Removed the AMT object of " + host + " from " + ou_path(w));
    op(ctx, t += 2875, th, "Finished full unprovision on AMT device " + host + "!");
    op(ctx, t += 16, th,
       "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Set full "
       "unprovisioned status for "
       "AMT machine\" SID=3 MUF=0 PCNT=1, P1='" +
           upper(d.host) + "'");
    op(ctx, t += 15, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
    op(ctx, t, th,
       "Auto-worker Thread Pool: Succeed to run the task " + host + ".. Remove it from task list.");
    return t;
}

}  // namespace amtdiag::provisioning
