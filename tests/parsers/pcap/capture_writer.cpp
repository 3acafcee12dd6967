#include "capture_writer.h"

#include <arpa/inet.h>

#include <fstream>
#include <stdexcept>

namespace amtdiag::testing::capture {

namespace {

void put16be(std::string& s, uint16_t v) {
    s.push_back(static_cast<char>(v >> 8));
    s.push_back(static_cast<char>(v & 0xFF));
}
void put32be(std::string& s, uint32_t v) {
    put16be(s, static_cast<uint16_t>(v >> 16));
    put16be(s, static_cast<uint16_t>(v & 0xFFFF));
}
void put16(std::string& s, uint16_t v, bool be) {
    if (be) return put16be(s, v);
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& s, uint32_t v, bool be) {
    if (be) return put32be(s, v);
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t sum16(std::string_view s, uint32_t sum = 0) {
    for (size_t i = 0; i + 1 < s.size(); i += 2)
        sum +=
            static_cast<uint32_t>(static_cast<uint8_t>(s[i]) << 8 | static_cast<uint8_t>(s[i + 1]));
    if (s.size() % 2) sum += static_cast<uint32_t>(static_cast<uint8_t>(s.back()) << 8);
    return sum;
}
uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<uint16_t>(~sum & 0xFFFF);
}

std::string addr(const Ip& ip) {
    return std::string(reinterpret_cast<const char*>(ip.b.data()), ip.v6 ? 16 : 4);
}

// The transport checksum over the pseudo header (RFC 768 / RFC 8200 8.1).
uint16_t transport_checksum(const Ip& src, const Ip& dst, uint8_t proto, std::string_view seg) {
    std::string pseudo = addr(src) + addr(dst);
    if (src.v6) {
        put32be(pseudo, static_cast<uint32_t>(seg.size()));
        pseudo += std::string(3, '\0');
        pseudo.push_back(static_cast<char>(proto));
    } else {
        pseudo.push_back('\0');
        pseudo.push_back(static_cast<char>(proto));
        put16be(pseudo, static_cast<uint16_t>(seg.size()));
    }
    const uint16_t c = fold(sum16(seg, sum16(pseudo)));
    return c == 0 ? 0xFFFF : c;
}

std::string ipv4_header(const Ip& src, const Ip& dst, uint8_t proto, size_t payload, uint16_t id,
                        uint16_t frag) {
    std::string h;
    h.push_back(0x45);
    h.push_back(0);
    put16be(h, static_cast<uint16_t>(20 + payload));
    put16be(h, id);
    put16be(h, frag);
    h.push_back(64);
    h.push_back(static_cast<char>(proto));
    put16be(h, 0);
    h += addr(src) + addr(dst);
    const uint16_t c = fold(sum16(h));
    h[10] = static_cast<char>(c >> 8);
    h[11] = static_cast<char>(c & 0xFF);
    return h;
}

}  // namespace

Ip Ip::parse(std::string_view text) {
    Ip ip;
    const std::string t(text);
    ip.v6 = t.find(':') != std::string::npos;
    if (inet_pton(ip.v6 ? AF_INET6 : AF_INET, t.c_str(), ip.b.data()) != 1)
        throw std::invalid_argument("not an IP address: " + t);
    return ip;
}

std::string ip_packet(const Ip& src, const Ip& dst, uint8_t proto, std::string_view payload,
                      bool ipv6_extensions) {
    if (!src.v6)
        return ipv4_header(src, dst, proto, payload.size(), 0x1234, 0x4000) + std::string(payload);
    std::string ext;
    uint8_t next = proto;
    if (ipv6_extensions) {
        // Hop-by-hop (8 bytes, PadN) then destination options (8 bytes, PadN).
        ext = std::string("\x3c\x00\x01\x04\x00\x00\x00\x00", 8);
        ext += std::string(1, static_cast<char>(proto)) +
               std::string("\x00\x01\x04\x00\x00\x00\x00", 7);
        next = 0;
    }
    std::string h;
    put32be(h, 0x60000000);
    put16be(h, static_cast<uint16_t>(ext.size() + payload.size()));
    h.push_back(static_cast<char>(next));
    h.push_back(64);
    return h + addr(src) + addr(dst) + ext + std::string(payload);
}

std::string udp_packet(const Ip& src, const Ip& dst, uint16_t sport, uint16_t dport,
                       std::string_view payload, bool ipv6_extensions) {
    std::string u;
    put16be(u, sport);
    put16be(u, dport);
    put16be(u, static_cast<uint16_t>(8 + payload.size()));
    put16be(u, 0);
    u += payload;
    const uint16_t c = transport_checksum(src, dst, 17, u);
    u[6] = static_cast<char>(c >> 8);
    u[7] = static_cast<char>(c & 0xFF);
    return ip_packet(src, dst, 17, u, ipv6_extensions);
}

std::string tcp_packet(const Ip& src, const Ip& dst, uint16_t sport, uint16_t dport, uint32_t seq,
                       uint32_t ack, uint8_t flags, std::string_view payload,
                       bool ipv6_extensions) {
    std::string t;
    put16be(t, sport);
    put16be(t, dport);
    put32be(t, seq);
    put32be(t, (flags & kAck) ? ack : 0);
    t.push_back(0x50);
    t.push_back(static_cast<char>(flags));
    put16be(t, 64240);
    put16be(t, 0);
    put16be(t, 0);
    t += payload;
    const uint16_t c = transport_checksum(src, dst, 6, t);
    t[16] = static_cast<char>(c >> 8);
    t[17] = static_cast<char>(c & 0xFF);
    return ip_packet(src, dst, 6, t, ipv6_extensions);
}

std::vector<std::string> fragmented_udp(const Ip& src, const Ip& dst, uint16_t sport,
                                        uint16_t dport, std::string_view payload, size_t mtu) {
    // The whole UDP datagram, cut into 8-byte-aligned pieces.
    const std::string whole = udp_packet(src, dst, sport, dport, payload).substr(20);
    const size_t piece = (mtu - 20) / 8 * 8;
    std::vector<std::string> out;
    for (size_t at = 0; at < whole.size(); at += piece) {
        const size_t n = std::min(piece, whole.size() - at);
        const bool more = at + n < whole.size();
        const auto frag = static_cast<uint16_t>((more ? 0x2000 : 0) | (at / 8));
        out.push_back(ipv4_header(src, dst, 17, n, 0x4321, frag) + whole.substr(at, n));
    }
    return out;
}

std::string frame(Link link, std::string_view ip, int vlans) {
    const bool v6 = !ip.empty() && (static_cast<uint8_t>(ip[0]) >> 4) == 6;
    const uint16_t type = v6 ? 0x86DD : 0x0800;
    std::string f;
    switch (link) {
        case Link::ethernet:
            f = std::string("\x00\x1a\x2b\x3c\x4d\x5e\x00\x50\x56\xc0\x00\x08", 12);
            for (int i = 0; i < vlans; ++i) {
                put16be(f, vlans == 2 && i == 0 ? 0x88A8 : 0x8100);
                put16be(f, static_cast<uint16_t>(100 + i));
            }
            put16be(f, type);
            f += ip;
            // Short frames are padded to 60 bytes: the reader must trim by the IP length.
            if (f.size() < 60) f.append(60 - f.size(), '\0');
            return f;
        case Link::sll:
            put16be(f, 0);  // packet type: to us
            put16be(f, 1);  // ARPHRD_ETHER
            put16be(f, 6);
            f += std::string("\x00\x1a\x2b\x3c\x4d\x5e\x00\x00", 8);
            put16be(f, type);
            return f + std::string(ip);
        case Link::sll2:
            put16be(f, type);
            put16be(f, 0);   // reserved
            put32be(f, 2);   // interface index
            put16be(f, 1);   // ARPHRD_ETHER
            f.push_back(0);  // packet type
            f.push_back(6);
            f += std::string("\x00\x1a\x2b\x3c\x4d\x5e\x00\x00", 8);
            return f + std::string(ip);
        case Link::null:
            put32(f, v6 ? 30 : 2, false);
            return f + std::string(ip);
        case Link::loop:
            put32be(f, v6 ? 24 : 2);
            return f + std::string(ip);
        case Link::raw:
        case Link::raw_ipv4:
        case Link::raw_ipv6:
            return std::string(ip);
    }
    return std::string(ip);
}

TcpConversation::TcpConversation(Ip client, uint16_t cport, Ip server, uint16_t sport,
                                 uint32_t client_isn, uint32_t server_isn, bool ipv6_extensions)
    : client_(client),
      server_(server),
      cport_(cport),
      sport_(sport),
      cisn_(client_isn),
      sisn_(server_isn),
      cseq_(client_isn + 1),
      sseq_(server_isn + 1),
      ext_(ipv6_extensions) {}

std::string TcpConversation::packet(bool from_client, uint32_t seq, uint32_t ack, uint8_t flags,
                                    std::string_view payload) const {
    return from_client
               ? tcp_packet(client_, server_, cport_, sport_, seq, ack, flags, payload, ext_)
               : tcp_packet(server_, client_, sport_, cport_, seq, ack, flags, payload, ext_);
}
std::string TcpConversation::syn() const {
    return packet(true, cisn_, 0, kSyn, {});
}
std::string TcpConversation::syn_ack() const {
    return packet(false, sisn_, cisn_ + 1, kSyn | kAck, {});
}
std::string TcpConversation::ack() const {
    return packet(true, cseq_, sseq_, kAck, {});
}
std::string TcpConversation::client_data(std::string_view bytes) {
    std::string p = packet(true, cseq_, sseq_, kAck | kPsh, bytes);
    cseq_ += static_cast<uint32_t>(bytes.size());
    return p;
}
std::string TcpConversation::server_data(std::string_view bytes) {
    std::string p = packet(false, sseq_, cseq_, kAck | kPsh, bytes);
    sseq_ += static_cast<uint32_t>(bytes.size());
    return p;
}
std::string TcpConversation::client_data_at(uint32_t offset, std::string_view bytes) const {
    return packet(true, cisn_ + 1 + offset, sseq_, kAck | kPsh, bytes);
}
std::string TcpConversation::client_fin() {
    std::string p = packet(true, cseq_, sseq_, kFin | kAck, {});
    ++cseq_;
    return p;
}
std::string TcpConversation::server_fin() {
    std::string p = packet(false, sseq_, cseq_, kFin | kAck, {});
    ++sseq_;
    return p;
}
std::string TcpConversation::server_rst() const {
    return packet(false, 0, cisn_ + 1, kRst | kAck, {});
}
std::string TcpConversation::client_rst() const {
    return packet(true, cseq_, 0, kRst, {});
}

std::string pcap_header(Link link, bool nanos, bool be) {
    std::string f;
    put32(f, nanos ? 0xA1B23C4D : 0xA1B2C3D4, be);
    put16(f, 2, be);
    put16(f, 4, be);
    put32(f, 0, be);
    put32(f, 0, be);
    put32(f, 262144, be);
    put32(f, static_cast<uint32_t>(link), be);
    return f;
}

std::string pcap_record(const Packet& p, bool nanos, bool be) {
    std::string f;
    const int64_t sub = nanos ? p.time_ns % 1'000'000'000 : (p.time_ns % 1'000'000'000) / 1000;
    put32(f, static_cast<uint32_t>(p.time_ns / 1'000'000'000), be);
    put32(f, static_cast<uint32_t>(sub), be);
    put32(f, static_cast<uint32_t>(p.frame.size()), be);
    put32(f, static_cast<uint32_t>(p.frame.size()), be);
    return f + p.frame;
}

std::string pcap_file(Link link, const std::vector<Packet>& packets, bool nanos, bool be) {
    std::string f = pcap_header(link, nanos, be);
    for (const auto& p : packets) f += pcap_record(p, nanos, be);
    return f;
}

namespace {

std::string block(uint32_t type, std::string body) {
    body.append((4 - body.size() % 4) % 4, '\0');
    std::string b;
    const auto len = static_cast<uint32_t>(body.size() + 12);
    put32(b, type, false);
    put32(b, len, false);
    b += body;
    put32(b, len, false);
    return b;
}

}  // namespace

std::string pcapng_file(const std::vector<Interface>& interfaces,
                        const std::vector<Packet>& packets) {
    std::string shb;
    put32(shb, 0x1A2B3C4D, false);
    put16(shb, 1, false);
    put16(shb, 0, false);
    put32(shb, 0xFFFFFFFF, false);  // section length unknown (-1)
    put32(shb, 0xFFFFFFFF, false);
    std::string out = block(0x0A0D0D0A, shb);
    for (const auto& i : interfaces) {
        std::string idb;
        put16(idb, static_cast<uint16_t>(i.link), false);
        put16(idb, 0, false);
        put32(idb, 262144, false);
        if (i.nanoseconds) {
            put16(idb, 9, false);  // if_tsresol
            put16(idb, 1, false);
            idb += std::string("\x09\x00\x00\x00", 4);
            put32(idb, 0, false);  // opt_endofopt
        }
        out += block(1, idb);
    }
    for (const auto& p : packets) {
        const bool ns = interfaces.at(p.interface).nanoseconds;
        const uint64_t ts =
            ns ? static_cast<uint64_t>(p.time_ns) : static_cast<uint64_t>(p.time_ns / 1000);
        std::string epb;
        put32(epb, p.interface, false);
        put32(epb, static_cast<uint32_t>(ts >> 32), false);
        put32(epb, static_cast<uint32_t>(ts & 0xFFFFFFFF), false);
        put32(epb, static_cast<uint32_t>(p.frame.size()), false);
        put32(epb, static_cast<uint32_t>(p.frame.size()), false);
        epb += p.frame;
        out += block(6, epb);
    }
    return out;
}

void write_file(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace amtdiag::testing::capture
