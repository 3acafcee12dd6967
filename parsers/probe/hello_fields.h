#pragma once
// The fields of one AMT hello payload (docs: shared spec amt-protocol.md §1.2), decoded
// leniently: whatever can be read is returned, and each defect is a sentence in `problems`.
//
// Interim: the listener and the probe reader need these fields before the capture branch's
// decoder (parsers/hello) is merged; once it is, this file becomes a thin adapter over it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::probe {

struct HelloFields {
    size_t length = 0;
    bool has_header = false;  // the 24-byte common header was complete
    unsigned admin_credentials = 0;
    unsigned version = 0;  // 2 = PSK (PID), 3 = PKI (hashes)
    uint32_t retry = 0;
    std::string uuid;  // canonical uppercase, as ConfigMgr prints it (SMBIOS groups swapped)
    std::string pid;   // version 2
    bool pid_checksum_ok = false;
    std::vector<std::string> hashes;           // lowercase hex, version 3
    std::vector<std::string> hash_algorithms;  // "sha1", "sha256", "sha384", "alg-N"
    std::vector<std::string> problems;
};

HelloFields decode_hello(std::string_view payload);

// The PID check character (spec §2): sum of the 7 characters mod 36 as 0-9A-Z.
bool pid_checksum_ok(std::string_view pid);

}  // namespace amtdiag::parsers::probe
