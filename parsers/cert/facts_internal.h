#pragma once
// The parts of describe_certificate(), one file each (names, extensions, the rest).
#include <string>
#include <string_view>
#include <vector>

#include <openssl/x509.h>

#include "parsers/cert/certificate.h"

namespace amtdiag::parsers::cert::detail {

struct NameFacts {
    std::vector<NameAttribute> attrs;
    std::string text;  // RFC 4514 style, most specific RDN first
};

// `which` ("subject", "issuer") names the name in notes.
NameFacts describe_name(const X509_NAME* name, std::string_view which,
                        std::vector<std::string>& notes);

// EKU, key usage, basic constraints, key identifiers, SAN, CDP, AIA, unknown critical ones.
void describe_extensions(X509& x509, CertificateFacts& facts);

}  // namespace amtdiag::parsers::cert::detail
