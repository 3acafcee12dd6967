#include "analyzer/provisioning/wire.h"

#include "analyzer/provisioning/pcapng.h"

namespace amtdiag::provisioning {

namespace {

void be16(std::string& o, uint16_t v) {
    o.push_back(static_cast<char>(v >> 8));
    o.push_back(static_cast<char>(v & 0xFF));
}
void be24(std::string& o, uint32_t v) {
    o.push_back(static_cast<char>((v >> 16) & 0xFF));
    be16(o, static_cast<uint16_t>(v & 0xFFFF));
}
void be32(std::string& o, uint32_t v) {
    be16(o, static_cast<uint16_t>(v >> 16));
    be16(o, static_cast<uint16_t>(v & 0xFFFF));
}

std::string dns_name(const std::string& name) {
    std::string out;
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        const size_t len = std::min<size_t>(dot - start, 63);
        out.push_back(static_cast<char>(len));
        out.append(name, start, len);
        start = dot + 1;
    }
    out.push_back(0);
    return out;
}

void option(std::string& o, uint8_t code, const std::string& data) {
    o.push_back(static_cast<char>(code));
    o.push_back(static_cast<char>(std::min<size_t>(data.size(), 255)));
    o.append(data.substr(0, 255));
}

std::string ip_bytes(uint32_t ip) {
    std::string o;
    be32(o, ip);
    return o;
}

std::string record(uint8_t type, const std::string& body) {
    std::string r;
    r.push_back(static_cast<char>(type));
    be16(r, 0x0303);
    be16(r, static_cast<uint16_t>(body.size()));
    return r + body;
}

std::string handshake(uint8_t type, const std::string& body) {
    std::string h;
    h.push_back(static_cast<char>(type));
    be24(h, static_cast<uint32_t>(body.size()));
    return h + body;
}

}  // namespace

std::string dhcp_bytes(const DhcpMessage& m) {
    const bool reply = m.type == 2 || m.type == 5 || m.type == 6;
    std::string o;
    o.push_back(reply ? 2 : 1);
    o.push_back(1);
    o.push_back(6);
    o.push_back(0);
    be32(o, m.xid);
    be16(o, 0);
    be16(o, 0x8000);  // broadcast: the client has no address yet
    be32(o, 0);
    be32(o, reply ? m.yiaddr : 0);
    be32(o, reply ? m.server : 0);
    be32(o, 0);
    o += m.mac;
    o.append(10, '\0');
    o.append(64 + 128, '\0');
    be32(o, 0x63825363);
    option(o, 53, std::string(1, static_cast<char>(m.type)));
    if (!reply) option(o, 61, std::string(1, 1) + m.mac);
    if (m.requested) option(o, 50, ip_bytes(m.requested));
    if (m.server && (reply || m.type == 3)) option(o, 54, ip_bytes(m.server));
    if (!m.host_name.empty()) option(o, 12, m.host_name);
    if (!m.client_fqdn.empty()) {
        std::string f;
        f.push_back(static_cast<char>(m.fqdn_flags | 0x04));  // E: canonical wire encoding
        f.push_back(0);
        f.push_back(0);
        f += dns_name(m.client_fqdn);
        option(o, 81, f);
    }
    if (reply) {
        option(o, 51, ip_bytes(691200));
        option(o, 1, ip_bytes(0xFFFFFF00));
        if (m.router) option(o, 3, ip_bytes(m.router));
        std::string dns;
        for (const uint32_t d : m.dns_servers) dns += ip_bytes(d);
        if (!dns.empty()) option(o, 6, dns);
        if (!m.domain.empty()) option(o, 15, m.domain);
    } else {
        option(o, 55, std::string("\x01\x03\x06\x0f\x51", 5));
    }
    o.push_back(static_cast<char>(0xFF));
    while (o.size() < 300) o.push_back(0);
    return o;
}

