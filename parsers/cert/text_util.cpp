#include "parsers/cert/text_util.h"

#include <array>
#include <cctype>

#include <openssl/x509v3.h>

namespace amtdiag::parsers::cert::detail {

std::string to_hex(const unsigned char* data, std::size_t size, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xF];
    }
    return out;
}

std::string asn1_bytes(const ASN1_STRING* s) {
    if (s == nullptr) return {};
    const int length = ASN1_STRING_length(s);
    if (length <= 0) return {};
    return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
            static_cast<std::size_t>(length)};
}

std::string dotted_oid(const ASN1_OBJECT* obj) {
    if (obj == nullptr) return {};
    // The first call measures; OIDs can be longer than any fixed buffer we would pick.
    const int needed = OBJ_obj2txt(nullptr, 0, obj, 1);
    if (needed <= 0) return {};
    std::string out(static_cast<std::size_t>(needed) + 1, '\0');
    const int written = OBJ_obj2txt(out.data(), needed + 1, obj, 1);
    out.resize(written > 0 ? static_cast<std::size_t>(written) : 0);
    return out;
}

std::string_view general_name_kind(int type) {
    switch (type) {
        case GEN_OTHERNAME:
            return "otherName";
        case GEN_EMAIL:
            return "rfc822Name";
        case GEN_DNS:
            return "dNSName";
        case GEN_X400:
            return "x400Address";
        case GEN_DIRNAME:
            return "directoryName";
        case GEN_EDIPARTY:
            return "ediPartyName";
        case GEN_URI:
            return "uniformResourceIdentifier";
        case GEN_IPADD:
            return "iPAddress";
        case GEN_RID:
            return "registeredID";
        default:
            return "unknown name type";
    }
}

bool is_fetchable_url(std::string_view url) {
    static constexpr std::array<std::string_view, 5> kSchemes = {"http://", "https://", "ldap://",
                                                                 "ldaps://", "file://"};
    for (const unsigned char c : url)
        if (c <= 0x20 || c >= 0x7F) return false;
    for (const auto scheme : kSchemes) {
        if (url.size() <= scheme.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < scheme.size() && same; ++i)
            same = std::tolower(static_cast<unsigned char>(url[i])) == scheme[i];
        if (same) return true;
    }
    return false;
}

}  // namespace amtdiag::parsers::cert::detail
