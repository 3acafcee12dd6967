// The X.509v3 extensions an expert reads for AMT provisioning, decoded one by one so that a
// malformed one becomes a note and the others are still read.
#include <array>

#include "parsers/cert/facts_internal.h"
#include "parsers/cert/text_util.h"

namespace amtdiag::parsers::cert::detail {
namespace {

// Decodes the first extension of `nid`; nullptr with `present` false when there is none.
// Malformed and duplicate extensions are noted here, once for every kind.
template <typename Ptr>
Ptr decode_extension(X509& x509, int nid, std::string_view label, bool& present,
                     std::vector<std::string>& notes) {
    const int index = X509_get_ext_by_NID(&x509, nid, -1);
    present = index >= 0;
    if (!present) return nullptr;
    if (X509_get_ext_by_NID(&x509, nid, index) >= 0)
        notes.push_back(std::string(label) +
                        " extension appears more than once: the first is read");
    Ptr decoded(static_cast<typename Ptr::pointer>(X509V3_EXT_d2i(X509_get_ext(&x509, index))));
    if (!decoded) notes.push_back(std::string(label) + " extension is malformed");
    return decoded;
}

void read_eku(X509& x509, CertificateFacts& f) {
    const auto eku =
        decode_extension<EkuPtr>(x509, NID_ext_key_usage, "EKU", f.has_eku, f.extension_notes);
    if (!eku) return;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
        f.eku.push_back(dotted_oid(sk_ASN1_OBJECT_value(eku.get(), i)));
}

void read_key_usage(X509& x509, CertificateFacts& f) {
    static constexpr std::array<const char*, 9> kBits = {
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
    const auto bits = decode_extension<Asn1BitStringPtr>(x509, NID_key_usage, "key usage",
                                                         f.has_key_usage, f.extension_notes);
    if (!bits) return;
    for (std::size_t i = 0; i < kBits.size(); ++i)
        if (ASN1_BIT_STRING_get_bit(bits.get(), static_cast<int>(i)) == 1)
            f.key_usage.emplace_back(kBits[i]);
}

void read_basic_constraints(X509& x509, CertificateFacts& f) {
    const auto bc =
        decode_extension<BasicConstraintsPtr>(x509, NID_basic_constraints, "basic constraints",
                                              f.has_basic_constraints, f.extension_notes);
    if (!bc) return;
    f.is_ca = bc->ca != 0;
    if (bc->pathlen != nullptr) {
        int64_t value = -1;
        if (ASN1_INTEGER_get_int64(&value, bc->pathlen) == 1 && value >= 0 && value <= 1000000)
            f.path_len = static_cast<int>(value);
        else
            f.extension_notes.emplace_back("basic constraints path length is out of range");
    }
}

void read_key_ids(X509& x509, CertificateFacts& f) {
    bool present = false;
    if (const auto ski = decode_extension<Asn1OctetStringPtr>(x509, NID_subject_key_identifier,
                                                              "subject key identifier", present,
                                                              f.extension_notes)) {
        const auto bytes = asn1_bytes(ski.get());
        f.subject_key_id =
            to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    }
    if (const auto aki = decode_extension<AuthorityKeyIdPtr>(x509, NID_authority_key_identifier,
                                                             "authority key identifier", present,
                                                             f.extension_notes)) {
        if (aki->keyid != nullptr) {
            const auto bytes = asn1_bytes(aki->keyid);
            f.authority_key_id =
                to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
        } else {
            f.extension_notes.emplace_back(
                "authority key identifier has no key identifier (issuer and serial only)");
        }
    }
}

void read_san(X509& x509, CertificateFacts& f) {
    bool present = false;
    const auto names = decode_extension<GeneralNamesPtr>(
        x509, NID_subject_alt_name, "subject alternative name", present, f.extension_notes);
    if (!names) return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) f.dns_names.push_back(asn1_bytes(name->d.dNSName));
    }
}

void note_url_shape(std::string_view where, const std::string& url, CertificateFacts& f) {
    if (!is_fetchable_url(url))
        f.extension_notes.push_back(std::string(where) + ": URI '" + url +
                                    "' is not an http, https, ldap or file URL");
}

void read_cdp(X509& x509, CertificateFacts& f) {
    const auto points = decode_extension<CrlDistPointsPtr>(
        x509, NID_crl_distribution_points, "CRL distribution points", f.has_cdp, f.extension_notes);
    if (!points) return;
    for (int i = 0; i < sk_DIST_POINT_num(points.get()); ++i) {
        const DIST_POINT* point = sk_DIST_POINT_value(points.get(), i);
        const std::string where = "CRL distribution point " + std::to_string(i + 1);
        std::string other_kinds;
        bool has_uri = false;
        if (point->distpoint == nullptr) {
            other_kinds = "cRLIssuer only";
        } else if (point->distpoint->type == 1) {
            other_kinds = "a name relative to the issuer";
        } else {
            const GENERAL_NAMES* names = point->distpoint->name.fullname;
            for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
                const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
                if (name->type == GEN_URI) {
                    has_uri = true;
                    f.crl_urls.push_back(asn1_bytes(name->d.uniformResourceIdentifier));
                    note_url_shape(where, f.crl_urls.back(), f);
                } else {
                    if (!other_kinds.empty()) other_kinds += ", ";
                    other_kinds += general_name_kind(name->type);
                }
            }
        }
        if (!has_uri)
            f.extension_notes.push_back(where + " has no URI (" +
                                        (other_kinds.empty() ? "empty" : other_kinds) + ")");
    }
}

