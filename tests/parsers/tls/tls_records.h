#pragma once
// TLS records and handshake messages built byte by byte, for the TLS tests and the capture
// fixtures: only the fields the decoder reads are meaningful, the rest is filler.
#include <cstdint>
#include <string>
#include <vector>

namespace amtdiag::testing::tls {

inline std::string u16(uint16_t v) {
    return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
}
inline std::string u24(size_t v) {
    return {static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 8) & 0xFF),
            static_cast<char>(v & 0xFF)};
}
inline std::string record(uint8_t type, const std::string& body, uint16_t version = 0x0303) {
    return std::string(1, static_cast<char>(type)) + u16(version) +
           u16(static_cast<uint16_t>(body.size())) + body;
}
inline std::string handshake(uint8_t type, const std::string& body) {
    return std::string(1, static_cast<char>(type)) + u24(body.size()) + body;
}
inline std::string extension(uint16_t type, const std::string& data) {
    return u16(type) + u16(static_cast<uint16_t>(data.size())) + data;
}

struct ClientHelloSpec {
    uint16_t version = 0x0303;
    std::string sni;
    size_t suites = 4;
    std::vector<uint16_t> supported_versions;  // empty: no extension
};
inline std::string client_hello(const ClientHelloSpec& s) {
    std::string b = u16(s.version) + std::string(32, 'r') + std::string(1, '\0');
    std::string suites;
    for (size_t i = 0; i < s.suites; ++i) suites += u16(static_cast<uint16_t>(0xC02F + i));
    b += u16(static_cast<uint16_t>(suites.size())) + suites + std::string("\x01\x00", 2);
    std::string ext;
    if (!s.sni.empty()) {
        const std::string entry =
            std::string(1, '\0') + u16(static_cast<uint16_t>(s.sni.size())) + s.sni;
        ext += extension(0, u16(static_cast<uint16_t>(entry.size())) + entry);
    }
    if (!s.supported_versions.empty()) {
        std::string v;
        for (uint16_t x : s.supported_versions) v += u16(x);
        ext += extension(43, std::string(1, static_cast<char>(v.size())) + v);
    }
    if (!ext.empty()) b += u16(static_cast<uint16_t>(ext.size())) + ext;
    return handshake(1, b);
}
inline std::string server_hello(uint16_t version, uint16_t cipher, bool tls13 = false) {
    std::string b = u16(tls13 ? 0x0303 : version) + std::string(32, 's') + std::string(1, '\0') +
                    u16(cipher) + std::string(1, '\0');
    if (tls13) {
        const std::string ext = extension(43, u16(0x0304));
        b += u16(static_cast<uint16_t>(ext.size())) + ext;
    }
    return handshake(2, b);
}
inline std::string certificate(const std::vector<std::string>& ders) {
    std::string list;
    for (const auto& d : ders) list += u24(d.size()) + d;
    return handshake(11, u24(list.size()) + list);
}
inline std::string server_hello_done() {
    return handshake(14, "");
}
inline std::string alert(uint8_t level, uint8_t description) {
    return record(21, std::string{static_cast<char>(level), static_cast<char>(description)});
}
inline std::string change_cipher_spec() {
    return record(20, std::string(1, '\x01'));
}
inline std::string application_data(size_t n) {
    return record(23, std::string(n, 'x'));
}

}  // namespace amtdiag::testing::tls
