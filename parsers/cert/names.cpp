// Distinguished names as attributes (byte-exact UTF-8) and as one readable RFC 4514 line.
#include <cstdio>

#include "parsers/cert/facts_internal.h"
#include "parsers/cert/text_util.h"

namespace amtdiag::parsers::cert::detail {
namespace {

std::string attribute_type(const ASN1_OBJECT* obj) {
    // Only the names rule authors are promised; every other type is its OID, which never
    // changes with the OpenSSL version (short names sometimes do).
    switch (OBJ_obj2nid(obj)) {
        case NID_commonName:
            return "CN";
        case NID_organizationalUnitName:
            return "OU";
        case NID_organizationName:
            return "O";
        case NID_countryName:
            return "C";
        case NID_localityName:
            return "L";
        case NID_stateOrProvinceName:
            return "ST";
        case NID_domainComponent:
            return "DC";
        case NID_pkcs9_emailAddress:
            return "emailAddress";
        default:
            return dotted_oid(obj);
    }
}

// RFC 4514 section 2.4 escaping, so the one-line form is unambiguous; `raw` values (not
// valid text) also get their non-ASCII bytes as \XX.
void append_escaped(std::string& out, const std::string& value, bool raw) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        const bool edge_space = c == ' ' && (i == 0 || i + 1 == value.size());
        if (c < 0x20 || c == 0x7F || (raw && c >= 0x80)) {
            char hex[4];
            std::snprintf(hex, sizeof hex, "\\%02X", c);
            out += hex;
        } else if (c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' ||
                   c == '\\' || edge_space || (c == '#' && i == 0)) {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(c);
        }
    }
}

}  // namespace

NameFacts describe_name(const X509_NAME* name, std::string_view which,
                        std::vector<std::string>& notes) {
    NameFacts facts;
    if (name == nullptr) return facts;
    const int count = X509_NAME_entry_count(name);
    std::vector<int> rdn_of(static_cast<std::size_t>(count > 0 ? count : 0));
    std::vector<bool> raw(rdn_of.size());
    for (int i = 0; i < count; ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        NameAttribute attr;
        attr.type = attribute_type(X509_NAME_ENTRY_get_object(entry));
        const ASN1_STRING* data = X509_NAME_ENTRY_get_data(entry);
        unsigned char* utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, data);
        const OpensslMemPtr<unsigned char> owner(utf8);
        if (length >= 0) {
            attr.value.assign(reinterpret_cast<const char*>(utf8),
                              static_cast<std::size_t>(length));
        } else {
            // E.g. a UTF8String that is not UTF-8, or a BMPString of odd length: keep the
            // bytes so the value still compares, and say so.
            attr.value = asn1_bytes(data);
            raw[static_cast<std::size_t>(i)] = true;
            notes.push_back(std::string(which) + " attribute " + std::to_string(i + 1) + " (" +
                            attr.type + ") is not a valid string: raw bytes kept");
        }
        rdn_of[static_cast<std::size_t>(i)] = X509_NAME_ENTRY_set(entry);
        facts.attrs.push_back(std::move(attr));
    }
    // Most specific RDN first (RFC 4514), attributes of one multi-valued RDN joined by '+'.
    for (int i = count - 1; i >= 0;) {
        int first = i;
        while (first > 0 &&
               rdn_of[static_cast<std::size_t>(first - 1)] == rdn_of[static_cast<std::size_t>(i)])
            --first;
        if (!facts.text.empty()) facts.text += ", ";
        for (int j = first; j <= i; ++j) {
            const auto& attr = facts.attrs[static_cast<std::size_t>(j)];
            if (j != first) facts.text += '+';
            facts.text += attr.type;
            facts.text += '=';
            append_escaped(facts.text, attr.value, raw[static_cast<std::size_t>(j)]);
        }
        i = first - 1;
    }
    return facts;
}

}  // namespace amtdiag::parsers::cert::detail
