// detect_confidence(): content first (PEM armour, DER shapes, base64 of them), the name last.
#include <algorithm>
#include <array>
#include <cctype>

#include "parsers/cert/der_shape.h"
#include "parsers/cert/loader.h"
#include "parsers/cert/pem.h"

namespace amtdiag::parsers::cert {
namespace {

using detail::DerKind;

// pkcs7-signedData's OID, the only PKCS#7 content type that carries certificate bundles.
constexpr std::string_view kSignedData = "\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07\x02";

int der_confidence(std::string_view bytes) {
    switch (detail::classify_der(bytes)) {
        case DerKind::pkcs12:
            return 95;
        case DerKind::pkcs7: {
            const auto outer = detail::read_der_header(bytes);
            return bytes.substr(outer.header, kSignedData.size()) == kSignedData ? 90 : 0;
        }
        case DerKind::certificate: {
            // A certificate's tbsCertificate starts with [0] { INTEGER 0..2 } or the serial;
            // checking the version octets keeps random 0x30-led bytes out.
            const auto outer = detail::read_der_header(bytes);
            const auto tbs = detail::read_der_header(bytes, outer.header);
            const std::size_t first = outer.header + tbs.header;
            if (first >= bytes.size()) return 0;
            const std::string_view v = bytes.substr(first, 5);
            if (v.size() == 5 && v.substr(0, 4) == std::string_view("\xA0\x03\x02\x01", 4) &&
                static_cast<unsigned char>(v[4]) <= 2)
                return 90;
            return static_cast<unsigned char>(v[0]) == 0x02 ? 60 : 0;
        }
        case DerKind::none:
            return 0;
    }
    return 0;
}

int pem_confidence(std::string_view text) {
    int best = 0;
    std::size_t at = 0;
    while ((at = text.find("-----BEGIN ", at)) != std::string_view::npos) {
        const bool line_start = at == 0 || text[at - 1] == '\n';
        const std::size_t label_at = at + 11;
        const std::size_t end = text.find("-----", label_at);
        at = label_at;
        if (!line_start || end == std::string_view::npos || end - label_at > 40) continue;
        const std::string_view label = text.substr(label_at, end - label_at);
        int score = 20;
        if (label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE" ||
            label == "X509 CERTIFICATE" || label == "PKCS7" || label == "PKCS #7 SIGNED DATA")
            score = 100;
        else if (label.size() >= 11 && label.substr(label.size() - 11) == "PRIVATE KEY")
            score = 40;
        best = std::max(best, score);
        if (best == 100) break;
    }
    return best;
}

int base64_confidence(std::string_view text) {
    // Enough symbols for the first DER headers; any non-base64 character rules it out.
    std::string symbols;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        const bool symbol =
            std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' || c == '=';
        if (!symbol) return 0;
        if (symbols.size() < 4096) symbols += c;
    }
    if (symbols.size() < 16) return 0;
    symbols.resize(symbols.size() / 4 * 4);
    while (!symbols.empty() && symbols.back() == '=') symbols.pop_back();
    symbols.resize(symbols.size() / 4 * 4);
    std::string der;
    std::size_t bad_at = 0;
    if (!detail::decode_base64(symbols, der, bad_at)) return 0;
    return der_confidence(der) > 0 ? 80 : 0;
}

bool has_certificate_name(std::string_view file_name) {
    const std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string ext(file_name.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::array<std::string_view, 8> kNames = {"cer", "crt", "der", "pem",
                                                               "p7b", "p7c", "pfx", "p12"};
    return std::find(kNames.begin(), kNames.end(), ext) != kNames.end();
}

// Containers we know to be something else, whatever the name says.
bool is_other_binary(std::string_view head) {
    return head.substr(0, 2) == "\x1F\x8B" || head.substr(0, 4) == "PK\x03\x04" ||
           head.substr(0, 4) == "%PDF" || head.substr(0, 4) == "\xD4\xC3\xB2\xA1" ||
           head.substr(0, 4) == "\x0A\x0D\x0D\x0A";
}

}  // namespace

int detect_confidence(std::string_view head, std::string_view file_name) {
    if (head.empty()) return 0;
    if (const int der = der_confidence(head); der > 0) return der;
    const std::string text = detail::narrow_text(head);
    if (const int pem = pem_confidence(text); pem > 0) return pem;
    if (const int b64 = base64_confidence(text); b64 > 0) return b64;
    if (has_certificate_name(file_name) && !is_other_binary(head)) return 10;
    return 0;
}

}  // namespace amtdiag::parsers::cert
