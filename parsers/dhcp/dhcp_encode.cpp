// The encoder: messages for tests, capture fixtures and DHCP probes.
#include <algorithm>

#include "parsers/dhcp/dhcp.h"

namespace amtdiag::parsers::dhcp {

namespace {

void put16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v & 0xFF));
}
void put32(std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
// A raw field of exactly `size` bytes: cut or zero-padded.
void put_field(std::string& out, std::string_view value, size_t size) {
    const std::string_view cut = value.substr(0, std::min(value.size(), size));
    out += cut;
    out.append(size - cut.size(), '\0');
}

}  // namespace

std::string dns_wire_name(std::string_view name, bool terminate) {
    std::string out;
    while (!name.empty() && name.back() == '.') name.remove_suffix(1);
    size_t at = 0;
    while (at < name.size()) {
        size_t dot = name.find('.', at);
        if (dot == std::string_view::npos) dot = name.size();
        const std::string_view label = name.substr(at, std::min<size_t>(dot - at, 63));
        if (!label.empty()) {
            out.push_back(static_cast<char>(label.size()));
            out += label;
        }
        at = dot + 1;
    }
    if (terminate) out.push_back('\0');
    return out;
}

Option text_option(uint8_t code, std::string_view text) {
    return {code, std::string(text)};
}
Option u8_option(uint8_t code, uint8_t value) {
    return {code, std::string(1, static_cast<char>(value))};
}
Option u32_option(uint8_t code, uint32_t value) {
    Option o{code, {}};
    put32(o.data, value);
    return o;
}
Option ipv4_option(uint8_t code, const std::vector<uint32_t>& addresses) {
    Option o{code, {}};
    for (uint32_t a : addresses) put32(o.data, a);
    return o;
}
Option client_fqdn_option(uint8_t flags, std::string_view name) {
    Option o{option::client_fqdn, {}};
    o.data.push_back(static_cast<char>(flags));
    o.data.push_back('\0');  // rcode1, rcode2: 0 from clients (RFC 4702 2.2)
    o.data.push_back('\0');
    o.data += (flags & 0x04) != 0 ? dns_wire_name(name) : std::string(name);
    return o;
}
Option domain_search_option(const std::vector<std::string>& names) {
    Option o{option::domain_search, {}};
    for (const auto& n : names) o.data += dns_wire_name(n);
    return o;
}

std::string encode(const Message& m) {
    std::string out;
    out.push_back(static_cast<char>(m.op));
    out.push_back(static_cast<char>(m.htype));
    out.push_back(static_cast<char>(m.hlen));
    out.push_back(static_cast<char>(m.hops));
    put32(out, m.xid);
    put16(out, m.secs);
    put16(out, m.flags);
    for (uint32_t a : {m.ciaddr, m.yiaddr, m.siaddr, m.giaddr}) put32(out, a);
    put_field(out, m.chaddr, 16);
    put_field(out, m.sname, 64);
    put_field(out, m.file, 128);
    put32(out, 0x63825363);
    for (const auto& o : m.options) {
        if (o.code == option::pad || o.code == option::end) continue;
        // Long values become several instances of the code (RFC 3396); the decoder joins them.
        size_t at = 0;
        do {
            const size_t n = std::min<size_t>(o.data.size() - at, 255);
            out.push_back(static_cast<char>(o.code));
            out.push_back(static_cast<char>(n));
            out.append(o.data, at, n);
            at += n;
        } while (at < o.data.size());
    }
    out.push_back(static_cast<char>(option::end));
    if (out.size() < 300) out.append(300 - out.size(), '\0');
    return out;
}

}  // namespace amtdiag::parsers::dhcp
