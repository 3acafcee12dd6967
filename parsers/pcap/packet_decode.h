#pragma once
// From a link-layer frame to a transport payload: Ethernet (802.1Q/802.1ad tags, stacked),
// Linux cooked SLL and SLL2, raw IPv4/IPv6, BSD and OpenBSD loopback; IPv4 (fragments are
// recognised, not reassembled) and IPv6 (extension headers followed); UDP and TCP headers.
// Views into the frame, no copies; nothing is read past the captured bytes.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace amtdiag::parsers::pcap {

struct IpAddress {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
    std::string text() const;
    bool operator==(const IpAddress&) const = default;
};

enum class Transport : uint8_t { none, udp, tcp, other };

struct TcpHeader {
    uint32_t seq = 0, ack = 0;
    uint8_t flags = 0;  // FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10
};
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;

struct Decoded {
    Transport transport = Transport::none;
    IpAddress src, dst;
    uint16_t src_port = 0, dst_port = 0;
    TcpHeader tcp;
    std::string_view payload;
    bool fragment = false;   // an IP fragment (not reassembled: notes say so)
    bool truncated = false;  // the capture kept fewer bytes than the IP packet had
    bool not_ip = false;     // ARP, LLDP, ...: nothing to read, nothing wrong
    std::string problem;     // why the frame could not be decoded ("" when it could)
};

Decoded decode_packet(uint32_t link_type, std::string_view frame);
// "Ethernet", "Linux cooked (SLL)", "raw IP", ...; "link type N" otherwise.
std::string link_type_name(uint32_t link_type);
bool link_type_supported(uint32_t link_type);

}  // namespace amtdiag::parsers::pcap
