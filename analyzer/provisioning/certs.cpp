#include "analyzer/provisioning/certs.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace amtdiag::provisioning {

namespace {

struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct ExtFree {
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
struct OpensslFree {
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, ExtFree>;

[[noreturn]] void openssl_failed(const char* what) {
    throw std::runtime_error(std::string("OpenSSL: ") + what);
}

PkeyPtr load_key(SimKey which) {
    const std::string_view pem = sim_key_pem(which);
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) openssl_failed("BIO_new_mem_buf");
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) openssl_failed("cannot read a simulation key");
    return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext) openssl_failed(("extension " + value).c_str());
    if (X509_add_ext(cert, ext.get(), -1) != 1) openssl_failed("X509_add_ext");
}

std::string hex(const unsigned char* p, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out.push_back(digits[p[i] >> 4]);
        out.push_back(digits[p[i] & 15]);
    }
    return out;
}

}  // namespace

Cert::Cert(const CertSpec& spec, const Cert* issuer) : x509_(X509_new()), key_(load_key(spec.key)) {
    X509* x = x509_.get();
    if (x == nullptr) openssl_failed("X509_new");
    X509_set_version(x, 2);
    ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), spec.serial);
    X509_NAME* name = X509_get_subject_name(x);
    const auto add = [&](const char* field, const std::string& v) {
        if (!v.empty() && X509_NAME_add_entry_by_txt(
                              name, field, MBSTRING_UTF8,
                              reinterpret_cast<const unsigned char*>(v.c_str()), -1, -1, 0) != 1)
            openssl_failed("X509_NAME_add_entry_by_txt");
    };
    add("O", spec.o);
    add("OU", spec.ou);
    add("CN", spec.cn);
    X509* signer = issuer ? issuer->x509_.get() : x;
    EVP_PKEY* signer_key = issuer ? issuer->key_.get() : key_.get();
    X509_set_issuer_name(x, X509_get_subject_name(signer));
    ASN1_TIME_set(X509_getm_notBefore(x), static_cast<time_t>(spec.not_before_ms / 1000));
    ASN1_TIME_set(X509_getm_notAfter(x), static_cast<time_t>(spec.not_after_ms / 1000));
    X509_set_pubkey(x, key_.get());
    add_ext(x, signer, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
    add_ext(x, signer, NID_key_usage,
            spec.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
    add_ext(x, signer, NID_subject_key_identifier, "hash");
    if (issuer) add_ext(x, signer, NID_authority_key_identifier, "keyid:always");
    if (!spec.eku.empty()) {
        std::string list;
        for (const std::string& oid : spec.eku) list += (list.empty() ? "" : ",") + oid;
        add_ext(x, signer, NID_ext_key_usage, list);
    }
    if (!spec.dns_names.empty()) {
        std::string list;
        for (const std::string& n : spec.dns_names) list += (list.empty() ? "DNS:" : ",DNS:") + n;
        add_ext(x, signer, NID_subject_alt_name, list);
    }
    if (!spec.crl_url.empty())
        add_ext(x, signer, NID_crl_distribution_points, "URI:" + spec.crl_url);
    if (!spec.aia_url.empty()) add_ext(x, signer, NID_info_access, "caIssuers;URI:" + spec.aia_url);
    if (X509_sign(x, signer_key, EVP_sha256()) <= 0) openssl_failed("X509_sign");
}

std::string Cert::pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), x509_.get()) != 1) openssl_failed("PEM_write");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
}

std::string Cert::der() const {
    unsigned char* raw = nullptr;
    const int n = i2d_X509(x509_.get(), &raw);
    const std::unique_ptr<unsigned char, OpensslFree> buf(raw);
    if (n <= 0) openssl_failed("i2d_X509");
    return std::string(reinterpret_cast<char*>(buf.get()), static_cast<size_t>(n));
}

std::string Cert::sha1_hex() const {
    const std::string d = der();
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(d.data()), d.size(), md);
    return hex(md, sizeof md);
}

std::string Cert::sha256_raw() const {
    const std::string d = der();
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(d.data()), d.size(), md);
    return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string Cert::sha256_hex() const {
    const std::string raw = sha256_raw();
    return hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

}  // namespace amtdiag::provisioning
