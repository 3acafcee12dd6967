#pragma once
// The facts an expert reads off one X.509 certificate, extracted without judging them: rules
// (YAML, written elsewhere) decide what is wrong; this library only says what is there.
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/cert/openssl_handles.h"

namespace amtdiag::parsers::cert {

struct NameAttribute {
    // "CN", "OU", "O", "C", "L", "ST", "DC", "emailAddress"; any other type as its dotted OID.
    std::string type;
    // The value converted to UTF-8 exactly: no escaping, no trimming, so rules can compare
    // bytes (AMT compares the OU "Intel(R) Client Setup Certificate" case-sensitively).
    std::string value;
};

struct CertificateFacts {
    uint32_t item = 0;          // 1-based position of the certificate in its file
    uint64_t line = 0;          // PEM: 1-based line of the -----BEGIN line; 0 for binary files
    std::string container;      // where it came from: "pem", "der", "base64", "pkcs7", "pkcs12"
    std::string friendly_name;  // PKCS#12 friendlyName bag attribute (UTF-8), if any

    // RFC 4514 style, most specific first ("CN=prov.vprolab.com, OU=..., O=VProLab"),
    // multi-valued RDNs joined with "+"; special characters escaped as RFC 4514 says, so a
    // trailing space shows as "\ ". Use the *_attrs for byte-exact comparisons.
    std::string subject, issuer;
    std::vector<NameAttribute> subject_attrs, issuer_attrs;  // in certificate order

    std::string serial;                // uppercase hex, no separators; "-" prefix if negative
    std::string sha1, sha256, sha384;  // lowercase hex fingerprints of the DER encoding
    int version = 0;                   // 1..3
    int64_t not_before = 0;            // Unix seconds, UTC
    int64_t not_after = 0;

    std::string key_type;  // "RSA", "RSA-PSS", "EC", "DSA", "Ed25519", "Ed448", else OpenSSL's
    int key_bits = 0;      // RSA modulus bits, EC group order bits, ...
    std::string curve;     // EC curve short name ("prime256v1"), else ""
    // OpenSSL's long name ("sha256WithRSAEncryption", "ecdsa-with-SHA384"), "RSASSA-PSS" for
    // PSS, the dotted OID when OpenSSL does not know it.
    std::string signature_algorithm;
    std::string signature_hash;  // "sha1", "sha256", "sha384", "sha512", "md5"...; "" if none

    bool has_eku = false;
    std::vector<std::string> eku;  // dotted OIDs in certificate order
    bool has_key_usage = false;
    std::vector<std::string> key_usage;  // "digitalSignature", "keyEncipherment", "keyCertSign"...
    bool has_basic_constraints = false;
    bool is_ca = false;
    int path_len = -1;                             // -1 when absent
    std::string subject_key_id, authority_key_id;  // lowercase hex, "" when absent
    std::vector<std::string> dns_names;            // SAN dNSName entries, as written
    bool has_cdp = false;
    std::vector<std::string> crl_urls;  // CRL distribution point URIs as written
    bool has_aia = false;
    std::vector<std::string> ocsp_urls, ca_issuer_urls;
    // What could not be decoded or is odd ("CRL distribution point 2 has no URI
    // (directoryName)", "EKU extension is malformed"). Never decides a check.
    std::vector<std::string> extension_notes;

    bool self_issued = false;      // subject and issuer names are equal (X509_NAME_cmp)
    bool self_signed = false;      // self-issued and its own public key verifies its signature
    bool has_private_key = false;  // a private key in the same file matches its public key
};

struct Certificate {
    X509Ptr x509;  // bound to OpenSSL's default library context (see loader.h)
    CertificateFacts facts;
};

// Every fact of `x509` except item/line/container/friendly_name/has_private_key, which only
// the file says. Never fails: what cannot be read becomes an extension note.
CertificateFacts describe_certificate(X509& x509);

}  // namespace amtdiag::parsers::cert
