#include "parsers/hello/hello.h"

#include <algorithm>
#include <array>

namespace amtdiag::parsers::hello {

namespace {

uint8_t u8(std::string_view s, size_t at) {
    return static_cast<uint8_t>(s[at]);
}
uint16_t u16le(std::string_view s, size_t at) {
    return static_cast<uint16_t>(u8(s, at) | (u8(s, at + 1) << 8));
}
uint32_t u32le(std::string_view s, size_t at) {
    return static_cast<uint32_t>(u8(s, at)) | static_cast<uint32_t>(u8(s, at + 1)) << 8 |
           static_cast<uint32_t>(u8(s, at + 2)) << 16 | static_cast<uint32_t>(u8(s, at + 3)) << 24;
}
void put16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

bool pid_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string without_dashes(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '-') out.push_back(c);
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Wire position of each canonical byte: the first three groups are stored little-endian.
constexpr std::array<size_t, 16> kSmbiosOrder = {3, 2, 1,  0,  5,  4,  7,  6,
                                                 8, 9, 10, 11, 12, 13, 14, 15};

void decode_pid(std::string_view p, HelloDecode& d) {
    const size_t have = p.size() - kHeaderBytes;
    if (have < 8) {
        d.problems.push_back("PID has " + std::to_string(have) + " of 8 bytes");
        d.hello.pid = std::string(p.substr(kHeaderBytes));
        d.consumed = p.size();
        return;
    }
    d.hello.pid = std::string(p.substr(kHeaderBytes, 8));
    d.consumed = kHeaderBytes + 8;
    bool charset = true;
    for (char c : d.hello.pid) charset = charset && pid_char(c);
    if (!charset) {
        d.problems.push_back("PID holds characters outside A-Z and 0-9");
    } else {
        d.pid_checksum_ok = pid_checksum_ok(d.hello.pid);
        if (!d.pid_checksum_ok)
            d.problems.push_back(
                "PID check character '" + d.hello.pid.substr(7) + "' is wrong (expected '" +
                pid_check_character(std::string_view(d.hello.pid).substr(0, 7)) + "')");
    }
    d.complete = true;
}

void decode_hashes(std::string_view p, HelloDecode& d) {
    size_t at = kHeaderBytes;
    if (at >= p.size()) {
        d.problems.push_back("hash count byte missing");
        d.consumed = p.size();
        return;
    }
    d.declared_hash_count = u8(p, at++);
    for (int i = 1; i <= d.declared_hash_count; ++i) {
        if (p.size() - at < 2) {
            d.problems.push_back("hash " + std::to_string(i) + " of " +
                                 std::to_string(d.declared_hash_count) +
                                 " missing: " + std::to_string(p.size() - at) + " bytes remain");
            d.consumed = p.size();
            return;
        }
        HelloHash h;
        h.algorithm = u8(p, at);
        const size_t len = u8(p, at + 1);
        at += 2;
        if (p.size() - at < len) {
            d.problems.push_back("hash " + std::to_string(i) + " claims " + std::to_string(len) +
                                 " bytes but " + std::to_string(p.size() - at) + " remain");
            d.consumed = p.size();
            return;
        }
        h.bytes = std::string(p.substr(at, len));
        at += len;
        d.hello.hashes.push_back(std::move(h));
    }
    d.consumed = at;
    d.complete = true;
}

}  // namespace

std::string hex_lower(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        out.push_back(kHex[static_cast<uint8_t>(c) >> 4]);
        out.push_back(kHex[static_cast<uint8_t>(c) & 15]);
    }
    return out;
}

std::string algorithm_name(uint8_t algorithm) {
    switch (algorithm) {
        case 1:
            return "sha1";
        case 2:
            return "sha256";
        case 3:
            return "sha384";
        default:
            return "alg-" + std::to_string(algorithm);
    }
}

std::string uuid_from_smbios_bytes(std::string_view b) {
    if (b.size() < 16) return {};
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        const uint8_t v = u8(b, kSmbiosOrder[i]);
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 15]);
    }
    return out;
}

std::string uuid_to_smbios_bytes(std::string_view text) {
    if (text.size() != 36) return {};
    std::array<uint8_t, 16> canonical{};
    size_t n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return {};
            continue;
        }
        const int v = hex_value(text[i]);
        if (v < 0) return {};
        canonical[n / 2] = static_cast<uint8_t>(canonical[n / 2] | (n % 2 == 0 ? v << 4 : v));
        ++n;
    }
    std::string wire(16, '\0');
    for (size_t i = 0; i < 16; ++i) wire[kSmbiosOrder[i]] = static_cast<char>(canonical[i]);
    return wire;
}

std::string pid_check_character(std::string_view seven) {
    const std::string s = without_dashes(seven);
    if (s.size() != 7) return {};
    unsigned sum = 0;
    for (char c : s) {
        if (!pid_char(c)) return {};
        sum += static_cast<unsigned char>(c);
    }
    const unsigned v = sum % 36;
    return std::string(1, static_cast<char>(v < 10 ? '0' + v : 'A' + (v - 10)));
}

