#include "parsers/tls/tls.h"

#include <algorithm>

namespace amtdiag::parsers::tls {

namespace {

constexpr uint8_t kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22, kApplicationData = 23,
                  kHeartbeat = 24;
constexpr size_t kMaxRecordBytes = 16384 + 2048;  // TLSCiphertext limit (RFC 5246 6.2.3)
constexpr size_t kMaxSslv2Bytes = 4096;
// What one connection keeps at most: memory stays bounded whatever a stream holds.
constexpr size_t kMaxCertificates = 32;
constexpr size_t kMaxAlerts = 64;

// Bounded reads over one handshake message: every read checks what remains.
class Cursor {
  public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool u8(uint8_t& v) {
        if (s_.size() < 1) return false;
        v = static_cast<uint8_t>(s_[0]);
        s_.remove_prefix(1);
        return true;
    }
    bool u16(uint16_t& v) {
        if (s_.size() < 2) return false;
        v = static_cast<uint16_t>(static_cast<uint8_t>(s_[0]) << 8 | static_cast<uint8_t>(s_[1]));
        s_.remove_prefix(2);
        return true;
    }
    bool u24(uint32_t& v) {
        if (s_.size() < 3) return false;
        v = static_cast<uint32_t>(static_cast<uint8_t>(s_[0])) << 16 |
            static_cast<uint32_t>(static_cast<uint8_t>(s_[1])) << 8 | static_cast<uint8_t>(s_[2]);
        s_.remove_prefix(3);
        return true;
    }
    bool bytes(size_t n, std::string_view& out) {
        if (s_.size() < n) return false;
        out = s_.substr(0, n);
        s_.remove_prefix(n);
        return true;
    }
    bool skip(size_t n) {
        std::string_view ignored;
        return bytes(n, ignored);
    }
    // A vector with a 1- or 2-byte length prefix.
    bool vec8(std::string_view& out) {
        uint8_t n = 0;
        return u8(n) && bytes(n, out);
    }
    bool vec16(std::string_view& out) {
        uint16_t n = 0;
        return u16(n) && bytes(n, out);
    }
    bool empty() const { return s_.empty(); }

