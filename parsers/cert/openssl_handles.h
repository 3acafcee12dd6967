#pragma once
// Owning handles for the OpenSSL objects the certificate reader touches: every handle is a
// std::unique_ptr whose deleter calls the matching *_free, so no early return can leak one.
#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace amtdiag::parsers::cert {

namespace detail {
// A stateless deleter for any `void F(T*)`; the function is part of the type, so a handle
// costs one pointer.
template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const noexcept {
        Free(p);
    }
};

// Stacks are freed together with their elements (OpenSSL's sk_*_pop_free); the macros cannot
// be template arguments, hence these little functions.
inline void free_x509_stack(STACK_OF(X509) * s) noexcept {
    sk_X509_pop_free(s, X509_free);
}
inline void free_pkcs7_stack(STACK_OF(PKCS7) * s) noexcept {
    sk_PKCS7_pop_free(s, PKCS7_free);
}
inline void free_safebag_stack(STACK_OF(PKCS12_SAFEBAG) * s) noexcept {
    sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free);
}
inline void free_general_names(GENERAL_NAMES* s) noexcept {
    GENERAL_NAMES_free(s);
}
inline void free_eku(EXTENDED_KEY_USAGE* s) noexcept {
    sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free);
}
inline void free_crl_dist_points(CRL_DIST_POINTS* s) noexcept {
    CRL_DIST_POINTS_free(s);
}
inline void free_aia(AUTHORITY_INFO_ACCESS* s) noexcept {
    AUTHORITY_INFO_ACCESS_free(s);
}
// OSSL_PROVIDER_unload returns int; wrapped so the deleter returns void.
inline void unload_provider(OSSL_PROVIDER* p) noexcept {
    (void)OSSL_PROVIDER_unload(p);
}
// OPENSSL_free is a macro (it passes file and line).
inline void openssl_free(void* p) noexcept {
    OPENSSL_free(p);
}
}  // namespace detail

using X509Ptr = std::unique_ptr<X509, detail::Deleter<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, detail::Deleter<X509_NAME_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, detail::Deleter<EVP_PKEY_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, detail::Deleter<EVP_MD_free>>;
using BioPtr = std::unique_ptr<BIO, detail::Deleter<BIO_free_all>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, detail::Deleter<PKCS12_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, detail::Deleter<PKCS7_free>>;
using Pkcs8InfoPtr =
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, detail::Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, detail::Deleter<X509_SIG_free>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), detail::Deleter<detail::free_x509_stack>>;
using Pkcs7StackPtr = std::unique_ptr<STACK_OF(PKCS7), detail::Deleter<detail::free_pkcs7_stack>>;
using SafeBagStackPtr =
    std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), detail::Deleter<detail::free_safebag_stack>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, detail::Deleter<detail::free_general_names>>;
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, detail::Deleter<detail::free_eku>>;
using CrlDistPointsPtr =
    std::unique_ptr<CRL_DIST_POINTS, detail::Deleter<detail::free_crl_dist_points>>;
using AiaPtr = std::unique_ptr<AUTHORITY_INFO_ACCESS, detail::Deleter<detail::free_aia>>;
using BasicConstraintsPtr =
    std::unique_ptr<BASIC_CONSTRAINTS, detail::Deleter<BASIC_CONSTRAINTS_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, detail::Deleter<AUTHORITY_KEYID_free>>;
using Asn1OctetStringPtr =
    std::unique_ptr<ASN1_OCTET_STRING, detail::Deleter<ASN1_OCTET_STRING_free>>;
using Asn1BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, detail::Deleter<ASN1_BIT_STRING_free>>;
using OsslLibCtxPtr = std::unique_ptr<OSSL_LIB_CTX, detail::Deleter<OSSL_LIB_CTX_free>>;
using OsslProviderPtr = std::unique_ptr<OSSL_PROVIDER, detail::Deleter<detail::unload_provider>>;
// Memory OpenSSL allocated for us (strings from PKCS12_get_friendlyname, ASN1_STRING_to_UTF8).
template <typename T>
using OpensslMemPtr = std::unique_ptr<T, detail::Deleter<detail::openssl_free>>;

}  // namespace amtdiag::parsers::cert
