// detect_confidence: each container is recognised from its first bytes; other files are not.
#include <random>

#include "test_support.h"

namespace cert_test {
namespace {

int confidence(std::string_view name, std::string_view as = "file.bin") {
    std::string head = fixture(name);
    if (head.size() > 65536) head.resize(65536);
    return cert::detect_confidence(head, as);
}

TEST(Detect, EachContainer) {
    EXPECT_EQ(confidence("prov-good.pem"), 100);
    EXPECT_EQ(confidence("prov-good-chain-crlf.pem"), 100);
    EXPECT_EQ(confidence("prov-good-text.pem"), 100);
    EXPECT_EQ(confidence("prov-good-trusted.pem"), 100);
    EXPECT_EQ(confidence("prov-good-p7b.pem"), 100);
    EXPECT_EQ(confidence("prov-good.pfx"), 95);
    EXPECT_EQ(confidence("prov-good-legacy.pfx"), 95);
    EXPECT_EQ(confidence("prov-good.der"), 90);
    EXPECT_EQ(confidence("prov-good.p7b"), 90);
    EXPECT_EQ(confidence("prov-good.b64"), 80);
    EXPECT_EQ(confidence("damaged-truncated.der"), 90);
}

TEST(Detect, JudgedFromTheFirstBytesOnly) {
    const std::string pfx = fixture("prov-good.pfx");
    EXPECT_EQ(cert::detect_confidence(std::string_view(pfx).substr(0, 64), "x"), 95);
    const std::string der = fixture("prov-good.der");
    EXPECT_EQ(cert::detect_confidence(std::string_view(der).substr(0, 16), "x"), 90);
}

TEST(Detect, KeysAndOtherPemBlocksRankLower) {
    const std::string with_key = fixture("prov-good-with-key.pem");
    EXPECT_EQ(cert::detect_confidence(with_key.substr(with_key.find("-----BEGIN PRIVATE")), "k"),
              40);
    const std::string with_crl = fixture("prov-good-with-crl.pem");
    const auto crl_at = with_crl.find("-----BEGIN X509 CRL");
    const auto crl_end = with_crl.find("-----END X509 CRL-----") + 23;
    EXPECT_EQ(cert::detect_confidence(with_crl.substr(crl_at, crl_end - crl_at), "c"), 20);
}

TEST(Detect, NotCertificates) {
    EXPECT_EQ(cert::detect_confidence("", "prov.cer"), 0);
    EXPECT_EQ(
        cert::detect_confidence(
            "<![LOG[Provisioning started]LOG]!><time=\"10:00:00.000+480\" date=\"01-14-2009\" "
            "component=\"amtopmgr\" context=\"\" type=\"1\" thread=\"1\" file=\"\">\n",
            "AMTOPMGR.LOG"),
        0);
    std::mt19937 rng(42);
    std::string random(4096, '\0');
    for (auto& c : random) c = static_cast<char>(rng() & 0xFF);
    random[0] = 0x17;  // not a SEQUENCE by chance
    EXPECT_EQ(cert::detect_confidence(random, "blob.bin"), 0);
    const std::string gzip = std::string("\x1F\x8B\x08\x00", 4) + random;
    EXPECT_EQ(cert::detect_confidence(gzip, "logs.gz"), 0);
    EXPECT_EQ(cert::detect_confidence(gzip, "renamed.cer"), 0);
    // Base64 of something that is not a certificate.
    EXPECT_EQ(cert::detect_confidence("SGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEgY2VydA==", "x.txt"), 0);
}

TEST(Detect, NameOnlyWhenContentSaysNothing) {
    EXPECT_EQ(cert::detect_confidence("garbled text", "prov.CER"), 10);
    EXPECT_EQ(cert::detect_confidence("garbled text", "prov.pfx"), 10);
    EXPECT_EQ(cert::detect_confidence("garbled text", "prov.txt"), 0);
}

}  // namespace
}  // namespace cert_test