std::string dns_query(uint16_t id, const std::string& qname, uint16_t qtype) {
    std::string o;
    be16(o, id);
    be16(o, 0x0100);  // RD
    be16(o, 1);
    be16(o, 0);
    be16(o, 0);
    be16(o, 0);
    o += dns_name(qname);
    be16(o, qtype);
    be16(o, 1);
    return o;
}

std::string dns_response(uint16_t id, const std::string& qname, uint16_t qtype, uint8_t rcode,
                         const std::vector<DnsAnswer>& answers) {
    std::string o;
    be16(o, id);
    be16(o, static_cast<uint16_t>(0x8580 | rcode));  // QR AA RD RA
    be16(o, 1);
    be16(o, static_cast<uint16_t>(answers.size()));
    be16(o, 0);
    be16(o, 0);
    o += dns_name(qname);
    be16(o, qtype);
    be16(o, 1);
    for (const DnsAnswer& a : answers) {
        be16(o, 0xC00C);  // the question's name
        be16(o, a.type);
        be16(o, 1);
        be32(o, 3600);
        const std::string data = a.type == 1 ? ip_bytes(ipv4(a.data)) : dns_name(a.data);
        be16(o, static_cast<uint16_t>(data.size()));
        o += data;
    }
    return o;
}

std::string reverse_name(uint32_t ip) {
    return std::to_string(ip & 0xFF) + "." + std::to_string((ip >> 8) & 0xFF) + "." +
           std::to_string((ip >> 16) & 0xFF) + "." + std::to_string(ip >> 24) + ".in-addr.arpa";
}

std::string tls_client_hello(Rng& rng, const std::string& server_name) {
    std::string b;
    be16(b, 0x0303);
    b += rng.bytes(32);
    b.push_back(0);  // no session id
    const uint16_t suites[] = {0xC030, 0xC02F, 0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F};
    be16(b, static_cast<uint16_t>(sizeof suites));
    for (const uint16_t s : suites) be16(b, s);
    b.push_back(1);
    b.push_back(0);
    std::string ext;
    if (!server_name.empty()) {
        std::string sni;
        be16(sni, static_cast<uint16_t>(server_name.size() + 3));
        sni.push_back(0);
        be16(sni, static_cast<uint16_t>(server_name.size()));
        sni += server_name;
        be16(ext, 0);
        be16(ext, static_cast<uint16_t>(sni.size()));
        ext += sni;
    }
    be16(b, static_cast<uint16_t>(ext.size()));
    b += ext;
    return record(22, handshake(1, b));
}

std::string tls_server_hello_flight(Rng& rng, const std::string& cert_der) {
    std::string sh;
    be16(sh, 0x0303);
    sh += rng.bytes(32);
    sh.push_back(32);
    sh += rng.bytes(32);
    be16(sh, 0x009C);  // TLS_RSA_WITH_AES_128_GCM_SHA256
    sh.push_back(0);
    be16(sh, 0);
    std::string certs;
    be24(certs, static_cast<uint32_t>(cert_der.size()));
    certs += cert_der;
    std::string cert_body;
    be24(cert_body, static_cast<uint32_t>(certs.size()));
    cert_body += certs;
    // TLS-PSK (one-touch) sends no certificate: an empty `cert_der` leaves the message out.
    const std::string hs = handshake(2, sh) +
                           (cert_der.empty() ? std::string() : handshake(11, cert_body)) +
                           handshake(14, "");
    return record(22, hs);
}

std::string tls_client_key_exchange_flight(Rng& rng) {
    std::string cke;
    be16(cke, 256);
    cke += rng.bytes(256);
    return record(22, handshake(16, cke)) + record(20, std::string(1, 1)) +
           record(22, rng.bytes(40));  // Finished, encrypted
}

std::string tls_server_finished_flight(Rng& rng) {
    return record(20, std::string(1, 1)) + record(22, rng.bytes(40));
}

std::string tls_application_data(Rng& rng, size_t n) {
    return record(23, rng.bytes(n));
}

std::string tls_alert(uint8_t description) {
    std::string a;
    a.push_back(2);
    a.push_back(static_cast<char>(description));
    return record(21, a);
}

}  // namespace amtdiag::provisioning
