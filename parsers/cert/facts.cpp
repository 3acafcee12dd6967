// describe_certificate(): identity, fingerprints, validity, key and signature facts.
#include <cctype>
#include <ctime>

#include <openssl/core_names.h>

#include "parsers/cert/error_mark.h"
#include "parsers/cert/facts_internal.h"
#include "parsers/cert/text_util.h"

namespace amtdiag::parsers::cert {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no
// time zone, no locale and no 2038 limit, unlike mktime/timegm.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// UTCTime and GeneralizedTime (years >= 2050) alike; false when the time does not parse.
bool unix_seconds(const ASN1_TIME* time, int64_t& out) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return false;
    out = days_from_civil(int64_t{tm.tm_year} + 1900, int64_t{tm.tm_mon} + 1, tm.tm_mday) * 86400 +
          int64_t{tm.tm_hour} * 3600 + int64_t{tm.tm_min} * 60 + tm.tm_sec;
    return true;
}

std::string serial_hex(const ASN1_INTEGER* serial) {
    if (serial == nullptr) return {};
    const int length = ASN1_STRING_length(serial);
    if (length <= 0) return "00";
    std::string hex =
        detail::to_hex(ASN1_STRING_get0_data(serial), static_cast<std::size_t>(length),
                       /*upper=*/true);
    return (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" : "") + hex;
}

void fingerprints(X509& x509, CertificateFacts& f) {
    unsigned char* der = nullptr;
    const int length = i2d_X509(&x509, &der);
    const OpensslMemPtr<unsigned char> owner(der);
    if (length <= 0) {
        f.extension_notes.emplace_back("the certificate does not re-encode: no fingerprints");
        return;
    }
    const auto digest = [&](const EVP_MD* md) {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        if (EVP_Digest(der, static_cast<std::size_t>(length), out, &size, md, nullptr) != 1)
            return std::string();
        return detail::to_hex(out, size);
    };
    f.sha1 = digest(EVP_sha1());
    f.sha256 = digest(EVP_sha256());
    f.sha384 = digest(EVP_sha384());
}

std::string key_type_name(const EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            return "RSA";
        case EVP_PKEY_RSA_PSS:
            return "RSA-PSS";
        case EVP_PKEY_EC:
            return "EC";
        case EVP_PKEY_DSA:
            return "DSA";
        case EVP_PKEY_ED25519:
            return "Ed25519";
        case EVP_PKEY_ED448:
            return "Ed448";
        default: {
            const char* name = EVP_PKEY_get0_type_name(key);
            return name != nullptr ? name : "unknown";
        }
    }
}

void key_facts(X509& x509, CertificateFacts& f) {
    const EVP_PKEY* key = X509_get0_pubkey(&x509);
    if (key == nullptr) {
        // Unknown or broken key: still name the algorithm from the SubjectPublicKeyInfo.
        ASN1_OBJECT* alg = nullptr;
        if (X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, X509_get_X509_PUBKEY(&x509)) ==
            1) {
            const int nid = OBJ_obj2nid(alg);
            f.key_type = nid != NID_undef ? OBJ_nid2sn(nid) : detail::dotted_oid(alg);
        }
        f.extension_notes.emplace_back("the public key does not decode");
        return;
    }
    f.key_type = key_type_name(key);
    f.key_bits = EVP_PKEY_get_bits(key);
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        char group[80] = {};
        std::size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           &length) == 1)
            f.curve.assign(group, length);
    }
}

void signature_facts(X509& x509, CertificateFacts& f) {
    const int nid = X509_get_signature_nid(&x509);
    if (nid == NID_rsassaPss) {
        f.signature_algorithm = "RSASSA-PSS";
    } else if (nid != NID_undef) {
        f.signature_algorithm = OBJ_nid2ln(nid);
    } else {
        const X509_ALGOR* alg = nullptr;
        X509_get0_signature(nullptr, &alg, &x509);
        const ASN1_OBJECT* obj = nullptr;
        if (alg != nullptr) X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
        f.signature_algorithm = detail::dotted_oid(obj);
    }
    int md_nid = NID_undef;
    int pk_nid = NID_undef;
    // X509_get_signature_info also reads the hash out of RSASSA-PSS parameters.
    if (X509_get_signature_info(&x509, &md_nid, &pk_nid, nullptr, nullptr) != 1 &&
        OBJ_find_sigid_algs(nid, &md_nid, &pk_nid) != 1)
        md_nid = NID_undef;
    if (md_nid != NID_undef) {
        const char* name = OBJ_nid2sn(md_nid);
        for (const char* c = name; c != nullptr && *c != '\0'; ++c)
            f.signature_hash += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    }
}

}  // namespace

CertificateFacts describe_certificate(X509& x509) {
    const detail::ErrorMark mark;
    CertificateFacts f;
    std::vector<std::string> name_notes;
    auto subject = detail::describe_name(X509_get_subject_name(&x509), "subject", name_notes);
    auto issuer = detail::describe_name(X509_get_issuer_name(&x509), "issuer", name_notes);
    f.subject = std::move(subject.text);
    f.subject_attrs = std::move(subject.attrs);
    f.issuer = std::move(issuer.text);
    f.issuer_attrs = std::move(issuer.attrs);
    f.extension_notes = std::move(name_notes);

    f.serial = serial_hex(X509_get0_serialNumber(&x509));
    fingerprints(x509, f);
    f.version = static_cast<int>(X509_get_version(&x509)) + 1;
    if (!unix_seconds(X509_get0_notBefore(&x509), f.not_before))
        f.extension_notes.emplace_back("notBefore is not a valid time");
    if (!unix_seconds(X509_get0_notAfter(&x509), f.not_after))
        f.extension_notes.emplace_back("notAfter is not a valid time");
    key_facts(x509, f);
    signature_facts(x509, f);
    detail::describe_extensions(x509, f);

    f.self_issued = X509_NAME_cmp(X509_get_subject_name(&x509), X509_get_issuer_name(&x509)) == 0;
    if (f.self_issued) {
        EVP_PKEY* key = X509_get0_pubkey(&x509);
        f.self_signed = key != nullptr && X509_verify(&x509, key) == 1;
    }
    return f;
}

}  // namespace amtdiag::parsers::cert
