#include "parsers/cert/der_shape.h"

namespace amtdiag::parsers::cert::detail {
namespace {

constexpr unsigned char kSequence = 0x30;
constexpr unsigned char kInteger = 0x02;
constexpr unsigned char kOid = 0x06;
constexpr unsigned char kContext0 = 0xA0;
// 1.2.840.113549.1.7 (PKCS#7 content types), the prefix of pkcs7-data and pkcs7-signedData.
constexpr std::string_view kPkcs7Arc = "\x2A\x86\x48\x86\xF7\x0D\x01\x07";

unsigned char byte_at(std::string_view bytes, std::size_t i) {
    return static_cast<unsigned char>(bytes[i]);
}

}  // namespace

DerHeader read_der_header(std::string_view bytes, std::size_t offset) {
    DerHeader h;
    if (offset + 2 > bytes.size()) return h;
    h.tag = byte_at(bytes, offset);
    if ((h.tag & 0x1F) == 0x1F) return h;  // high tag numbers never start what we read
    const unsigned char first = byte_at(bytes, offset + 1);
    if (first < 0x80) {
        h.length = first;
        h.header = 2;
    } else if (first == 0x80) {
        h.indefinite = true;
        h.header = 2;
    } else {
        const std::size_t octets = first & 0x7F;
        if (octets > 8 || offset + 2 + octets > bytes.size()) return h;
        for (std::size_t i = 0; i < octets; ++i)
            h.length = (h.length << 8) | byte_at(bytes, offset + 2 + i);
        h.header = 2 + octets;
    }
    h.ok = true;
    return h;
}

DerKind classify_der(std::string_view bytes) {
    const DerHeader outer = read_der_header(bytes);
    if (!outer.ok || outer.tag != kSequence) return DerKind::none;
    const std::size_t inner_at = outer.header;
    const DerHeader inner = read_der_header(bytes, inner_at);
    if (!inner.ok) return DerKind::none;
    const std::size_t inner_content = inner_at + inner.header;
    if (inner.tag == kInteger) {
        // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... }
        if (inner.length != 1 || inner_content >= bytes.size() ||
            byte_at(bytes, inner_content) != 3)
            return DerKind::none;
        const DerHeader auth_safe = read_der_header(bytes, inner_content + 1);
        return auth_safe.ok && auth_safe.tag == kSequence ? DerKind::pkcs12 : DerKind::none;
    }
    if (inner.tag == kOid) {
        // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL }
        if (inner.length != kPkcs7Arc.size() + 1 ||
            bytes.substr(inner_content, kPkcs7Arc.size()) != kPkcs7Arc)
            return DerKind::none;
        return DerKind::pkcs7;
    }
    if (inner.tag == kSequence) {
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version | serial INTEGER ...
        const DerHeader tbs_first = read_der_header(bytes, inner_content);
        if (tbs_first.ok && (tbs_first.tag == kContext0 || tbs_first.tag == kInteger))
            return DerKind::certificate;
    }
    return DerKind::none;
}

}  // namespace amtdiag::parsers::cert::detail
