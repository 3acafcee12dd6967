#include "parsers/pcap/evidence.h"

#include <cstdio>

#include "analyzer/model/device_key.h"

namespace amtdiag::parsers::pcap {

namespace {

using model::Attribute;

model::Evidence base(const char* kind, const Where& w) {
    model::Evidence e;
    e.kind = kind;
    e.ref.artifact = w.artifact;
    e.ref.packet = w.packet;
    e.time = utc_time(w.time_ns);
    return e;
}

Attribute source() {
    return Attribute::text("source", "pcap");
}

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

// Seconds with millisecond precision, as decimal text ("60.000"): rules compare intervals
// with the resend schedule without floating point in the evidence.
std::string seconds_text(int64_t ns) {
    const int64_t ms = ns / 1'000'000;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%lld.%03lld", ms < 0 ? "-" : "",
                  static_cast<long long>((ms < 0 ? -ms : ms) / 1000),
                  static_cast<long long>((ms < 0 ? -ms : ms) % 1000));
    return buffer;
}

std::string endpoint(const std::string& ip, uint16_t port) {
    return (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

}  // namespace

model::LogTime utc_time(int64_t time_ns) {
    model::LogTime t;
    t.local_ms = time_ns >= 0 ? time_ns / 1'000'000 : -((-time_ns + 999'999) / 1'000'000);
    t.bias_minutes = 0;
    t.has_time = true;
    t.has_bias = true;
    return t;
}

model::Evidence hello_message(const HelloSeen& h) {
    const hello::HelloDecode& d = h.decode;
    model::Evidence e = base("hello.message", h.where);
    if (d.header_ok) e.keys.uuid = model::normalize_uuid(d.hello.uuid).value_or("");
    e.keys.ip = h.client_ip;
    auto& a = e.attrs;
    a.push_back(Attribute::integer("version", d.hello.version));
    a.push_back(Attribute::integer("admin_credentials", d.hello.admin_credentials));
    a.push_back(Attribute::integer("retry", d.hello.retry));
    std::string summary = "hello v" + std::to_string(d.hello.version) + " from " + h.client_ip +
                          " to " + endpoint(h.server_ip, h.server_port) + ": UUID " +
                          (d.header_ok ? d.hello.uuid : "?") + ", retry " +
                          std::to_string(d.hello.retry);
    if (d.hello.version == hello::kVersionPsk) {
        a.push_back(Attribute::text("pid", d.hello.pid));
        a.push_back(Attribute::flag("pid_checksum_ok", d.pid_checksum_ok));
        summary += ", PID " + d.hello.pid +
                   (d.pid_checksum_ok ? " (check character ok)" : " (check character wrong)");
    }
    if (d.hello.version == hello::kVersionPki) {
        std::vector<std::string> hashes, algorithms;
        for (const auto& x : d.hello.hashes) {
            hashes.push_back(hello::hex_lower(x.bytes));
            algorithms.push_back(hello::algorithm_name(x.algorithm));
        }
        const int64_t count = d.declared_hash_count >= 0 ? d.declared_hash_count : 0;
        a.push_back(Attribute::integer("hash_count", count));
        a.push_back(Attribute::list("hashes", hashes));
        a.push_back(Attribute::list("hash_algorithms", algorithms));
        summary += ", " + std::to_string(count) + " root hashes";
        if (!hashes.empty()) summary += " (first " + hashes.front().substr(0, 16) + "...)";
    }
    a.push_back(Attribute::text("server_ip", h.server_ip));
    a.push_back(Attribute::integer("server_port", h.server_port));
    a.push_back(Attribute::integer("length", static_cast<int64_t>(d.length)));
    a.push_back(Attribute::list("problems", d.problems));
    a.push_back(source());
    summary += ", " + std::to_string(d.length) + " bytes";
    if (!d.problems.empty()) summary += "; " + join(d.problems, "; ");
    e.ref.excerpt = summary;
    return e;
}

model::Evidence hello_series(const HelloSeries& s) {
    const auto last = s.more > 0 && s.latest > s.hellos.back() ? s.latest : s.hellos.back();
    Where w{s.artifact, last.second, last.first};
    model::Evidence e = base("hello.series", w);
    e.keys.uuid = model::normalize_uuid(s.uuid).value_or("");
    e.keys.ip = s.device_ip;
    std::vector<std::string> intervals;
    for (size_t i = 1; i < s.hellos.size(); ++i)
        intervals.push_back(seconds_text(s.hellos[i].first - s.hellos[i - 1].first));
    auto& a = e.attrs;
    const auto first_ms = utc_time(s.hellos.front().first).utc_ms();
    const auto last_ms = utc_time(last.first).utc_ms();
    const uint64_t count = s.hellos.size() + s.more;
    a.push_back(Attribute::integer("count", static_cast<int64_t>(count)));
    a.push_back(Attribute::time_ms("first", first_ms));
    a.push_back(Attribute::time_ms("last", last_ms));
    a.push_back(Attribute::list("intervals_s", intervals));
    a.push_back(Attribute::text("server_ip", s.server_ip));
    a.push_back(Attribute::integer("server_port", s.server_port));
    if (s.window_end_ns != 0)
        a.push_back(Attribute::time_ms("window_end",
                                       utc_time(std::max(s.window_end_ns, last.first)).utc_ms()));
    a.push_back(source());
    e.ref.excerpt = std::to_string(count) + " hello" + (count == 1 ? "" : "s") + " from " + s.uuid +
                    " (" + s.device_ip + ") to " + endpoint(s.server_ip, s.server_port) + ", " +
                    model::format_epoch_ms(first_ms) + "Z to " + model::format_epoch_ms(last_ms) +
                    "Z" + (intervals.empty() ? "" : "; intervals " + join(intervals, ", ") + " s");
    return e;
}

model::Evidence dhcp_message(const dhcp::Decoded& d, const std::string& source_ip,
                             const Where& where) {
    model::Evidence e = base("dhcp.message", where);
    const dhcp::Message& m = d.message;
    if (m.htype == 1 && m.hlen == 6) e.keys.mac = model::normalize_mac(d.mac);
    const uint32_t client = m.yiaddr != 0 ? m.yiaddr : m.ciaddr;
    if (client != 0) e.keys.ip = dhcp::ipv4_text(client);
    // The client's address as the message gives it: assigned, else in use, else requested.
    std::string client_ip = e.keys.ip;
    if (client_ip.empty())
        if (const dhcp::Option* o = m.find(dhcp::option::requested_ip); o && o->data.size() == 4)
            client_ip =
                dhcp::ipv4_text(static_cast<uint32_t>(static_cast<uint8_t>(o->data[0])) << 24 |
                                static_cast<uint32_t>(static_cast<uint8_t>(o->data[1])) << 16 |
                                static_cast<uint32_t>(static_cast<uint8_t>(o->data[2])) << 8 |
                                static_cast<uint8_t>(o->data[3]));
    // The server: option 54, else the sender of a reply.
    std::string server_ip = d.server_id.value_or("");
    if (server_ip.empty() && m.op == 2) server_ip = source_ip;
    char xid[16];
    std::snprintf(xid, sizeof xid, "0x%08x", m.xid);
    std::vector<std::string> codes;
    for (uint8_t c : d.option_codes) codes.push_back(std::to_string(c));
    auto& a = e.attrs;
    a.push_back(Attribute::text("message_type", d.type_name));
    a.push_back(Attribute::text("xid", xid));
    a.push_back(Attribute::text("server_ip", server_ip));
    a.push_back(Attribute::text("client_ip", client_ip));
    a.push_back(Attribute::flag("has_domain", d.domain.has_value()));
    a.push_back(Attribute::text("domain", d.domain.value_or("")));
    a.push_back(Attribute::flag("has_client_fqdn", d.client_fqdn.has_value()));
    a.push_back(Attribute::text("client_fqdn", d.client_fqdn ? d.client_fqdn->name : ""));
    a.push_back(Attribute::integer("client_fqdn_flags", d.client_fqdn ? d.client_fqdn->flags : 0));
    a.push_back(Attribute::text("host_name", d.host_name.value_or("")));
    a.push_back(Attribute::list("dns_servers", d.dns_servers));
    a.push_back(Attribute::list("routers", d.routers));
    if (d.lease_seconds) a.push_back(Attribute::integer("lease_seconds", *d.lease_seconds));
    a.push_back(Attribute::list("option_codes", codes));
    a.push_back(source());
    std::string x = "DHCP " + d.type_name + " xid " + xid + " " + d.mac;
    if (!client_ip.empty()) x += " ip " + client_ip;
    if (!server_ip.empty()) x += " server " + server_ip;
    // A reply without option 15 is what matters (AMT takes its domain from it); clients
    // seldom send one.
    if (d.domain)
        x += " domain " + *d.domain;
    else if (m.op == 2)
        x += " no option 15";
    if (d.client_fqdn) x += " fqdn " + d.client_fqdn->name;
    if (d.host_name) x += " host " + *d.host_name;
    if (!d.dns_servers.empty()) x += " dns " + join(d.dns_servers, ",");
    e.ref.excerpt = x;
    return e;
}

model::Evidence dns_exchange(const DnsExchange& x) {
    model::Evidence e = base("dns.exchange", x.where);
    const dns::Message& asked = x.query != nullptr ? *x.query : *x.response;
    const dns::Message* r = x.response;
    auto& a = e.attrs;
    a.push_back(Attribute::text("qname", asked.qname));
    a.push_back(Attribute::text("qtype", asked.qtype));
    a.push_back(Attribute::text("opcode", asked.opcode));
    a.push_back(Attribute::flag("answered", r != nullptr));
    a.push_back(Attribute::text("rcode", r != nullptr ? r->rcode : ""));
    a.push_back(
        Attribute::list("answers", r != nullptr ? r->answer_texts() : std::vector<std::string>{}));
    a.push_back(
        Attribute::list("addresses", r != nullptr ? r->addresses() : std::vector<std::string>{}));
    a.push_back(Attribute::list("names", r != nullptr ? r->names() : std::vector<std::string>{}));
    a.push_back(Attribute::text("client", x.client));
    a.push_back(Attribute::text("server", x.server));
    const bool update = asked.opcode == "UPDATE";
    if (update) {
        a.push_back(Attribute::text("zone", asked.qname));
        a.push_back(Attribute::list("updates", asked.updates()));
    }
    a.push_back(source());
    std::string s = "DNS " +
                    (update ? "UPDATE zone " + asked.qname : asked.qtype + " " + asked.qname) +
                    " from " + x.client + " to " + x.server + ": ";
    if (r == nullptr) {
        s += "no response";
    } else {
        s += r->rcode;
        if (!r->answers.empty()) s += " " + join(r->answer_texts(), "; ");
    }
    if (update) s += " [" + join(asked.updates(), "; ") + "]";
    if (x.query == nullptr) s += " (query not in the capture)";
    e.ref.excerpt = s;
    return e;
}

model::Evidence tcp_connection(const ConnectionSummary& c) {
    model::Evidence e = base("tcp.connection", c.where);
    e.keys.ip = c.device_ip;
    auto& a = e.attrs;
    a.push_back(Attribute::text("client_ip", c.client_ip));
    a.push_back(Attribute::text("server_ip", c.server_ip));
    a.push_back(Attribute::integer("server_port", c.server_port));
    a.push_back(Attribute::text("outcome", c.outcome));
    a.push_back(Attribute::integer("bytes_to_server", static_cast<int64_t>(c.to_server)));
    a.push_back(Attribute::integer("bytes_to_client", static_cast<int64_t>(c.to_client)));
    a.push_back(source());
    e.ref.excerpt = "TCP " + endpoint(c.client_ip, c.client_port) + " -> " +
                    endpoint(c.server_ip, c.server_port) + " " + c.outcome + "; " +
                    std::to_string(c.to_server) + " bytes to server, " +
                    std::to_string(c.to_client) + " to client";
    return e;
}

model::Evidence tls_handshake(const ConnectionSummary& c, const tls::Connection& t,
                              bool tcp_reset) {
    model::Evidence e = base("tls.handshake", c.where);
    e.keys.ip = c.device_ip;
    std::vector<std::string> alerts;
    for (const auto& al : t.alerts()) alerts.push_back(al.text());
    const auto& ch = t.client_hello();
    const auto& sh = t.server_hello();
    const std::string client_version = ch.seen ? tls::version_name(ch.max_version) : "";
    const std::string server_version = sh.seen ? tls::version_name(sh.version) : "";
    const std::string cipher = sh.seen ? tls::cipher_name(sh.cipher) : "";
    const std::string outcome = t.outcome(tcp_reset);
    auto& a = e.attrs;
    a.push_back(Attribute::text("client_ip", c.client_ip));
    a.push_back(Attribute::text("server_ip", c.server_ip));
    a.push_back(Attribute::integer("server_port", c.server_port));
    a.push_back(Attribute::text("client_version", client_version));
    a.push_back(Attribute::text("server_version", server_version));
    a.push_back(Attribute::text("cipher", cipher));
    a.push_back(Attribute::text("sni", ch.sni));
    a.push_back(Attribute::list("alerts", alerts));
    a.push_back(Attribute::text("outcome", outcome));
    a.push_back(Attribute::integer("server_certificates",
                                   static_cast<int64_t>(t.server().certificates.size())));
    a.push_back(Attribute::integer("client_certificates",
                                   static_cast<int64_t>(t.client().certificates.size())));
    a.push_back(source());
    std::string s = "TLS " + endpoint(c.client_ip, c.client_port) + " -> " +
                    endpoint(c.server_ip, c.server_port) + " " + outcome;
    if (ch.seen) s += "; client " + client_version + (ch.sni.empty() ? "" : " SNI " + ch.sni);
    if (sh.seen) s += "; server " + server_version + " " + cipher;
    s += "; certificates " + std::to_string(t.server().certificates.size()) + " from server, " +
         std::to_string(t.client().certificates.size()) + " from client";
    if (!alerts.empty()) s += "; " + join(alerts, ", ");
    if (t.tls13()) s += "; TLS 1.3 certificates are encrypted";
    e.ref.excerpt = s;
    return e;
}

}  // namespace amtdiag::parsers::pcap