void read_aia(X509& x509, CertificateFacts& f) {
    const auto aia = decode_extension<AiaPtr>(x509, NID_info_access, "authority information access",
                                              f.has_aia, f.extension_notes);
    if (!aia) return;
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
        const ACCESS_DESCRIPTION* entry = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
        const int method = OBJ_obj2nid(entry->method);
        const std::string where = "authority information access entry " + std::to_string(i + 1);
        std::vector<std::string>* target = method == NID_ad_OCSP         ? &f.ocsp_urls
                                           : method == NID_ad_ca_issuers ? &f.ca_issuer_urls
                                                                         : nullptr;
        if (target == nullptr) {
            f.extension_notes.push_back(where + " has access method " + dotted_oid(entry->method) +
                                        ": not read");
        } else if (entry->location == nullptr || entry->location->type != GEN_URI) {
            f.extension_notes.push_back(
                where + " has no URI (" +
                std::string(entry->location ? general_name_kind(entry->location->type) : "empty") +
                ")");
        } else {
            target->push_back(asn1_bytes(entry->location->d.uniformResourceIdentifier));
            note_url_shape(where, target->back(), f);
        }
    }
}

// A critical extension nobody understands makes the certificate unusable for a strict
// verifier; worth a note even though no rule may care.
void note_unknown_critical(X509& x509, CertificateFacts& f) {
    for (int i = 0; i < X509_get_ext_count(&x509); ++i) {
        X509_EXTENSION* ext = X509_get_ext(&x509, i);
        if (X509_EXTENSION_get_critical(ext) == 1 && X509_supported_extension(ext) == 0)
            f.extension_notes.push_back("critical extension " +
                                        dotted_oid(X509_EXTENSION_get_object(ext)) +
                                        " is not a standard one");
    }
}

}  // namespace

void describe_extensions(X509& x509, CertificateFacts& facts) {
    read_eku(x509, facts);
    read_key_usage(x509, facts);
    read_basic_constraints(x509, facts);
    read_key_ids(x509, facts);
    read_san(x509, facts);
    read_cdp(x509, facts);
    read_aia(x509, facts);
    note_unknown_critical(x509, facts);
}

}  // namespace amtdiag::parsers::cert::detail
