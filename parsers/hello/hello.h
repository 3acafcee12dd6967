#pragma once
// The Intel AMT "hello" (amt-protocol.md §1.2): the one message an unprovisioned device sends,
// as TCP client, to the provisioning server (port 9971 by default), then closes. Integers are
// little-endian; the UUID is in SMBIOS order (first three groups little-endian).
//
//   off 0  u16 admin-credentials flag     off 2  u16 version (2 = PSK/PID, 3 = PKI/hashes)
//   off 4  u32 retry count                off 8  16 bytes UUID
//   v2:  off 24  8 ASCII characters: the PID (last one a check character, §2)
//   v3:  off 24  u8 hash count, then per hash: u8 algorithm, u8 length, `length` bytes
//
// Pure functions over bytes: no I/O, no exceptions for bad input, never a read past the
// buffer. What does not fit the layout is described in `problems`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hello {

inline constexpr uint16_t kVersionPsk = 2;  // one-touch: carries the PID
inline constexpr uint16_t kVersionPki = 3;  // remote configuration: carries root hashes
inline constexpr size_t kHeaderBytes = 24;
inline constexpr uint16_t kDefaultPort = 9971;

struct HelloHash {
    uint8_t algorithm = 2;  // 1 sha1, 2 sha256, 3 sha384 (the length byte is authoritative)
    std::string bytes;      // raw digest bytes

    bool operator==(const HelloHash&) const = default;
};

struct Hello {
    uint16_t admin_credentials = 0;
    uint16_t version = kVersionPki;
    uint32_t retry = 0;
    // Canonical text, uppercase, as Windows and ConfigMgr print it
    // ("939B524B-13D4-1D18-E487-1C697A6B7A2B"); the wire holds it in SMBIOS order.
    std::string uuid;
    std::string pid;                // v2: 8 characters, no dash
    std::vector<HelloHash> hashes;  // v3

    bool operator==(const Hello&) const = default;
};

struct HelloDecode {
    Hello hello;
    bool header_ok = false;  // the 24-byte header was there (uuid, version, ... are set)
    // Everything the version announces was there and nothing was left over.
    bool complete = false;
    size_t length = 0;             // bytes given
    size_t consumed = 0;           // bytes the layout accounted for
    int declared_hash_count = -1;  // v3: the count byte; -1 when absent
    bool pid_checksum_ok = false;  // v2: the PID's check character is right
    // One sentence each: "hash 4 claims 48 bytes but 12 remain", "3 trailing bytes after the
    // last hash", "unknown hello version 7", ...
    std::vector<std::string> problems;
};

HelloDecode decode_hello(std::string_view payload);
// The bytes a device would send for `hello`; round-trips through decode_hello. The hash
// count byte is hashes.size() (at most 255 entries are written) and each length byte the
// size of its digest (at most 255 bytes).
std::string encode_hello(const Hello& hello);

// "sha1", "sha256", "sha384", else "alg-N".
std::string algorithm_name(uint8_t algorithm);
std::string hex_lower(std::string_view bytes);

// The canonical UUID text of 16 wire bytes in SMBIOS order; "" when fewer than 16 bytes.
std::string uuid_from_smbios_bytes(std::string_view sixteen);
// The 16 wire bytes of a canonical UUID text (case-insensitive, dashes where they belong);
// "" when the text is no UUID.
std::string uuid_to_smbios_bytes(std::string_view canonical);

// PID/PPS check character (amt-protocol.md §2): the sum of the ASCII codes of the preceding
// characters mod 36, as '0'-'9' then 'A'-'Z'. Dashes are ignored. `seven` must hold 7
// characters of A-Z / 0-9 once dashes are removed; otherwise "" is returned.
std::string pid_check_character(std::string_view seven);
// True when `pid` (dashes ignored) is 8 characters of A-Z / 0-9 whose last is the check
// character of the first seven: "0000-037M" is Intel's example.
bool pid_checksum_ok(std::string_view pid);

// How far `prefix` (the first bytes of a TCP stream) goes towards being a hello: the reader
// uses it to recognise hellos sent to ports other than 9971.
enum class HelloPrefix { no, maybe, yes };
HelloPrefix classify_prefix(std::string_view prefix, bool stream_ended);

}  // namespace amtdiag::parsers::hello
