// DER certificates and PKCS#7 bundles, wherever they were found (file, PEM block, base64).
#include <openssl/pkcs7.h>

#include "parsers/cert/load_state.h"

namespace amtdiag::parsers::cert::detail {

void LoadState::add_certificate(X509Ptr x509, std::string_view container, std::uint64_t line,
                                std::string friendly_name) {
    if (certificates.size() >= options.max_certificates) {
        if (!capped)
            notes.push_back("more than " + std::to_string(options.max_certificates) +
                            " certificates: the rest are skipped");
        capped = true;
        return;
    }
    certificates.push_back(
        {std::move(x509), std::string(container), line, std::move(friendly_name)});
}

std::string truncation(std::string_view der, std::string_view what) {
    const DerHeader header = read_der_header(der);
    if (!header.ok || header.indefinite || header.total() <= der.size()) return {};
    return "truncated: the DER structure claims " + std::to_string(header.total()) +
           " bytes, the " + std::string(what) + " has " + std::to_string(der.size());
}

std::string read_der_certificate(std::string_view der, bool trusted, std::string_view container,
                                 std::uint64_t line, std::string_view what, LoadState& state) {
    if (auto truncated = truncation(der, what); !truncated.empty()) return truncated;
    if (der.size() > static_cast<std::size_t>(INT32_MAX)) return "is too large";
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const auto* start = p;
    const long length = static_cast<long>(der.size());
    X509Ptr x509(trusted ? d2i_X509_AUX(nullptr, &p, length) : d2i_X509(nullptr, &p, length));
    if (!x509) return "is corrupt: it does not decode as a certificate";
    const auto used = static_cast<std::size_t>(p - start);
    state.add_certificate(std::move(x509), container, line);
    if (used < der.size())
        state.notes.push_back(std::to_string(der.size() - used) +
                              " bytes after the certificate in the " + std::string(what) +
                              " are ignored");
    return {};
}

std::string read_pkcs7(std::string_view der, std::uint64_t line, std::string_view what,
                       LoadState& state) {
    if (auto truncated = truncation(der, what); !truncated.empty()) return truncated;
    if (der.size() > static_cast<std::size_t>(INT32_MAX)) return "is too large";
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
    if (!p7) return "is corrupt: it does not decode as PKCS#7";
    const STACK_OF(X509)* certs = nullptr;
    switch (OBJ_obj2nid(p7->type)) {
        case NID_pkcs7_signed:
            certs = p7->d.sign != nullptr ? p7->d.sign->cert : nullptr;
            break;
        case NID_pkcs7_signedAndEnveloped:
            certs =
                p7->d.signed_and_enveloped != nullptr ? p7->d.signed_and_enveloped->cert : nullptr;
            break;
        default:
            return "is a PKCS#7 message without certificates (not signedData)";
    }
    if (sk_X509_num(certs) <= 0) return "is a PKCS#7 bundle that holds no certificates";
    for (int i = 0; i < sk_X509_num(certs); ++i) {
        X509* x509 = sk_X509_value(certs, i);
        if (x509 == nullptr || X509_up_ref(x509) != 1) continue;
        state.add_certificate(X509Ptr(x509), "pkcs7", line);
    }
    return {};
}

}  // namespace amtdiag::parsers::cert::detail
