#pragma once
// Helpers for the certificate reader tests: fixtures, the fixture password, digests.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "parsers/cert/chain.h"
#include "parsers/cert/loader.h"

namespace cert_test {

namespace cert = amtdiag::parsers::cert;

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string fixture(std::string_view name) {
    return slurp(std::filesystem::path("fixtures") / name);
}

// The password of every encrypted fixture (make_fixtures.sh writes it without a newline).
inline std::string password() {
    return fixture("password.txt");
}

inline cert::LoadedFile load(std::string_view name, std::optional<std::string> pw = std::nullopt) {
    static const cert::Loader loader;
    cert::LoadOptions options;
    options.password = std::move(pw);
    return loader.load(fixture(name), options);
}

// The one certificate of a single-certificate fixture; fails the test otherwise.
inline cert::CertificateFacts facts_of(std::string_view name) {
    auto file = load(name);
    EXPECT_EQ(file.error, "") << name;
    EXPECT_EQ(file.certificates.size(), 1u) << name;
    if (file.certificates.empty()) return {};
    return file.certificates.front().facts;
}

inline std::string sha256_hex(std::string_view bytes) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), out, &size, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned int i = 0; i < size; ++i) {
        static constexpr char kDigits[] = "0123456789abcdef";
        hex += kDigits[out[i] >> 4];
        hex += kDigits[out[i] & 0xF];
    }
    return hex;
}

inline std::vector<std::string> subjects(const cert::LoadedFile& file) {
    std::vector<std::string> out;
    for (const auto& c : file.certificates) out.push_back(c.facts.subject);
    return out;
}

// Every string the reader produced for a file, for "never contains" checks.
inline std::vector<std::string> all_strings(const cert::LoadedFile& file) {
    std::vector<std::string> out{file.format, file.error};
    out.insert(out.end(), file.notes.begin(), file.notes.end());
    for (const auto& c : file.certificates) {
        const auto& f = c.facts;
        for (const auto* s :
             {&f.container, &f.friendly_name, &f.subject, &f.issuer, &f.serial, &f.sha1, &f.sha256,
              &f.sha384, &f.key_type, &f.curve, &f.signature_algorithm, &f.signature_hash,
              &f.subject_key_id, &f.authority_key_id})
            out.push_back(*s);
        for (const auto* v : {&f.eku, &f.key_usage, &f.dns_names, &f.crl_urls, &f.ocsp_urls,
                              &f.ca_issuer_urls, &f.extension_notes})
            out.insert(out.end(), v->begin(), v->end());
        for (const auto& a : f.subject_attrs) out.push_back(a.value);
        for (const auto& a : f.issuer_attrs) out.push_back(a.value);
    }
    return out;
}

inline const std::string kProvSubject =
    "CN=prov.vprolab.com, OU=Intel(R) Client Setup Certificate, O=VProLab";
inline const std::string kIssuingCa = "CN=VProLab Issuing CA, O=VProLab";
inline const std::string kRootCa = "CN=VProLab Root CA, O=VProLab";

}  // namespace cert_test
