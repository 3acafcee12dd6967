// Every container an admin may hand over yields the same certificates.
#include "test_support.h"

namespace cert_test {
namespace {

const std::vector<std::string> kChain = {kProvSubject, kIssuingCa, kRootCa};

TEST(Containers, PemBundleInFileOrderWithLines) {
    const auto file = load("prov-good-chain.pem");
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(file.format, "pem");
    EXPECT_EQ(subjects(file), kChain);
    ASSERT_EQ(file.certificates.size(), 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
        EXPECT_EQ(file.certificates[i].facts.item, i + 1);
        EXPECT_EQ(file.certificates[i].facts.container, "pem");
    }
    EXPECT_EQ(file.certificates[0].facts.line, 1u);
    // The leaf's block ends where the intermediate's begins: its END line plus one.
    const std::string text = fixture("prov-good-chain.pem");
    const auto second = text.find("-----BEGIN", 1);
    EXPECT_EQ(file.certificates[1].facts.line,
              1u + static_cast<std::uint64_t>(
                       std::count(text.begin(), text.begin() + static_cast<long>(second), '\n')));
    EXPECT_TRUE(file.notes.empty());
}

TEST(Containers, CrlfPemReadsLikeLf) {
    const auto lf = load("prov-good-chain.pem");
    const auto crlf = load("prov-good-chain-crlf.pem");
    EXPECT_EQ(crlf.error, "");
    ASSERT_EQ(subjects(crlf), kChain);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(crlf.certificates[i].facts.sha256, lf.certificates[i].facts.sha256);
        EXPECT_EQ(crlf.certificates[i].facts.line, lf.certificates[i].facts.line);
    }
}

TEST(Containers, DerCertificateFingerprintIsTheFileDigest) {
    const auto file = load("prov-good.der");
    EXPECT_EQ(file.format, "der");
    ASSERT_EQ(file.certificates.size(), 1u);
    const auto& f = file.certificates[0].facts;
    EXPECT_EQ(f.container, "der");
    EXPECT_EQ(f.line, 0u);
    EXPECT_EQ(f.item, 1u);
    EXPECT_EQ(f.sha256, sha256_hex(fixture("prov-good.der")));
    EXPECT_EQ(f.subject, kProvSubject);
}

TEST(Containers, Base64WithoutArmour) {
    const auto file = load("prov-good.b64");
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(file.format, "base64");
    ASSERT_EQ(file.certificates.size(), 1u);
    EXPECT_EQ(file.certificates[0].facts.container, "base64");
    EXPECT_EQ(file.certificates[0].facts.sha256, sha256_hex(fixture("prov-good.der")));
}

TEST(Containers, Pkcs7DerAndPem) {
    const auto der = load("prov-good.p7b");
    EXPECT_EQ(der.error, "");
    EXPECT_EQ(der.format, "pkcs7");
    EXPECT_EQ(subjects(der), kChain);
    for (const auto& c : der.certificates) EXPECT_EQ(c.facts.container, "pkcs7");

    const auto pem = load("prov-good-p7b.pem");
    EXPECT_EQ(pem.error, "");
    EXPECT_EQ(pem.format, "pem");
    EXPECT_EQ(subjects(pem), kChain);
    ASSERT_FALSE(pem.certificates.empty());
    EXPECT_EQ(pem.certificates[0].facts.container, "pkcs7");
    EXPECT_EQ(pem.certificates[2].facts.line, 1u);  // the line of the block's BEGIN
    EXPECT_EQ(pem.certificates[2].facts.item, 3u);
}

void expect_pfx(const cert::LoadedFile& file) {
    EXPECT_EQ(file.error, "");
    EXPECT_FALSE(file.needs_password);
    EXPECT_EQ(file.format, "pkcs12");
    EXPECT_EQ(file.private_keys, 1);
    EXPECT_EQ(file.unmatched_private_keys, 0);
    // The leaf with its key, and the bundle given with -certfile (leaf again, then CAs).
    ASSERT_GE(file.certificates.size(), 3u);
    int with_key = 0;
    for (const auto& c : file.certificates) {
        EXPECT_EQ(c.facts.container, "pkcs12");
        if (c.facts.has_private_key) {
            ++with_key;
            EXPECT_EQ(c.facts.subject, kProvSubject);
            EXPECT_EQ(c.facts.friendly_name, "VProLab provisioning");
        }
    }
    EXPECT_GE(with_key, 1);
    const auto s = subjects(file);
    EXPECT_NE(std::find(s.begin(), s.end(), kRootCa), s.end());
    EXPECT_NE(std::find(s.begin(), s.end(), kIssuingCa), s.end());
}

TEST(Containers, Pkcs12Modern) {
    expect_pfx(load("prov-good.pfx", password()));
}

TEST(Containers, Pkcs12LegacyRc2NeedsOnlyOurOwnContext) {
    expect_pfx(load("prov-good-legacy.pfx", password()));
    // The default library context never got the legacy provider from us.
    EXPECT_EQ(OSSL_PROVIDER_available(nullptr, "legacy"), 0);
}

TEST(Containers, Pkcs12WindowsStyle3desSha1Mac) {
    expect_pfx(load("prov-good-3des.pfx", password()));
}

TEST(Containers, Pkcs7MislabelledAsCertificate) {
    std::string text = fixture("prov-good-p7b.pem");
    for (const std::string from : {"BEGIN PKCS7", "END PKCS7"})
        text.replace(text.find(from), from.size(),
                     from.substr(0, from.find(' ') + 1) + "CERTIFICATE");
    const cert::Loader loader;
    const auto file = loader.load(text);
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(subjects(file), (std::vector<std::string>{kProvSubject, kIssuingCa, kRootCa}));
    EXPECT_EQ(
        file.notes,
        (std::vector<std::string>{"PEM block 1 (CERTIFICATE) holds a PKCS#7 bundle: read as one"}));
}

TEST(Containers, PemWithTextAroundBlocks) {
    const auto file = load("prov-good-text.pem");
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(subjects(file), (std::vector<std::string>{kProvSubject, kIssuingCa}));
}

TEST(Containers, TrustedAndX509CertificateLabels) {
    const auto trusted = load("prov-good-trusted.pem");
    ASSERT_EQ(trusted.certificates.size(), 1u);
    EXPECT_EQ(trusted.certificates[0].facts.sha256, sha256_hex(fixture("prov-good.der")));
    const auto x509 = load("prov-good-x509-label.pem");
    ASSERT_EQ(x509.certificates.size(), 1u);
    EXPECT_EQ(x509.certificates[0].facts.subject, kProvSubject);
}

TEST(Containers, CrlBlockIsNotedAndSkipped) {
    const auto file = load("prov-good-with-crl.pem");
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(subjects(file), (std::vector<std::string>{kProvSubject, kIssuingCa}));
    ASSERT_EQ(file.notes.size(), 1u);
    EXPECT_EQ(file.notes[0], "PEM block 2 (X509 CRL) is not a certificate: skipped");
}

TEST(Containers, PemPrivateKeyMatchesItsCertificate) {
    const auto rsa = load("prov-good-with-key.pem");
    EXPECT_EQ(rsa.private_keys, 1);
    EXPECT_EQ(rsa.unmatched_private_keys, 0);
    ASSERT_EQ(rsa.certificates.size(), 1u);
    EXPECT_TRUE(rsa.certificates[0].facts.has_private_key);
    const auto ec = load("prov-ec256-with-key.pem");  // traditional "EC PRIVATE KEY"
    EXPECT_EQ(ec.private_keys, 1);
    ASSERT_EQ(ec.certificates.size(), 1u);
    EXPECT_TRUE(ec.certificates[0].facts.has_private_key);
}

TEST(Containers, EncryptedPemKeysOpenWithThePassword) {
    for (const char* name : {"prov-good-key-encrypted.pem", "prov-good-key-traditional.pem"}) {
        const auto file = load(name, password());
        EXPECT_EQ(file.error, "") << name;
        EXPECT_FALSE(file.needs_password) << name;
        EXPECT_EQ(file.private_keys, 1) << name;
        ASSERT_EQ(file.certificates.size(), 1u) << name;
        EXPECT_TRUE(file.certificates[0].facts.has_private_key) << name;
    }
}

TEST(Containers, Utf16PemAsPowerShellWritesIt) {
    const std::string text = fixture("prov-good.pem");
    std::string wide = "\xFF\xFE";
    for (const char c : text) {
        wide += c;
        wide += '\0';
    }
    const cert::Loader loader;
    const auto file = loader.load(wide);
    EXPECT_EQ(file.error, "");
    ASSERT_EQ(file.certificates.size(), 1u);
    EXPECT_EQ(file.certificates[0].facts.subject, kProvSubject);
}

TEST(Containers, LoaderOutlivedByItsCertificates) {
    std::vector<cert::Certificate> kept;
    {
        const cert::Loader loader;
        auto file = loader.load(fixture("prov-good-legacy.pfx"), {password()});
        kept = std::move(file.certificates);
    }
    // Certificates live in the default context, so they stay usable after the Loader.
    std::vector<const cert::Certificate*> pool;
    for (const auto& c : kept) pool.push_back(&c);
    const auto chains = cert::build_chains(pool);
    ASSERT_FALSE(chains.empty());
    EXPECT_TRUE(chains[0].complete);
}

}  // namespace
}  // namespace cert_test
