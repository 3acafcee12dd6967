#include "parsers/dhcp/dhcp.h"

#include <algorithm>

namespace amtdiag::parsers::dhcp {

namespace {

constexpr uint32_t kMagicCookie = 0x63825363;

uint8_t u8(std::string_view s, size_t at) {
    return static_cast<uint8_t>(s[at]);
}
uint16_t u16be(std::string_view s, size_t at) {
    return static_cast<uint16_t>(u8(s, at) << 8 | u8(s, at + 1));
}
uint32_t u32be(std::string_view s, size_t at) {
    return static_cast<uint32_t>(u8(s, at)) << 24 | static_cast<uint32_t>(u8(s, at + 1)) << 16 |
           static_cast<uint32_t>(u8(s, at + 2)) << 8 | u8(s, at + 3);
}

// Printable ASCII as is, anything else as \xNN: option texts end up in reports.
std::string printable(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (char c : s) {
        const auto b = static_cast<uint8_t>(c);
        if (b >= 0x20 && b < 0x7F && c != '\\') {
            out.push_back(c);
        } else {
            out += "\\x";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 15]);
        }
    }
    return out;
}

// Some servers count a terminating NUL (or a root dot) into a text option.
std::string trimmed_text(std::string_view s) {
    while (!s.empty() && (s.back() == '\0' || s.back() == '.')) s.remove_suffix(1);
    return printable(s);
}

// Options are read from one area (the options field, or file / sname when overloaded) and
// merged by code in order of first appearance; a code given twice is concatenated (RFC 3396).
void read_options(std::string_view area, const char* where, std::vector<Option>& out,
                  std::vector<std::string>& problems) {
    size_t at = 0;
    while (at < area.size()) {
        const uint8_t code = u8(area, at);
        if (code == option::end) return;
        if (code == option::pad) {
            ++at;
            continue;
        }
        if (area.size() - at < 2) {
            problems.push_back("option " + std::to_string(code) + " in the " + where +
                               " has no length byte");
            return;
        }
        const size_t len = u8(area, at + 1);
        if (area.size() - at - 2 < len) {
            problems.push_back("option " + std::to_string(code) + " in the " + where + " claims " +
                               std::to_string(len) + " bytes but " +
                               std::to_string(area.size() - at - 2) + " remain");
            return;
        }
        const std::string_view data = area.substr(at + 2, len);
        auto it =
            std::find_if(out.begin(), out.end(), [&](const Option& o) { return o.code == code; });
        if (it == out.end())
            out.push_back({code, std::string(data)});
        else
            it->data += data;
        at += 2 + len;
    }
    // The options field must end with option 255; sname/file may simply be full.
    if (std::string_view(where) == "options field")
        problems.push_back("options field has no end option");
}

std::vector<std::string> ipv4_list(const Option& o, std::vector<std::string>& problems) {
    std::vector<std::string> out;
    if (o.data.size() % 4 != 0)
        problems.push_back("option " + std::to_string(o.code) + " length " +
                           std::to_string(o.data.size()) + " is not a multiple of 4");
    for (size_t i = 0; i + 4 <= o.data.size(); i += 4) out.push_back(ipv4_text(u32be(o.data, i)));
    return out;
}

// One DNS name at `at` in `data`, following compression pointers (RFC 1035 4.1.4) within
// `data` only. `next` is where the name ends in place. Empty optional when malformed.
std::optional<std::string> read_name(std::string_view data, size_t at, size_t& next,
                                     bool& terminated) {
    std::string name;
    bool jumped = false;
    terminated = false;
    // Every pointer must go backwards... in practice some encoders do not; a hop limit stops
    // loops instead.
    for (int hops = 0; hops < 128; ++hops) {
        if (at >= data.size()) {
            if (!jumped) next = at;
            return name;  // ran out: a partial name (no root label)
        }
        const uint8_t len = u8(data, at);
        if (len == 0) {
            if (!jumped) next = at + 1;
            terminated = true;
            return name;
        }
        if ((len & 0xC0) == 0xC0) {
            if (at + 1 >= data.size()) return std::nullopt;
            if (!jumped) next = at + 2;
            jumped = true;
            at = static_cast<size_t>(len & 0x3F) << 8 | u8(data, at + 1);
            continue;
        }
        if ((len & 0xC0) != 0) return std::nullopt;
        if (data.size() - at - 1 < len) return std::nullopt;
        if (!name.empty()) name.push_back('.');
        name += printable(data.substr(at + 1, len));
        if (name.size() > 1024) return std::nullopt;
        at += 1 + len;
    }
    return std::nullopt;
}

ClientFqdn decode_fqdn(const Option& o, std::vector<std::string>& problems) {
    ClientFqdn f;
    if (o.data.size() < 3) {
        problems.push_back("option 81 is " + std::to_string(o.data.size()) +
                           " bytes, shorter than its 3 fixed bytes");
        return f;
    }
    f.flags = u8(o.data, 0);
    f.rcode1 = u8(o.data, 1);
    f.rcode2 = u8(o.data, 2);
    const std::string_view rest = std::string_view(o.data).substr(3);
    if ((f.flags & 0x04) != 0) {
        size_t next = 0;
        bool terminated = false;
        // Compression is not allowed in option 81: pointers are read as errors.
        const auto name = read_name(rest, 0, next, terminated);
        if (!name || (next != rest.size() && terminated))
            problems.push_back("option 81 name is not valid DNS wire format");
        f.name = name.value_or(printable(rest));
        f.partial = !terminated;
    } else {
        f.name = printable(rest);
        while (!f.name.empty() && (f.name.back() == '.' || f.name.back() == '\0'))
            f.name.pop_back();
        f.partial = true;
    }
    return f;
}