  private:
    std::string_view s_;
};

bool grease(uint16_t v) {
    return (v & 0x0F0F) == 0x0A0A;
}

}  // namespace

bool looks_like_client_hello(std::string_view b) {
    if (b.size() < 3) return false;
    const auto u = [&](size_t i) { return static_cast<uint8_t>(b[i]); };
    if (u(0) == kHandshake && u(1) == 3 && u(2) <= 4) return true;
    // SSLv2 form: 2-byte length with the top bit set, CLIENT-HELLO (1), version 3.x.
    return (u(0) & 0x80) != 0 && b.size() >= 5 && u(2) == 1 && u(3) == 3 && u(4) <= 4;
}

void Connection::note(std::string text) {
    if (std::find(notes_.begin(), notes_.end(), text) == notes_.end())
        notes_.push_back(std::move(text));
}

void Connection::stop(int d, std::string why) {
    dir_[d].stopped = true;
    note(std::string(d == 1 ? "server" : "client") + " stream: " + why);
}

void Connection::gap(bool from_server) {
    const int d = from_server ? 1 : 0;
    if (!dir_[d].stopped) stop(d, "bytes missing from the capture; not read further");
}

bool Connection::fatal_alert() const {
    return std::any_of(alerts_.begin(), alerts_.end(),
                       [](const Alert& a) { return !a.encrypted && a.level == 2; });
}

bool Connection::established() const {
    if (!server_hello_.seen) return false;
    // TLS 1.3: a client that rejects the server's certificate answers with one encrypted
    // alert, which looks like its Finished; a second record from the client proves it went on.
    if (tls13()) return dir_[0].application_records >= 2;
    return dir_[0].change_cipher_spec && dir_[1].change_cipher_spec;
}

std::string Connection::outcome(bool tcp_reset) const {
    const bool clear_alert =
        std::any_of(alerts_.begin(), alerts_.end(), [](const Alert& a) { return !a.encrypted; });
    if (fatal_alert() || (clear_alert && !established())) return "alert";
    if (established()) return "established";
    return tcp_reset ? "reset" : "incomplete";
}

bool Connection::sslv2_hello(std::string_view& bytes) {
    Parser& p = p_[0];
    // Collect the 2-byte header, then the message it announces.
    while (!bytes.empty() && p.sslv2.size() < 2) {
        p.sslv2.push_back(bytes.front());
        bytes.remove_prefix(1);
    }
    if (p.sslv2.size() < 2) return false;
    const size_t len =
        (static_cast<uint8_t>(p.sslv2[0]) & 0x7F) << 8 | static_cast<uint8_t>(p.sslv2[1]);
    if (len > kMaxSslv2Bytes) {
        stop(0, "SSLv2 record of " + std::to_string(len) + " bytes is not a ClientHello");
        return false;
    }
    const size_t want = 2 + len - p.sslv2.size();
    const size_t take = std::min(want, bytes.size());
    p.sslv2.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (p.sslv2.size() < 2 + len) return false;
    Cursor c(std::string_view(p.sslv2).substr(2));
    uint8_t type = 0;
    uint16_t version = 0, specs = 0, session = 0, challenge = 0;
    if (!c.u8(type) || type != 1 || !c.u16(version) || !c.u16(specs) || !c.u16(session) ||
        !c.u16(challenge)) {
        stop(0, "SSLv2 record is not a ClientHello");
        return false;
    }
    saw_tls_ = true;
    client_hello_.seen = true;
    client_hello_.sslv2 = true;
    client_hello_.legacy_version = client_hello_.max_version = version;
    client_hello_.cipher_suites = specs / 3;
    dir_[0].records++;
    p.sslv2.clear();
    p.sslv2.shrink_to_fit();
    return true;
}

bool Connection::start_record(int d) {
    Parser& p = p_[d];
    Direction& dir = dir_[d];
    p.type = p.header[0];
    const size_t len = static_cast<size_t>(p.header[3]) << 8 | p.header[4];
    if (p.type < kChangeCipherSpec || p.type > kHeartbeat || p.header[1] != 3 || p.header[2] > 4) {
        stop(d, "bytes that are no TLS record (type " + std::to_string(p.type) + ", version " +
                    std::to_string(p.header[1]) + "." + std::to_string(p.header[2]) + ")");
        return false;
    }
    if (len > kMaxRecordBytes) {
        stop(d, "a record of " + std::to_string(len) + " bytes, over the TLS limit");
        return false;
    }
    saw_tls_ = true;
    dir.records++;
    if (std::find(dir.content_types.begin(), dir.content_types.end(), p.type) ==
        dir.content_types.end())
        dir.content_types.push_back(p.type);
    p.body_left = len;
    p.alert_have = 0;
    switch (p.type) {
        case kChangeCipherSpec:
            dir.change_cipher_spec = true;
            dir.encrypted = true;
            break;
        case kApplicationData:
            dir.application_data = true;
            dir.application_records++;
            dir.encrypted = true;
            break;
        case kAlert:
            if (dir.encrypted && alerts_.size() < kMaxAlerts)
                alerts_.push_back({0, 0, d == 1, true});
            break;
        default:
            break;
    }
    return true;
}

void Connection::body(int d, std::string_view bytes) {
    Parser& p = p_[d];
    Direction& dir = dir_[d];
    if (dir.encrypted) return;  // nothing more can be read from this record
    if (p.type == kAlert) {
        for (char c : bytes) {
            p.alert[p.alert_have++] = static_cast<uint8_t>(c);
            if (p.alert_have == 2) {
                if (alerts_.size() < kMaxAlerts)
                    alerts_.push_back({p.alert[0], p.alert[1], d == 1, false});
                p.alert_have = 0;
            }
        }
        return;
    }
    if (p.type != kHandshake) return;
    p.handshake.append(bytes);
    while (p.handshake.size() >= 4 && !dir.stopped) {
        const size_t len = static_cast<size_t>(static_cast<uint8_t>(p.handshake[1])) << 16 |
                           static_cast<size_t>(static_cast<uint8_t>(p.handshake[2])) << 8 |
                           static_cast<uint8_t>(p.handshake[3]);
        if (len > kMaxHandshakeBytes) {
            stop(d, "a handshake message of " + std::to_string(len) + " bytes, not decoded");
            p.handshake.clear();
            return;
        }
        if (p.handshake.size() < 4 + len) break;
        handshake_message(d, static_cast<uint8_t>(p.handshake[0]),
                          std::string_view(p.handshake).substr(4, len));
        p.handshake.erase(0, 4 + len);
    }
}

void Connection::handshake_message(int d, uint8_t type, std::string_view m) {
    if (type == 1 && d == 0) parse_client_hello(m);
    if (type == 2 && d == 1) parse_server_hello(m);
    if (type == 11) parse_certificate(d, m);
}

void Connection::parse_client_hello(std::string_view m) {
    Cursor c(m);
    ClientHello& h = client_hello_;
    h.seen = true;
    std::string_view session, suites, compression, extensions;
    if (!c.u16(h.legacy_version) || !c.skip(32) || !c.vec8(session) || !c.vec16(suites) ||
        !c.vec8(compression)) {
        note("ClientHello is malformed");
        return;
    }
    h.max_version = h.legacy_version;
    h.cipher_suites = suites.size() / 2;
    if (c.empty() || !c.vec16(extensions)) return;
    Cursor e(extensions);
    uint16_t type = 0;
    std::string_view data;
    while (e.u16(type) && e.vec16(data)) {
        Cursor x(data);
        if (type == 0) {  // server_name: the first host_name entry
            std::string_view list, name;
            uint8_t name_type = 0;
            if (x.vec16(list)) {
                Cursor l(list);
                while (l.u8(name_type) && l.vec16(name))
                    if (name_type == 0) {
                        h.sni = std::string(name);
                        break;
                    }
            }
        } else if (type == 43) {  // supported_versions
            std::string_view versions;
            uint16_t v = 0;
            if (x.vec8(versions)) {
                Cursor vs(versions);
                uint16_t best = 0;
                while (vs.u16(v))
                    if (!grease(v)) best = std::max(best, v);
                if (best != 0) h.max_version = best;
            }
        }
    }
}

void Connection::parse_server_hello(std::string_view m) {
    Cursor c(m);
    ServerHello& h = server_hello_;
    h.seen = true;
    std::string_view session, extensions;
    uint8_t compression = 0;
    if (!c.u16(h.legacy_version) || !c.skip(32) || !c.vec8(session) || !c.u16(h.cipher) ||
        !c.u8(compression)) {
        note("ServerHello is malformed");
        return;
    }
    h.version = h.legacy_version;
    if (!c.empty() && c.vec16(extensions)) {
        Cursor e(extensions);
        uint16_t type = 0;
        std::string_view data;
        while (e.u16(type) && e.vec16(data)) {
            Cursor x(data);
            uint16_t v = 0;
            if (type == 43 && x.u16(v)) h.version = v;
        }
    }
    if (tls13()) {
        // Everything the server sends after its ServerHello is encrypted.
        dir_[1].encrypted = true;
        note("TLS 1.3: the certificates are encrypted and not in the capture");
    }
}

void Connection::parse_certificate(int d, std::string_view m) {
    if (tls13()) return;  // never in the clear; the note says so
    Cursor c(m);
    uint32_t total = 0;
    std::string_view list;
    if (!c.u24(total) || !c.bytes(total, list)) {
        note("Certificate message is malformed");
        return;
    }
    Cursor l(list);
    uint32_t len = 0;
    std::string_view der;
    auto& certs = dir_[d].certificates;
    while (l.u24(len) && l.bytes(len, der)) {
        // A chain has a handful; a stream of Certificate messages must not grow memory.
        if (certs.size() >= kMaxCertificates) {
            note("more than " + std::to_string(kMaxCertificates) +
                 " certificates from one side: the rest not kept");
            return;
        }
        certs.emplace_back(der);
    }
    if (!l.empty()) note("Certificate message has a malformed entry");
}

void Connection::feed(bool from_server, std::string_view bytes) {
    const int d = from_server ? 1 : 0;
    Parser& p = p_[d];
    if (dir_[d].stopped) return;
    if (p.first && !bytes.empty()) {
        // An SSLv2-compatible ClientHello can only open the client's stream.
        p.in_sslv2 = d == 0 && (static_cast<uint8_t>(bytes.front()) & 0x80) != 0;
        p.first = false;
    }
    if (p.in_sslv2) {
        if (!sslv2_hello(bytes)) return;  // still collecting it, or not one
        p.in_sslv2 = false;
    }
    while (!bytes.empty() && !dir_[d].stopped) {
        if (p.body_left == 0) {
            const size_t take = std::min<size_t>(5 - p.header_have, bytes.size());
            std::copy_n(bytes.begin(), take, p.header + p.header_have);
            p.header_have += take;
            bytes.remove_prefix(take);
            if (p.header_have < 5) return;
            p.header_have = 0;
            if (!start_record(d)) return;
            continue;
        }
        const size_t take = std::min(p.body_left, bytes.size());
        body(d, bytes.substr(0, take));
        p.body_left -= take;
        bytes.remove_prefix(take);
    }
}

}  // namespace amtdiag::parsers::tls
