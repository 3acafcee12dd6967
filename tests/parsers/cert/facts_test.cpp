// Every fact field, with the real values of the fixtures (make_fixtures.sh fixes the dates,
// names, extensions and serial numbers; keys and so fingerprints change per generation).
#include "test_support.h"

namespace cert_test {
namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

Attrs attrs(const std::vector<cert::NameAttribute>& in) {
    Attrs out;
    for (const auto& a : in) out.emplace_back(a.type, a.value);
    return out;
}

constexpr std::int64_t k2020 = 1577836800;
constexpr std::int64_t k2022 = 1640995200;
constexpr std::int64_t k2024 = 1704067200;
constexpr std::int64_t k2034 = 2019686400;
constexpr std::int64_t k2040 = 2208988800;
constexpr std::int64_t k2042 = 2272147200;
constexpr std::int64_t k2045 = 2366841600;
constexpr std::int64_t k2055 = 2682374400;
constexpr std::int64_t k20300615 = 1907712000;
constexpr std::int64_t k20300601 = 1906502400;

TEST(Facts, ProvisioningCertificateEveryField) {
    const auto f = facts_of("prov-good.pem");
    EXPECT_EQ(f.subject, kProvSubject);
    EXPECT_EQ(attrs(f.subject_attrs), (Attrs{{"O", "VProLab"},
                                             {"OU", "Intel(R) Client Setup Certificate"},
                                             {"CN", "prov.vprolab.com"}}));
    EXPECT_EQ(f.issuer, kIssuingCa);
    EXPECT_EQ(attrs(f.issuer_attrs), (Attrs{{"O", "VProLab"}, {"CN", "VProLab Issuing CA"}}));
    EXPECT_EQ(f.serial, "1002");
    EXPECT_EQ(f.sha256, sha256_hex(fixture("prov-good.der")));
    EXPECT_EQ(f.sha1.size(), 40u);
    EXPECT_EQ(f.sha384.size(), 96u);
    EXPECT_EQ(f.version, 3);
    EXPECT_EQ(f.not_before, k2024);
    EXPECT_EQ(f.not_after, k2034);
    EXPECT_EQ(f.key_type, "RSA");
    EXPECT_EQ(f.key_bits, 2048);
    EXPECT_EQ(f.curve, "");
    EXPECT_EQ(f.signature_algorithm, "sha256WithRSAEncryption");
    EXPECT_EQ(f.signature_hash, "sha256");
    EXPECT_TRUE(f.has_eku);
    EXPECT_EQ(f.eku, (std::vector<std::string>{"1.3.6.1.5.5.7.3.1", "2.16.840.1.113741.1.2.3"}));
    EXPECT_TRUE(f.has_key_usage);
    EXPECT_EQ(f.key_usage, (std::vector<std::string>{"digitalSignature", "keyEncipherment"}));
    EXPECT_TRUE(f.has_basic_constraints);
    EXPECT_FALSE(f.is_ca);
    EXPECT_EQ(f.path_len, -1);
    EXPECT_EQ(f.subject_key_id.size(), 40u);
    EXPECT_EQ(f.authority_key_id, facts_of("intermediate.pem").subject_key_id);
    EXPECT_EQ(f.dns_names, (std::vector<std::string>{"prov.vprolab.com"}));
    EXPECT_TRUE(f.has_cdp);
    EXPECT_EQ(f.crl_urls, (std::vector<std::string>{"http://pki.vprolab.com/issuing-ca.crl"}));
    EXPECT_TRUE(f.has_aia);
    EXPECT_EQ(f.ocsp_urls, (std::vector<std::string>{"http://ocsp.vprolab.com"}));
    EXPECT_EQ(f.ca_issuer_urls,
              (std::vector<std::string>{"http://pki.vprolab.com/issuing-ca.crt"}));
    EXPECT_TRUE(f.extension_notes.empty());
    EXPECT_FALSE(f.self_issued);
    EXPECT_FALSE(f.self_signed);
    EXPECT_FALSE(f.has_private_key);
    EXPECT_EQ(f.friendly_name, "");
}

TEST(Facts, CaCertificates) {
    const auto root = facts_of("root.der");
    EXPECT_EQ(root.subject, kRootCa);
    EXPECT_TRUE(root.self_issued);
    EXPECT_TRUE(root.self_signed);
    EXPECT_TRUE(root.is_ca);
    EXPECT_EQ(root.path_len, -1);
    EXPECT_EQ(root.not_before, k2020);
    EXPECT_EQ(root.not_after, k2045);
    EXPECT_EQ(root.key_usage, (std::vector<std::string>{"keyCertSign", "cRLSign"}));
    EXPECT_EQ(root.authority_key_id, "");
    EXPECT_FALSE(root.has_eku);

    const auto inter = facts_of("intermediate.der");
    EXPECT_TRUE(inter.is_ca);
    EXPECT_EQ(inter.path_len, 0);
    EXPECT_EQ(inter.not_after, k2040);
    EXPECT_EQ(inter.authority_key_id, root.subject_key_id);
    EXPECT_EQ(inter.crl_urls, (std::vector<std::string>{"http://pki.vprolab.com/root-ca.crl"}));
    EXPECT_FALSE(inter.has_aia);
}

TEST(Facts, EkuVariants) {
    const std::string server = "1.3.6.1.5.5.7.3.1";
    const std::string amt = "2.16.840.1.113741.1.2.3";
    EXPECT_EQ(facts_of("prov-no-oid-no-ou.pem").eku, (std::vector<std::string>{server}));
    EXPECT_EQ(facts_of("prov-ou-only.pem").eku, (std::vector<std::string>{server}));
    EXPECT_EQ(facts_of("prov-oid-only.pem").eku, (std::vector<std::string>{server, amt}));
    EXPECT_EQ(facts_of("prov-no-serverauth.pem").eku, (std::vector<std::string>{amt}));
    const auto none = facts_of("prov-no-eku.pem");
    EXPECT_FALSE(none.has_eku);
    EXPECT_TRUE(none.eku.empty());
}

std::string ou_of(const cert::CertificateFacts& f) {
    for (const auto& a : f.subject_attrs)
        if (a.type == "OU") return a.value;
    return "<none>";
}

TEST(Facts, OrganizationalUnitBytesAreExact) {
    EXPECT_EQ(ou_of(facts_of("prov-ou-only.pem")), "Intel(R) Client Setup Certificate");
    EXPECT_EQ(ou_of(facts_of("prov-no-oid-no-ou.pem")), "<none>");
    EXPECT_EQ(ou_of(facts_of("prov-oid-only.pem")), "<none>");
    EXPECT_EQ(ou_of(facts_of("prov-ou-lowercase-c.pem")), "Intel(R) Client Setup certificate");
    EXPECT_EQ(ou_of(facts_of("prov-ou-registered-sign.pem")),
              "Intel\xC2\xAE Client Setup Certificate");
    EXPECT_EQ(ou_of(facts_of("prov-ou-trailing-space.pem")), "Intel(R) Client Setup Certificate ");
    EXPECT_EQ(ou_of(facts_of("prov-ou-all-lowercase.pem")), "intel(r) client setup certificate");
    const auto in_o = facts_of("prov-ou-in-o.pem");
    EXPECT_EQ(ou_of(in_o), "<none>");
    EXPECT_EQ(attrs(in_o.subject_attrs),
              (Attrs{{"O", "Intel(R) Client Setup Certificate"}, {"CN", "prov.vprolab.com"}}));
    // The readable line escapes what would otherwise be invisible.
    EXPECT_EQ(facts_of("prov-ou-trailing-space.pem").subject,
              "CN=prov.vprolab.com, OU=Intel(R) Client Setup Certificate\\ , O=VProLab");
    EXPECT_EQ(facts_of("prov-ou-registered-sign.pem").subject,
              "CN=prov.vprolab.com, OU=Intel\xC2\xAE Client Setup Certificate, O=VProLab");
}

TEST(Facts, ValidityDates) {
    const auto expired = facts_of("prov-expired.der");
    EXPECT_EQ(expired.not_before, k2020);
    EXPECT_EQ(expired.not_after, k2022);
    const auto future = facts_of("prov-not-yet-valid.der");
    EXPECT_EQ(future.not_before, k2040);
    EXPECT_EQ(future.not_after, k2042);
    const auto expiring = facts_of("prov-expiring.der");
    EXPECT_EQ(expiring.not_after, k20300615);
    EXPECT_EQ(expiring.not_after - k20300601, 14 * 86400);  // the lead's test date
    // 2055 is written as a GeneralizedTime.
    const auto far = facts_of("selfsigned-leaf.der");
    EXPECT_EQ(far.not_after, k2055);
    const auto inter = facts_of("intermediate-expired.der");
    EXPECT_EQ(inter.not_before, 1420070400);
    EXPECT_EQ(inter.not_after, k2022);
}

TEST(Facts, KeysAndSignatureAlgorithms) {
    const auto small = facts_of("prov-rsa1024.der");
    EXPECT_EQ(small.key_type, "RSA");
    EXPECT_EQ(small.key_bits, 1024);
    EXPECT_EQ(facts_of("prov-rsa4096.der").key_bits, 4096);
    const auto root4096 = facts_of("root-rsa4096.der");
    EXPECT_EQ(root4096.key_bits, 4096);
    EXPECT_TRUE(root4096.self_signed);
    const auto ec = facts_of("prov-ec256.der");
    EXPECT_EQ(ec.key_type, "EC");
    EXPECT_EQ(ec.key_bits, 256);
    EXPECT_EQ(ec.curve, "prime256v1");
    EXPECT_EQ(ec.signature_algorithm, "sha256WithRSAEncryption");  // signed by the RSA CA
    const auto sha1 = facts_of("prov-sha1.der");
    EXPECT_EQ(sha1.signature_algorithm, "sha1WithRSAEncryption");
    EXPECT_EQ(sha1.signature_hash, "sha1");
    EXPECT_EQ(facts_of("root-sha1.der").signature_hash, "sha1");
}

TEST(Facts, DomainsAndWildcard) {
    const auto couk = facts_of("prov-couk.der");
    EXPECT_EQ(couk.subject_attrs.back().value, "prov.corp.example.co.uk");
    EXPECT_EQ(couk.dns_names, (std::vector<std::string>{"prov.corp.example.co.uk"}));
    EXPECT_EQ(facts_of("prov-local.der").dns_names,
              (std::vector<std::string>{"prov.vprolab.local"}));
    const auto wildcard = facts_of("prov-wildcard.der");
    EXPECT_EQ(wildcard.subject,
              "CN=*.vprolab.com, OU=Intel(R) Client Setup Certificate, O=VProLab");
    EXPECT_EQ(wildcard.dns_names, (std::vector<std::string>{"*.vprolab.com"}));
}

TEST(Facts, AmtWebServerCertificate) {
    const auto f = facts_of("amt-webserver.der");
    EXPECT_EQ(f.subject, "CN=hp7800.vprolab.com, O=VProLab");
    EXPECT_EQ(f.issuer, kIssuingCa);
    EXPECT_EQ(f.eku, (std::vector<std::string>{"1.3.6.1.5.5.7.3.1"}));
}

TEST(Facts, MissingAndMalformedDistributionPoints) {
    const auto none = facts_of("prov-no-cdp-aia.der");
    EXPECT_FALSE(none.has_cdp);
    EXPECT_FALSE(none.has_aia);
    EXPECT_TRUE(none.crl_urls.empty());
    EXPECT_TRUE(none.ocsp_urls.empty());

    const auto bad = facts_of("prov-bad-cdp.der");
    EXPECT_TRUE(bad.has_cdp);
    EXPECT_EQ(bad.crl_urls,
              (std::vector<std::string>{"http://pki.vprolab.com/issuing-ca.crl", "htp:/broken"}));
    EXPECT_EQ(bad.extension_notes,
              (std::vector<std::string>{
                  "CRL distribution point 2 has no URI (directoryName)",
                  "CRL distribution point 3: URI 'htp:/broken' is not an http, https, ldap or "
                  "file URL"}));
}

TEST(Facts, LoneSelfSignedLeaf) {
    const auto f = facts_of("selfsigned-leaf.pem");
    EXPECT_TRUE(f.self_issued);
    EXPECT_TRUE(f.self_signed);
    EXPECT_FALSE(f.is_ca);
    EXPECT_EQ(f.subject, f.issuer);
}

TEST(Facts, DescribeCertificateDirectly) {
    auto file = load("prov-good.der");
    ASSERT_EQ(file.certificates.size(), 1u);
    const auto f = cert::describe_certificate(*file.certificates[0].x509);
    EXPECT_EQ(f.subject, kProvSubject);
    EXPECT_EQ(f.item, 0u);  // only the file knows its position
}

}  // namespace
}  // namespace cert_test
