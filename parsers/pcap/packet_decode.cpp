#include "parsers/pcap/packet_decode.h"

#include <arpa/inet.h>

#include <algorithm>

namespace amtdiag::parsers::pcap {

namespace {

// LINKTYPE_* values (pcapng) and the DLT_* values libpcap hands out for classic pcap where
// they differ (DLT_RAW is 12 on Linux, 14 on OpenBSD; LINKTYPE_RAW is 101).
constexpr uint32_t kNull = 0, kEthernet = 1, kRawDlt12 = 12, kRawDlt14 = 14, kRaw = 101,
                   kLoop = 108, kSll = 113, kIpv4 = 228, kIpv6 = 229, kSll2 = 276;
constexpr uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86DD;

uint8_t u8(std::string_view s, size_t at) {
    return static_cast<uint8_t>(s[at]);
}
uint16_t be16(std::string_view s, size_t at) {
    return static_cast<uint16_t>(u8(s, at) << 8 | u8(s, at + 1));
}
uint32_t be32(std::string_view s, size_t at) {
    return static_cast<uint32_t>(be16(s, at)) << 16 | be16(s, at + 2);
}

void transport(uint8_t proto, std::string_view p, Decoded& d) {
    if (d.fragment) return;
    if (proto == 17) {
        if (p.size() < 8) {
            d.problem = "UDP header cut short";
            return;
        }
        d.transport = Transport::udp;
        d.src_port = be16(p, 0);
        d.dst_port = be16(p, 2);
        const size_t len = be16(p, 4);
        // The UDP length trims padding; a length past the captured bytes means truncation.
        if (len >= 8 && len <= p.size()) p = p.substr(0, len);
        d.payload = p.substr(8);
    } else if (proto == 6) {
        if (p.size() < 20) {
            d.problem = "TCP header cut short";
            return;
        }
        const size_t header = static_cast<size_t>(u8(p, 12) >> 4) * 4;
        if (header < 20 || header > p.size()) {
            d.problem = "TCP header length " + std::to_string(header) + " is impossible";
            return;
        }
        d.transport = Transport::tcp;
        d.src_port = be16(p, 0);
        d.dst_port = be16(p, 2);
        d.tcp.seq = be32(p, 4);
        d.tcp.ack = be32(p, 8);
        d.tcp.flags = u8(p, 13);
        d.payload = p.substr(header);
    } else {
        d.transport = Transport::other;
    }
}

void ipv4(std::string_view p, Decoded& d) {
    if (p.size() < 20) {
        d.problem = "IPv4 header cut short";
        return;
    }
    const size_t ihl = static_cast<size_t>(u8(p, 0) & 15) * 4;
    const size_t total = be16(p, 2);
    if (ihl < 20 || ihl > p.size()) {
        d.problem = "IPv4 header length " + std::to_string(ihl) + " is impossible";
        return;
    }
    if (total < ihl) {
        d.problem = "IPv4 total length " + std::to_string(total) + " is shorter than its header";
        return;
    }
    // The total length trims Ethernet padding; beyond the captured bytes is a short snaplen.
    if (total <= p.size())
        p = p.substr(0, total);
    else
        d.truncated = true;
    std::copy_n(p.begin() + 12, 4, d.src.bytes.begin());
    std::copy_n(p.begin() + 16, 4, d.dst.bytes.begin());
    const uint16_t frag = be16(p, 6);
    d.fragment = (frag & 0x2000) != 0 || (frag & 0x1FFF) != 0;
    transport(u8(p, 9), p.substr(ihl), d);
}

void ipv6(std::string_view p, Decoded& d) {
    if (p.size() < 40) {
        d.problem = "IPv6 header cut short";
        return;
    }
    d.src.v6 = d.dst.v6 = true;
    std::copy_n(p.begin() + 8, 16, d.src.bytes.begin());
    std::copy_n(p.begin() + 24, 16, d.dst.bytes.begin());
    const size_t len = be16(p, 4);
    uint8_t next = u8(p, 6);
    std::string_view rest = p.substr(40);
    if (len != 0 && len <= rest.size())
        rest = rest.substr(0, len);
    else if (len > rest.size())
        d.truncated = true;
    // Extension headers, each naming the next; a bounded number of them.
    for (int hops = 0; hops < 16; ++hops) {
        size_t ext = 0;
        switch (next) {
            case 0:    // hop-by-hop
            case 43:   // routing
            case 60:   // destination options
            case 135:  // mobility
            case 139:  // HIP
            case 140:  // shim6
                if (rest.size() < 2) {
                    d.problem = "IPv6 extension header cut short";
                    return;
                }
                ext = (static_cast<size_t>(u8(rest, 1)) + 1) * 8;
                break;
            case 51:  // authentication header
                if (rest.size() < 2) {
                    d.problem = "IPv6 authentication header cut short";
                    return;
                }
                ext = (static_cast<size_t>(u8(rest, 1)) + 2) * 4;
                break;
            case 44:  // fragment
                if (rest.size() < 8) {
                    d.problem = "IPv6 fragment header cut short";
                    return;
                }
                // Only an atomic fragment (offset 0, no more fragments) carries a whole packet.
                d.fragment = (be16(rest, 2) & 0xFFF9) != 0;
                ext = 8;
                break;
            case 59:
                return;  // no next header
            default:
                transport(next, rest, d);
                return;
        }
        if (ext > rest.size()) {
            d.problem = "IPv6 extension header longer than the packet";
            return;
        }
        next = u8(rest, 0);
        rest = rest.substr(ext);
    }
    d.problem = "more than 16 IPv6 extension headers";
}

void by_version(std::string_view p, Decoded& d) {
    if (p.empty()) {
        d.problem = "empty packet";
        return;
    }
    const int v = u8(p, 0) >> 4;
    if (v == 4)
        ipv4(p, d);
    else if (v == 6)
        ipv6(p, d);
    else
        d.problem = "IP version " + std::to_string(v);
}

void by_ethertype(uint16_t type, std::string_view p, Decoded& d) {
    if (type == kEtherIpv4)
        ipv4(p, d);
    else if (type == kEtherIpv6)
        ipv6(p, d);
    else
        d.not_ip = true;
}

}  // namespace

std::string IpAddress::text() const {
    char buffer[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof buffer);
    return buffer;
}

std::string link_type_name(uint32_t t) {
    switch (t) {
        case kNull:
            return "BSD loopback";
        case kEthernet:
            return "Ethernet";
        case kRawDlt12:
        case kRawDlt14:
        case kRaw:
            return "raw IP";
        case kLoop:
            return "OpenBSD loopback";
        case kSll:
            return "Linux cooked (SLL)";
        case kSll2:
            return "Linux cooked (SLL2)";
        case kIpv4:
            return "raw IPv4";
        case kIpv6:
            return "raw IPv6";
        default:
            return "link type " + std::to_string(t);
    }
}

bool link_type_supported(uint32_t t) {
    return link_type_name(t).rfind("link type ", 0) != 0;
}

Decoded decode_packet(uint32_t link_type, std::string_view f) {
    Decoded d;
    switch (link_type) {
        case kEthernet: {
            if (f.size() < 14) {
                d.problem = "Ethernet header cut short";
                break;
            }
            uint16_t type = be16(f, 12);
            size_t at = 14;
            // 802.1Q, 802.1ad and the old QinQ type, stacked.
            for (int tags = 0; (type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < 8;
                 ++tags) {
                if (f.size() < at + 4) {
                    d.problem = "VLAN tag cut short";
                    return d;
                }
                type = be16(f, at + 2);
                at += 4;
            }
            by_ethertype(type, f.substr(at), d);
            break;
        }
        case kSll:
            if (f.size() < 16) {
                d.problem = "Linux cooked header cut short";
                break;
            }
            by_ethertype(be16(f, 14), f.substr(16), d);
            break;
        case kSll2:
            if (f.size() < 20) {
                d.problem = "Linux cooked v2 header cut short";
                break;
            }
            by_ethertype(be16(f, 0), f.substr(20), d);
            break;
        case kRawDlt12:
        case kRawDlt14:
        case kRaw:
        case kIpv4:
        case kIpv6:
            by_version(f, d);
            break;
        case kNull:
        case kLoop: {
            if (f.size() < 4) {
                d.problem = "loopback header cut short";
                break;
            }
            // DLT_NULL stores the address family in the writer's byte order, DLT_LOOP in
            // network order; a family is small, so the order that gives a small number wins.
            uint32_t family = be32(f, 0);
            if (family > 0xFFFF) family = __builtin_bswap32(family);
            if (family == 2)
                ipv4(f.substr(4), d);
            else if (family == 10 || family == 24 || family == 28 || family == 30)
                ipv6(f.substr(4), d);
            else
                d.not_ip = true;
            break;
        }
        default:
            d.problem = "unsupported " + link_type_name(link_type);
            break;
    }
    return d;
}

}  // namespace amtdiag::parsers::pcap
