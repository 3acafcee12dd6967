#pragma once
// Small text helpers of the certificate reader: hex, OpenSSL strings and object names.
#include <cstddef>
#include <string>
#include <string_view>

#include <openssl/asn1.h>
#include <openssl/objects.h>

namespace amtdiag::parsers::cert::detail {

// Lowercase (or uppercase) hex of bytes, no separators.
std::string to_hex(const unsigned char* data, std::size_t size, bool upper = false);

// The bytes of an ASN1_STRING exactly as stored (IA5 URIs, DNS names); "" for nullptr.
std::string asn1_bytes(const ASN1_STRING* s);

// The dotted form of an OID, always numeric ("2.16.840.1.113741.1.2.3").
std::string dotted_oid(const ASN1_OBJECT* obj);

// The kind of a GENERAL_NAME as RFC 5280 spells it ("directoryName", "uniformResourceIdentifier").
std::string_view general_name_kind(int type);

// True for the URL shapes CRL and AIA fetchers understand: http(s)://, ldap(s)://, file://.
// The fact stays as written either way; this only decides whether an odd shape gets a note.
bool is_fetchable_url(std::string_view url);

}  // namespace amtdiag::parsers::cert::detail