std::vector<std::string> decode_search(const Option& o, std::vector<std::string>& problems) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at < o.data.size() && out.size() < 256) {
        size_t next = at;
        bool terminated = false;
        const auto name = read_name(o.data, at, next, terminated);
        if (!name || next <= at) {
            problems.push_back("option 119 holds a malformed name at byte " + std::to_string(at));
            break;
        }
        out.push_back(*name);
        at = next;
    }
    return out;
}

}  // namespace

std::string message_type_name(uint8_t type) {
    static constexpr const char* kNames[] = {
        "BOOTP",        "DISCOVER",   "OFFER",  "REQUEST",    "DECLINE",    "ACK",
        "NAK",          "RELEASE",    "INFORM", "FORCERENEW", "LEASEQUERY", "LEASEUNASSIGNED",
        "LEASEUNKNOWN", "LEASEACTIVE"};
    if (type < std::size(kNames)) return kNames[type];
    return "TYPE-" + std::to_string(type);
}

const Option* Message::find(uint8_t code) const {
    for (const auto& o : options)
        if (o.code == code) return &o;
    return nullptr;
}

std::string ipv4_text(uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

std::optional<uint32_t> parse_ipv4(std::string_view text) {
    uint32_t out = 0;
    int parts = 0;
    size_t at = 0;
    while (parts < 4) {
        if (at >= text.size() || text[at] < '0' || text[at] > '9') return std::nullopt;
        uint32_t v = 0;
        size_t digits = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && digits < 4) {
            v = v * 10 + static_cast<uint32_t>(text[at++] - '0');
            ++digits;
        }
        if (v > 255) return std::nullopt;
        out = out << 8 | v;
        if (++parts < 4) {
            if (at >= text.size() || text[at] != '.') return std::nullopt;
            ++at;
        }
    }
    if (at != text.size()) return std::nullopt;
    return out;
}

std::string mac_text(std::string_view hw) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < hw.size(); ++i) {
        if (i) out.push_back('-');
        out.push_back(kHex[u8(hw, i) >> 4]);
        out.push_back(kHex[u8(hw, i) & 15]);
    }
    return out;
}

Decoded decode(std::string_view p) {
    Decoded d;
    if (p.size() < kFixedBytes) {
        d.problems.push_back("message is " + std::to_string(p.size()) +
                             " bytes, shorter than the 236-byte BOOTP header");
        return d;
    }
    d.ok = true;
    Message& m = d.message;
    m.op = u8(p, 0);
    m.htype = u8(p, 1);
    m.hlen = u8(p, 2);
    m.hops = u8(p, 3);
    m.xid = u32be(p, 4);
    m.secs = u16be(p, 8);
    m.flags = u16be(p, 10);
    m.ciaddr = u32be(p, 12);
    m.yiaddr = u32be(p, 16);
    m.siaddr = u32be(p, 20);
    m.giaddr = u32be(p, 24);
    m.chaddr = std::string(p.substr(28, 16));
    m.sname = std::string(p.substr(44, 64));
    m.file = std::string(p.substr(108, 128));
    d.mac = mac_text(std::string_view(m.chaddr).substr(0, std::min<size_t>(m.hlen, 16)));
    if (p.size() < kFixedBytes + 4 || u32be(p, kFixedBytes) != kMagicCookie) {
        if (p.size() >= kFixedBytes + 4) d.problems.push_back("no DHCP magic cookie");
        d.type_name = message_type_name(0);
        return d;
    }
    d.has_cookie = true;
    read_options(p.substr(kFixedBytes + 4), "options field", m.options, d.problems);
    // Option 52 moves more options into file (1), sname (2) or both (3), read in that order.
    if (const Option* o = m.find(option::overload); o != nullptr && !o->data.empty()) {
        const uint8_t v = u8(o->data, 0);
        if (v & 1) read_options(m.file, "file field", m.options, d.problems);
        if (v & 2) read_options(m.sname, "sname field", m.options, d.problems);
    }
    for (const auto& o : m.options) d.option_codes.push_back(o.code);

    for (const auto& o : m.options) {
        switch (o.code) {
            case option::message_type:
                if (!o.data.empty()) d.type = u8(o.data, 0);
                break;
            case option::domain:
                d.domain = trimmed_text(o.data);
                break;
            case option::host_name:
                d.host_name = trimmed_text(o.data);
                break;
            case option::client_fqdn:
                d.client_fqdn = decode_fqdn(o, d.problems);
                break;
            case option::dns_servers:
                d.dns_servers = ipv4_list(o, d.problems);
                break;
            case option::routers:
                d.routers = ipv4_list(o, d.problems);
                break;
            case option::lease:
                if (o.data.size() == 4)
                    d.lease_seconds = u32be(o.data, 0);
                else
                    d.problems.push_back("option 51 is not 4 bytes");
                break;
            case option::server_id:
                if (o.data.size() == 4)
                    d.server_id = ipv4_text(u32be(o.data, 0));
                else
                    d.problems.push_back("option 54 is not 4 bytes");
                break;
            case option::netmask:
                if (o.data.size() == 4)
                    d.netmask = ipv4_text(u32be(o.data, 0));
                else
                    d.problems.push_back("option 1 is not 4 bytes");
                break;
            case option::domain_search:
                d.domain_search = decode_search(o, d.problems);
                break;
            default:
                break;
        }
    }
    d.type_name = message_type_name(d.type);
    return d;
}

}  // namespace amtdiag::parsers::dhcp
