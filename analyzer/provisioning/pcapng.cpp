#include "analyzer/provisioning/pcapng.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace amtdiag::provisioning {

namespace {

void le16(std::string& o, uint16_t v) {
    o.push_back(static_cast<char>(v & 0xFF));
    o.push_back(static_cast<char>(v >> 8));
}
void le32(std::string& o, uint32_t v) {
    for (int i = 0; i < 4; ++i) o.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void be16(std::string& o, uint16_t v) {
    o.push_back(static_cast<char>(v >> 8));
    o.push_back(static_cast<char>(v & 0xFF));
}
void be32(std::string& o, uint32_t v) {
    for (int i = 3; i >= 0; --i) o.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t sum16(std::string_view b, uint32_t acc = 0) {
    for (size_t i = 0; i + 1 < b.size(); i += 2)
        acc += (static_cast<uint32_t>(static_cast<uint8_t>(b[i])) << 8) |
               static_cast<uint8_t>(b[i + 1]);
    if (b.size() % 2) acc += static_cast<uint32_t>(static_cast<uint8_t>(b.back())) << 8;
    return acc;
}
uint16_t fold(uint32_t acc) {
    while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
    return static_cast<uint16_t>(~acc & 0xFFFF);
}

std::string ipv4_packet(uint16_t id, uint8_t proto, uint32_t src, uint32_t dst,
                        std::string_view l4) {
    std::string h;
    h.push_back(0x45);
    h.push_back(0);
    be16(h, static_cast<uint16_t>(20 + l4.size()));
    be16(h, id);
    be16(h, 0x4000);  // don't fragment
    h.push_back(static_cast<char>(proto == 17 && dst == 0xFFFFFFFF ? 64 : 128));
    h.push_back(static_cast<char>(proto));
    be16(h, 0);
    be32(h, src);
    be32(h, dst);
    const uint16_t c = fold(sum16(h));
    h[10] = static_cast<char>(c >> 8);
    h[11] = static_cast<char>(c & 0xFF);
    return h.append(l4);
}

uint16_t l4_checksum(uint8_t proto, uint32_t src, uint32_t dst, std::string_view seg) {
    std::string pseudo;
    be32(pseudo, src);
    be32(pseudo, dst);
    pseudo.push_back(0);
    pseudo.push_back(static_cast<char>(proto));
    be16(pseudo, static_cast<uint16_t>(seg.size()));
    return fold(sum16(seg, sum16(pseudo)));
}

std::string ethernet(const std::string& src, const std::string& dst, std::string_view payload) {
    std::string f = dst + src;
    be16(f, 0x0800);
    return f.append(payload);
}

void block(std::ofstream& out, uint32_t type, std::string body) {
    while (body.size() % 4) body.push_back(0);
    std::string b;
    const auto total = static_cast<uint32_t>(body.size() + 12);
    le32(b, type);
    le32(b, total);
    b += body;
    le32(b, total);
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
}

}  // namespace

std::string mac_bytes(std::string_view text) {
    std::string out;
    unsigned v = 0;
    int digits = 0;
    for (const char ch : text) {
        int d = -1;
        if (ch >= '0' && ch <= '9') d = ch - '0';
        if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
        if (d < 0) continue;
        v = v * 16 + static_cast<unsigned>(d);
        if (++digits == 2) {
            out.push_back(static_cast<char>(v));
            v = 0;
            digits = 0;
        }
    }
    out.resize(6, '\0');
    return out;
}

uint32_t ipv4(std::string_view dotted) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    const std::string s(dotted);
    if (std::sscanf(s.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4 || a > 255 || b > 255 ||
        c > 255 || d > 255)
        return 0;
    return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string ipv4_text(uint32_t ip) {
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
           std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF);
}

Pcapng::Pcapng(const std::string& path) : out_(path, std::ios::binary | std::ios::trunc) {
    if (!out_) throw std::runtime_error("cannot write " + path);
    std::string shb;
    le32(shb, 0x1A2B3C4D);
    le16(shb, 1);
    le16(shb, 0);
    le32(shb, 0xFFFFFFFF);  // section length unknown
    le32(shb, 0xFFFFFFFF);
    block(out_, 0x0A0D0D0A, shb);
    std::string idb;
    le16(idb, 1);  // LINKTYPE_ETHERNET
    le16(idb, 0);
    le32(idb, 65535);
    block(out_, 0x00000001, idb);
}

void Pcapng::frame(int64_t utc_us, std::string_view bytes) {
    if (deferring_) {
        held_.push({utc_us, held_seq_++, std::string(bytes)});
        return;
    }
    release_until(utc_us);
    write_frame(utc_us, bytes);
}

void Pcapng::release_until(int64_t utc_us) {
    while (!held_.empty() && held_.top().us <= utc_us) {
        const Held h = held_.top();
        held_.pop();
        write_frame(h.us, h.bytes);
    }
}

void Pcapng::finish() {
    release_until(last_us_);
    held_ = {};
}

void Pcapng::write_frame(int64_t utc_us, std::string_view bytes) {
    last_us_ = std::max(last_us_, utc_us);
    std::string epb;
    le32(epb, 0);
    const auto ts = static_cast<uint64_t>(utc_us);
    le32(epb, static_cast<uint32_t>(ts >> 32));
    le32(epb, static_cast<uint32_t>(ts & 0xFFFFFFFF));
    le32(epb, static_cast<uint32_t>(bytes.size()));
    le32(epb, static_cast<uint32_t>(bytes.size()));
    epb.append(bytes);
    block(out_, 0x00000006, epb);
    if (!out_) throw std::runtime_error("cannot write the capture");
    ++packets_;
}

void Pcapng::udp(int64_t utc_us, const Endpoint& from, const Endpoint& to,
                 std::string_view payload) {
    std::string seg;
    be16(seg, from.port);
    be16(seg, to.port);
    be16(seg, static_cast<uint16_t>(8 + payload.size()));
    be16(seg, 0);
    seg.append(payload);
    uint16_t c = l4_checksum(17, from.ip, to.ip, seg);
    if (c == 0) c = 0xFFFF;
    seg[6] = static_cast<char>(c >> 8);
    seg[7] = static_cast<char>(c & 0xFF);
    frame(utc_us, ethernet(from.mac, to.mac, ipv4_packet(ip_id_++, 17, from.ip, to.ip, seg)));
}

void Pcapng::tcp(int64_t utc_us, const Endpoint& from, const Endpoint& to, uint32_t seq,
                 uint32_t ack, uint8_t flags, std::string_view payload) {
    std::string seg;
    be16(seg, from.port);
    be16(seg, to.port);
    be32(seg, seq);
    be32(seg, (flags & 0x10) ? ack : 0);
    seg.push_back(0x50);  // 20-byte header
    seg.push_back(static_cast<char>(flags));
    be16(seg, 64240);
    be16(seg, 0);
    be16(seg, 0);
    seg.append(payload);
    const uint16_t c = l4_checksum(6, from.ip, to.ip, seg);
    seg[16] = static_cast<char>(c >> 8);
    seg[17] = static_cast<char>(c & 0xFF);
    frame(utc_us, ethernet(from.mac, to.mac, ipv4_packet(ip_id_++, 6, from.ip, to.ip, seg)));
}

int64_t TcpFlow::open(int64_t us, Answer answer) {
    cap_.tcp(us, c_, s_, cseq_, 0, 0x02, {});
    if (answer == Answer::silence) {
        // Windows retransmits a SYN after 3 s and 6 s more, then gives up.
        cap_.tcp(us + 3'000'000, c_, s_, cseq_, 0, 0x02, {});
        cap_.tcp(us + 9'000'000, c_, s_, cseq_, 0, 0x02, {});
        return us + 21'000'000;
    }
    if (answer == Answer::reset) {
        cap_.tcp(us + 300, s_, c_, 0, cseq_ + 1, 0x14, {});
        return us + 300;
    }
    ++cseq_;
    cap_.tcp(us + 300, s_, c_, sseq_, cseq_, 0x12, {});
    ++sseq_;
    cap_.tcp(us + 500, c_, s_, cseq_, sseq_, 0x10, {});
    return us + 500;
}

int64_t TcpFlow::client_sends(int64_t us, std::string_view data) {
    return sends(us, data, true);
}

int64_t TcpFlow::server_sends(int64_t us, std::string_view data) {
    return sends(us, data, false);
}

int64_t TcpFlow::sends(int64_t us, std::string_view data, bool from_client) {
    const Endpoint& from = from_client ? c_ : s_;
    const Endpoint& to = from_client ? s_ : c_;
    uint32_t& seq = from_client ? cseq_ : sseq_;
    const uint32_t& ack = from_client ? sseq_ : cseq_;
    // Segments of at most 1460 bytes, as an Ethernet MSS gives; the peer acknowledges the lot.
    for (size_t off = 0; off < data.size(); off += 1460) {
        const std::string_view part = data.substr(off, 1460);
        cap_.tcp(us, from, to, seq, ack, 0x18, part);
        seq += static_cast<uint32_t>(part.size());
        us += 40;
    }
    cap_.tcp(us + 200, to, from, ack, seq, 0x10, {});
    return us + 200;
}

int64_t TcpFlow::client_closes(int64_t us) {
    cap_.tcp(us, c_, s_, cseq_, sseq_, 0x11, {});
    ++cseq_;
    cap_.tcp(us + 300, s_, c_, sseq_, cseq_, 0x11, {});
    ++sseq_;
    cap_.tcp(us + 500, c_, s_, cseq_, sseq_, 0x10, {});
    return us + 500;
}

}  // namespace amtdiag::provisioning
