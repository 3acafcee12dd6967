#include "analyzer/collect/dhcp_wire.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdio>

namespace amtdiag::collect {

namespace {

constexpr uint8_t kMagic[4] = {0x63, 0x82, 0x53, 0x63};

void put32(std::string& b, size_t at, uint32_t v_network_order) {
    const auto* p = reinterpret_cast<const char*>(&v_network_order);
    b.replace(at, 4, p, 4);
}

void option(std::string& b, uint8_t code, std::string_view data) {
    b.push_back(static_cast<char>(code));
    b.push_back(static_cast<char>(data.size()));
    b.append(data);
}

std::string ip_text(const char* four) {
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, four, text, sizeof text);
    return text;
}

// DNS wire format: "a.b" -> 1 'a' 1 'b' 0.
std::string dns_wire(std::string_view name) {
    std::string out;
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) dot = name.size();
        const size_t len = std::min<size_t>(dot - start, 63);
        out.push_back(static_cast<char>(len));
        out.append(name.substr(start, len));
        start = dot + 1;
    }
    out.push_back('\0');
    return out;
}

std::string from_dns_wire(std::string_view data) {
    std::string out;
    size_t at = 0;
    while (at < data.size()) {
        const auto len = static_cast<unsigned char>(data[at]);
        if (len == 0 || len > 63 || at + 1 + len > data.size()) break;
        if (!out.empty()) out.push_back('.');
        out.append(data.substr(at + 1, len));
        at += 1 + len;
    }
    return out;
}

std::vector<std::string> ip_list(std::string_view data) {
    std::vector<std::string> out;
    for (size_t i = 0; i + 4 <= data.size(); i += 4) out.push_back(ip_text(data.data() + i));
    return out;
}

}  // namespace

std::string encode_dhcp(const DhcpRequestSpec& spec) {
    std::string b(236, '\0');
    b[0] = 1;  // BOOTREQUEST
    b[1] = 1;  // Ethernet
    b[2] = 6;
    put32(b, 4, htonl(spec.xid));
    // Broadcast flag: we have no address yet, so servers must answer by broadcast.
    b[10] = static_cast<char>(0x80);
    for (size_t i = 0; i < 6; ++i) b[28 + i] = static_cast<char>(spec.mac[i]);
    b.append(reinterpret_cast<const char*>(kMagic), 4);
    option(b, 53, std::string(1, static_cast<char>(spec.message_type)));
    std::string client_id(1, '\x01');
    client_id.append(reinterpret_cast<const char*>(spec.mac.data()), 6);
    option(b, 61, client_id);
    if (spec.message_type == 3) {
        option(b, 50, std::string(reinterpret_cast<const char*>(&spec.requested_ip), 4));
        option(b, 54, std::string(reinterpret_cast<const char*>(&spec.server_id), 4));
    }
    if (!spec.host_name.empty()) option(b, 12, spec.host_name.substr(0, 255));
    if (!spec.client_fqdn.empty()) {
        // Flags S (server updates A) and E (canonical wire encoding), RCODEs 0 (RFC 4702).
        std::string fqdn = "\x05";
        fqdn.push_back('\0');
        fqdn.push_back('\0');
        fqdn += dns_wire(spec.client_fqdn);
        if (fqdn.size() <= 255) option(b, 81, fqdn);
    }
    // What AMT cares about: mask, router, DNS, host name, domain (15), lease, server, FQDN (81).
    option(b, 55, std::string("\x01\x03\x06\x0c\x0f\x33\x36\x51", 8));
    b.push_back(static_cast<char>(255));
    if (b.size() < 300) b.resize(300, '\0');  // the BOOTP minimum some relays insist on
    return b;
}

std::optional<DhcpReply> decode_dhcp(std::string_view b) {
    if (b.size() < 240 || b[0] != 2 ||
        b.substr(236, 4) != std::string_view(reinterpret_cast<const char*>(kMagic), 4))
        return std::nullopt;
    DhcpReply r;
    r.op = 2;
    uint32_t xid = 0;
    for (size_t i = 4; i < 8; ++i) xid = (xid << 8) | static_cast<unsigned char>(b[i]);
    r.xid = xid;
    for (size_t i = 0; i < 6; ++i) r.chaddr[i] = static_cast<uint8_t>(b[28 + i]);
    r.yiaddr = ip_text(b.data() + 16);
    r.siaddr = ip_text(b.data() + 20);
    r.giaddr = ip_text(b.data() + 24);
    size_t at = 240;
    while (at < b.size()) {
        const auto code = static_cast<uint8_t>(b[at]);
        if (code == 0) {
            ++at;
            continue;
        }
        if (code == 255 || at + 1 >= b.size()) break;
        const auto len = static_cast<uint8_t>(b[at + 1]);
        if (at + 2 + len > b.size()) break;
        r.options.push_back({code, std::string(b.substr(at + 2, len))});
        at += 2 + len;
    }
    for (const auto& o : r.options) {
        const std::string& d = o.data;
        switch (o.code) {
            case 53:
                if (!d.empty()) r.message_type = static_cast<uint8_t>(d[0]);
                break;
            case 54:
                if (d.size() == 4) r.server_id = ip_text(d.data());
                break;
            case 51:
                if (d.size() == 4) {
                    uint32_t v = 0;
                    for (char c : d) v = (v << 8) | static_cast<unsigned char>(c);
                    r.lease_seconds = v;
                }
                break;
            case 3:
                r.routers = ip_list(d);
                break;
            case 6:
                r.dns_servers = ip_list(d);
                break;
            case 15: {
                std::string domain = d;
                while (!domain.empty() && domain.back() == '\0') domain.pop_back();
                r.domain = domain;
                break;
            }
            case 12:
                r.host_name = d;
                break;
            case 81:
                if (d.size() >= 3) {
                    DhcpReply::Fqdn f;
                    f.flags = static_cast<uint8_t>(d[0]);
                    f.rcode1 = static_cast<uint8_t>(d[1]);
                    f.rcode2 = static_cast<uint8_t>(d[2]);
                    const std::string_view name = std::string_view(d).substr(3);
                    f.name = (f.flags & 0x04) != 0 ? from_dns_wire(name) : std::string(name);
                    r.client_fqdn = f;
                }
                break;
            default:
                break;
        }
    }
    return r;
}

const char* message_type_name(uint8_t type) {
    static constexpr const char* kNames[] = {"",    "DISCOVER", "OFFER",   "REQUEST", "DECLINE",
                                             "ACK", "NAK",      "RELEASE", "INFORM"};
    return type < 9 ? kNames[type] : "UNKNOWN";
}

std::string mac_text(const Mac& mac) {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                  mac[3], mac[4], mac[5]);
    return text;
}

bool parse_mac(std::string_view text, Mac& mac) {
    std::string hex;
    for (char c : text) {
        if (c == ':' || c == '-' || c == '.') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
        hex.push_back(c);
    }
    if (hex.size() != 12) return false;
    for (size_t i = 0; i < 6; ++i)
        mac[i] = static_cast<uint8_t>(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
    return true;
}

}  // namespace amtdiag::collect
