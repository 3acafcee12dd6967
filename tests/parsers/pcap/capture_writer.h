#pragma once
// Writes packet captures for tests and fixtures: IPv4/IPv6 packets (with checksums), UDP, TCP
// conversations with chosen sequence numbers, the link layers the reader decodes, and the
// files themselves: classic pcap (microseconds or nanoseconds, either byte order) and pcapng
// (several interfaces, each with its own link type and timestamp resolution). Written by hand
// rather than through libpcap's dump API, which writes neither big-endian files nor pcapng.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::testing::capture {

// LINKTYPE_* values.
enum class Link : uint32_t {
    null = 0,  // BSD loopback
    ethernet = 1,
    raw = 101,
    loop = 108,  // OpenBSD loopback
    sll = 113,
    raw_ipv4 = 228,
    raw_ipv6 = 229,
    sll2 = 276,
};

struct Ip {
    bool v6 = false;
    std::array<uint8_t, 16> b{};
    static Ip parse(std::string_view text);  // dotted IPv4 or IPv6 text
};

// An IP packet around a transport payload (`proto` 6 TCP, 17 UDP). IPv6 may carry a hop-by-hop
// and a destination-options header before the payload.
std::string ip_packet(const Ip& src, const Ip& dst, uint8_t proto, std::string_view payload,
                      bool ipv6_extensions = false);
std::string udp_packet(const Ip& src, const Ip& dst, uint16_t sport, uint16_t dport,
                       std::string_view payload, bool ipv6_extensions = false);
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
std::string tcp_packet(const Ip& src, const Ip& dst, uint16_t sport, uint16_t dport, uint32_t seq,
                       uint32_t ack, uint8_t flags, std::string_view payload,
                       bool ipv6_extensions = false);
// IPv4 fragments of a UDP datagram (for the "not reassembled" note).
std::vector<std::string> fragmented_udp(const Ip& src, const Ip& dst, uint16_t sport,
                                        uint16_t dport, std::string_view payload, size_t mtu);

// The link-layer frame around an IP packet. `vlans`: 802.1Q tags (two = QinQ, 802.1ad outer).
std::string frame(Link link, std::string_view ip, int vlans = 0);

// One TCP connection: the packets of each step, sequence numbers kept.
class TcpConversation {
  public:
    TcpConversation(Ip client, uint16_t cport, Ip server, uint16_t sport, uint32_t client_isn,
                    uint32_t server_isn, bool ipv6_extensions = false);
    std::string syn() const;
    std::string syn_ack() const;
    std::string ack() const;  // the client's third packet of the handshake
    // Data from one side; advances that side's sequence number.
    std::string client_data(std::string_view bytes);
    std::string server_data(std::string_view bytes);
    // Client data at a chosen offset from the stream start (out of order, retransmissions);
    // does not advance anything.
    std::string client_data_at(uint32_t offset, std::string_view bytes) const;
    void advance_client(uint32_t n) { cseq_ += n; }
    std::string client_fin();
    std::string server_fin();
    std::string server_rst() const;  // answers the SYN
    std::string client_rst() const;

  private:
    std::string packet(bool from_client, uint32_t seq, uint32_t ack, uint8_t flags,
                       std::string_view payload) const;
    Ip client_, server_;
    uint16_t cport_, sport_;
    uint32_t cisn_, sisn_, cseq_, sseq_;
    bool ext_;
};

struct Packet {
    int64_t time_ns = 0;
    std::string frame;
    uint32_t interface = 0;
};

struct Interface {
    Link link = Link::ethernet;
    bool nanoseconds = false;  // if_tsresol 9 (else the default, microseconds)
};

// Classic pcap: one link type. Times in nanoseconds are cut to microseconds unless `nanos`.
std::string pcap_file(Link link, const std::vector<Packet>& packets, bool nanos = false,
                      bool big_endian = false);
// The same piece by piece, for captures too large to build in memory.
std::string pcap_header(Link link, bool nanos = false, bool big_endian = false);
std::string pcap_record(const Packet& packet, bool nanos = false, bool big_endian = false);
std::string pcapng_file(const std::vector<Interface>& interfaces,
                        const std::vector<Packet>& packets);

void write_file(const std::string& path, std::string_view bytes);

}  // namespace amtdiag::testing::capture
