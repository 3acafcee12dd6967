// The pieces the plays are made of (flow_parts.h).
#include "analyzer/provisioning/flow_parts.h"

#include <cctype>
#include <cstdio>

#include "parsers/hello/hello.h"

namespace amtdiag::provisioning::flow {

namespace hello = parsers::hello;

namespace {

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

std::string unhex(std::string_view h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
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

}  // namespace

int64_t us(int64_t ms) {
    return ms * 1000;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string ou_path(const World& w) {
    return "LDAP://dc01." + w.domain() + "/OU=Out of Band Management Controllers," +
           dn_of(w.domain());
}

Endpoint device_ep(const Device& d, uint16_t port) {
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

std::string soap(const std::string& call, const char* status, bool client_error) {
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
                 const std::string& host, const std::string& address) {
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
    // TLS-PSK with another key than the device's: its Finished does not verify.
    const bool key_differs = psk && !s.on("device.psk_matches");
    if (refuse || key_differs) {
        u = flow.server_sends(u + 400,
                              tls_alert(refuse ? 42 : 51));  // bad_certificate, decrypt_error
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

namespace {

// A host's HTTPS session to the device's web server on 16993 (the console's WS-MAN, a
// browser's WebUI): the host refuses an issuing CA it does not trust.
void web_session(Context& ctx, const Device& d, Endpoint from, int64_t t, size_t request_bytes,
                 size_t response_bytes) {
    from.port = ephemeral(ctx);
    TcpFlow flow(ctx.cap, from, device_ep(d, 16993), static_cast<uint32_t>(ctx.rng.next()),
                 static_cast<uint32_t>(ctx.rng.next()));
    int64_t u = flow.open(us(t), TcpFlow::Answer::accept);
    u = flow.client_sends(u + 200, tls_client_hello(ctx.rng, d.fqdn));
    u = flow.server_sends(u + 800, tls_server_hello_flight(ctx.rng, ctx.pki.issuing->der()));
    if (!d.s.on("console.trusts_chain")) {  // the enterprise trust of the console's site
        u = flow.client_sends(u + 300, tls_alert(48));  // unknown_ca
        flow.client_closes(u + 100);
        return;
    }
    u = flow.client_sends(u + 500, tls_client_key_exchange_flight(ctx.rng));
    u = flow.server_sends(u + 400, tls_server_finished_flight(ctx.rng));
    u = flow.client_sends(u + 300, tls_application_data(ctx.rng, request_bytes));
    u = flow.server_sends(u + 900, tls_application_data(ctx.rng, response_bytes));
    flow.client_closes(u + 300);
}

}  // namespace

void console_session(Context& ctx, const Device& d, int64_t t) {
    ctx.provisioned.push_back(d.index);
    if (!has_forward_record(d)) {
        dns_on_wire(ctx, console_ep(0), t, d.fqdn, 1, {});
        return;
    }
    dns_on_wire(ctx, console_ep(0), t, d.fqdn, 1, {{1, d.ip}});
    web_session(ctx, d, console_ep(0), t + 20, 540, 2300);
}

void browser_session(Context& ctx, const Device& d, int64_t t) {
    const Endpoint browser{mac_bytes("00-15-5D-00-00-34"), ipv4(kBrowserIp), 0};
    const Endpoint branch_dns{mac_bytes("00-15-5D-00-00-35"), ipv4(kBranchDnsIp), 53};
    // The branch DNS server holds the record only when it replicates the site's zone.
    const bool resolves = has_forward_record(d) && d.s.on("browser.dns_has_record");
    const uint16_t id = ctx.dns_id++;
    Endpoint src = browser;
    src.port = ephemeral(ctx);
    ctx.cap.udp(us(t), src, branch_dns, dns_query(id, d.fqdn, 1));
    ctx.cap.udp(
        us(t) + 1200, branch_dns, src,
        dns_response(id, d.fqdn, 1, resolves ? 0 : 3,
                     resolves ? std::vector<DnsAnswer>{{1, d.ip}} : std::vector<DnsAnswer>{}));
    if (resolves) web_session(ctx, d, browser, t + 30, 480, 5200);
}

}  // namespace amtdiag::provisioning::flow
