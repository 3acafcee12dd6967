#pragma once
// A look at the first bytes of a DER (or BER) structure, without OpenSSL: enough to tell a
// certificate from a PKCS#7 and a PKCS#12 file, to detect truncation before decoding, and to
// judge a file's first 64 KiB in detect_confidence().
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace amtdiag::parsers::cert::detail {

struct DerHeader {
    bool ok = false;           // a well-formed tag and length were read
    unsigned char tag = 0;     // the identifier octet (low-tag-number form only)
    bool indefinite = false;   // BER indefinite length: the total is unknown
    std::size_t header = 0;    // bytes of tag and length
    std::uint64_t length = 0;  // content bytes the header claims
    std::uint64_t total() const { return header + length; }
};

// The header of the element at `offset` of `bytes`. Lengths up to 8 length octets.
DerHeader read_der_header(std::string_view bytes, std::size_t offset = 0);

enum class DerKind { none, certificate, pkcs7, pkcs12 };

// What the structure at the start of `bytes` looks like; needs only its first few dozen bytes,
// so it works on a truncated file or a file's head.
DerKind classify_der(std::string_view bytes);

}  // namespace amtdiag::parsers::cert::detail
