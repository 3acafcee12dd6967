#include "parsers/probe/hello_fields.h"

namespace amtdiag::parsers::probe {

namespace {

unsigned u8(std::string_view b, size_t at) {
    return static_cast<unsigned char>(b[at]);
}
unsigned u16le(std::string_view b, size_t at) {
    return u8(b, at) | (u8(b, at + 1) << 8);
}
uint32_t u32le(std::string_view b, size_t at) {
    return u16le(b, at) | (static_cast<uint32_t>(u16le(b, at + 2)) << 16);
}

std::string hex(std::string_view bytes, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

// SMBIOS stores the first three groups little-endian (spec §1.2, MeshCentral guidToStr).
std::string uuid_of(std::string_view b) {
    std::string swapped;
    for (size_t i : {3, 2, 1, 0, 5, 4, 7, 6}) swapped.push_back(b[i]);
    swapped.append(b.substr(8, 8));
    const std::string h = hex(swapped, true);
    return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
           '-' + h.substr(20, 12);
}

std::string algorithm_name(unsigned alg, unsigned len) {
    // The length byte is authoritative (spec §1.2: code 3 is SHA-384 here, SHA-512 in PTHI).
    if (alg == 1 && len == 20) return "sha1";
    if (alg == 2 && len == 32) return "sha256";
    if (alg == 3 && len == 48) return "sha384";
    if (alg == 3 && len == 64) return "sha512";
    return "alg-" + std::to_string(alg);
}

}  // namespace

bool pid_checksum_ok(std::string_view pid) {
    if (pid.size() != 8) return false;
    unsigned sum = 0;
    for (size_t i = 0; i < 7; ++i) sum += static_cast<unsigned char>(pid[i]);
    const unsigned v = sum % 36;
    const char expected = static_cast<char>(v < 10 ? '0' + v : 'A' + (v - 10));
    return pid[7] == expected;
}

HelloFields decode_hello(std::string_view b) {
    HelloFields f;
    f.length = b.size();
    if (b.empty()) {
        f.problems.push_back("empty: the peer sent nothing");
        return f;
    }
    if (b.size() < 24) {
        f.problems.push_back("short: " + std::to_string(b.size()) +
                             " bytes, a hello header has 24");
        return f;
    }
    f.has_header = true;
    f.admin_credentials = u16le(b, 0);
    f.version = u16le(b, 2);
    f.retry = u32le(b, 4);
    f.uuid = uuid_of(b.substr(8, 16));
    if (f.admin_credentials > 1)
        f.problems.push_back("admin-credentials flag " + std::to_string(f.admin_credentials) +
                             " (0 or 1 expected)");
    if (f.retry > 14) f.problems.push_back("retry count " + std::to_string(f.retry) + " above 14");
    size_t at = 24;
    if (f.version == 2) {
        if (b.size() < 32) {
            f.problems.push_back("PID cut short: " + std::to_string(b.size() - 24) + " of 8 bytes");
            return f;
        }
        f.pid = std::string(b.substr(24, 8));
        f.pid_checksum_ok = pid_checksum_ok(f.pid);
        if (!f.pid_checksum_ok) f.problems.push_back("PID check character does not match");
        at = 32;
    } else if (f.version == 3) {
        if (b.size() < 25) {
            f.problems.push_back("hash count missing");
            return f;
        }
        const unsigned count = u8(b, 24);
        at = 25;
        for (unsigned i = 0; i < count; ++i) {
            if (at + 2 > b.size()) {
                f.problems.push_back("hash " + std::to_string(i + 1) + " of " +
                                     std::to_string(count) + " missing");
                return f;
            }
            const unsigned alg = u8(b, at), len = u8(b, at + 1);
            if (at + 2 + len > b.size()) {
                f.problems.push_back("hash " + std::to_string(i + 1) + " cut short");
                return f;
            }
            f.hash_algorithms.push_back(algorithm_name(alg, len));
            f.hashes.push_back(hex(b.substr(at + 2, len), false));
            if (f.hash_algorithms.back().starts_with("alg-"))
                f.problems.push_back("hash " + std::to_string(i + 1) + ": unknown algorithm " +
                                     std::to_string(alg) + " with " + std::to_string(len) +
                                     " bytes");
            at += 2 + len;
        }
    } else {
        f.problems.push_back("unknown hello version " + std::to_string(f.version));
        return f;
    }
    if (at < b.size())
        f.problems.push_back(std::to_string(b.size() - at) + " bytes after the hello");
    return f;
}

}  // namespace amtdiag::parsers::probe