bool pid_checksum_ok(std::string_view pid) {
    const std::string s = without_dashes(pid);
    if (s.size() != 8 || !pid_char(s[7])) return false;
    const std::string check = pid_check_character(std::string_view(s).substr(0, 7));
    return !check.empty() && check[0] == s[7];
}

HelloDecode decode_hello(std::string_view p) {
    HelloDecode d;
    d.length = p.size();
    if (p.size() < kHeaderBytes) {
        d.problems.push_back("payload is " + std::to_string(p.size()) +
                             " bytes, shorter than the 24-byte header");
        d.consumed = p.size();
        return d;
    }
    d.header_ok = true;
    d.hello.admin_credentials = u16le(p, 0);
    d.hello.version = u16le(p, 2);
    d.hello.retry = u32le(p, 4);
    d.hello.uuid = uuid_from_smbios_bytes(p.substr(8, 16));
    d.consumed = kHeaderBytes;
    if (d.hello.admin_credentials > 1)
        d.problems.push_back("admin-credentials flag is " +
                             std::to_string(d.hello.admin_credentials) + " (0 or 1 expected)");
    if (d.hello.version == kVersionPsk) {
        decode_pid(p, d);
    } else if (d.hello.version == kVersionPki) {
        decode_hashes(p, d);
    } else {
        d.problems.push_back("unknown hello version " + std::to_string(d.hello.version) + " (" +
                             std::to_string(p.size() - kHeaderBytes) +
                             " bytes after the UUID not decoded)");
        d.consumed = p.size();
        return d;
    }
    if (d.complete && d.consumed < p.size()) {
        const size_t extra = p.size() - d.consumed;
        d.problems.push_back(
            std::to_string(extra) + " trailing byte" + (extra == 1 ? "" : "s") +
            (d.hello.version == kVersionPsk ? " after the PID" : " after the last hash"));
        d.complete = false;
    }
    return d;
}

std::string encode_hello(const Hello& h) {
    std::string out;
    put16(out, h.admin_credentials);
    put16(out, h.version);
    put32(out, h.retry);
    std::string uuid = uuid_to_smbios_bytes(h.uuid);
    out += uuid.empty() ? std::string(16, '\0') : uuid;
    if (h.version == kVersionPsk) {
        std::string pid = h.pid.substr(0, 8);
        pid.resize(8, '0');
        out += pid;
    } else if (h.version == kVersionPki) {
        const size_t n = std::min<size_t>(h.hashes.size(), 255);
        out.push_back(static_cast<char>(n));
        for (size_t i = 0; i < n; ++i) {
            const std::string_view bytes = std::string_view(h.hashes[i].bytes).substr(0, 255);
            out.push_back(static_cast<char>(h.hashes[i].algorithm));
            out.push_back(static_cast<char>(bytes.size()));
            out += bytes;
        }
    }
    return out;
}

HelloPrefix classify_prefix(std::string_view p, bool ended) {
    const HelloPrefix short_answer = ended ? HelloPrefix::no : HelloPrefix::maybe;
    // Each header field constrains what follows: check as much as has arrived.
    if (p.size() >= 2 && (u8(p, 1) != 0 || u8(p, 0) > 1)) return HelloPrefix::no;
    if (p.size() >= 4 && (u8(p, 3) != 0 || (u8(p, 2) != kVersionPsk && u8(p, 2) != kVersionPki)))
        return HelloPrefix::no;
    // Intel documents retry counts 0-14; anything large is another protocol.
    if (p.size() >= 8 && u32le(p, 4) > 1000) return HelloPrefix::no;
    if (p.size() < kHeaderBytes) return short_answer;
    if (u8(p, 2) == kVersionPsk) {
        for (size_t i = kHeaderBytes; i < p.size() && i < kHeaderBytes + 8; ++i)
            if (!pid_char(p[i])) return HelloPrefix::no;
        if (p.size() > kHeaderBytes + 8) return HelloPrefix::no;
        if (p.size() < kHeaderBytes + 8) return short_answer;
        return ended ? HelloPrefix::yes : HelloPrefix::maybe;
    }
    if (p.size() == kHeaderBytes) return short_answer;
    // Off port 9971 only well-formed digests count: the known algorithms with their lengths.
    const size_t count = u8(p, kHeaderBytes);
    size_t at = kHeaderBytes + 1;
    for (size_t i = 0; i < count; ++i) {
        if (p.size() - at < 2) return short_answer;
        const uint8_t alg = u8(p, at);
        const size_t len = u8(p, at + 1);
        if (!((alg == 1 && len == 20) || (alg == 2 && len == 32) || (alg == 3 && len == 48)))
            return HelloPrefix::no;
        at += 2;
        if (p.size() - at < len) return short_answer;
        at += len;
    }
    if (at != p.size()) return HelloPrefix::no;
    return ended ? HelloPrefix::yes : HelloPrefix::maybe;
}

}  // namespace amtdiag::parsers::hello
