// build_chains over fixture pools and over certificates made here (loops, wrong keys, depth).
#include <openssl/ec.h>

#include "test_support.h"

namespace cert_test {
namespace {

std::vector<const cert::Certificate*> pool_of(const cert::LoadedFile& file) {
    std::vector<const cert::Certificate*> pool;
    for (const auto& c : file.certificates) pool.push_back(&c);
    return pool;
}

std::vector<std::string> member_subjects(const cert::Chain& chain,
                                         const std::vector<const cert::Certificate*>& pool) {
    std::vector<std::string> out;
    for (const auto m : chain.members) out.push_back(pool[m]->facts.subject);
    return out;
}

TEST(Chain, CompleteChainFromABundle) {
    const auto file = load("prov-good-chain.pem");
    const auto pool = pool_of(file);
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 1u);
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_TRUE(chains[0].complete);
    EXPECT_TRUE(chains[0].problems.empty());
    EXPECT_EQ(chains[0].missing_issuer, "");
}

TEST(Chain, PoolOrderDoesNotChangeTheChain) {
    const auto file = load("prov-good-chain.pem");
    std::vector<const cert::Certificate*> pool = {&file.certificates[2], &file.certificates[0],
                                                  &file.certificates[1]};
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 1u);
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{1, 2, 0}));
    EXPECT_EQ(member_subjects(chains[0], pool),
              (std::vector<std::string>{kProvSubject, kIssuingCa, kRootCa}));
}

TEST(Chain, MissingIntermediateIsNamedWithItsKeyId) {
    const auto file = load("chain-missing-intermediate.pem");
    const auto pool = pool_of(file);
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 2u);  // the leaf's, and the root's own (it issued nothing here)
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{0}));
    EXPECT_FALSE(chains[0].complete);
    EXPECT_EQ(chains[0].missing_issuer, kIssuingCa);
    EXPECT_EQ(chains[0].missing_issuer_key_id, facts_of("intermediate.pem").subject_key_id);
    EXPECT_EQ(chains[1].members, (std::vector<std::size_t>{1}));
    EXPECT_TRUE(chains[1].complete);
}

TEST(Chain, ManyLeavesShareTheirIssuers) {
    std::vector<cert::LoadedFile> files;
    for (const char* name : {"root.der", "prov-good.der", "amt-webserver.der", "intermediate.der",
                             "prov-sha1-chain.pem", "intermediate-expired-chain.pem"})
        files.push_back(load(name));
    std::vector<const cert::Certificate*> pool;
    for (const auto& f : files)
        for (const auto& c : f.certificates) pool.push_back(&c);
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 4u);  // prov-good, webserver, prov-sha1, prov-under-expired
    for (const auto& chain : chains) {
        EXPECT_TRUE(chain.complete);
        EXPECT_TRUE(chain.problems.empty());
    }
    EXPECT_EQ(member_subjects(chains[0], pool),
              (std::vector<std::string>{kProvSubject, kIssuingCa, kRootCa}));
    EXPECT_EQ(member_subjects(chains[1], pool),
              (std::vector<std::string>{"CN=hp7800.vprolab.com, O=VProLab", kIssuingCa, kRootCa}));
    EXPECT_EQ(member_subjects(chains[2], pool),
              (std::vector<std::string>{kProvSubject, "CN=VProLab SHA-1 Root CA, O=VProLab"}));
    EXPECT_EQ(member_subjects(chains[3], pool),
              (std::vector<std::string>{kProvSubject, "CN=VProLab Expired Issuing CA, O=VProLab",
                                        kRootCa}));
}

TEST(Chain, NullEntriesAreSkipped) {
    const auto file = load("selfsigned-leaf.pem");
    std::vector<const cert::Certificate*> pool = {nullptr, &file.certificates[0], nullptr};
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 1u);
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{1}));
    EXPECT_TRUE(chains[0].complete);
}

// --- certificates made here ---------------------------------------------------------------

cert::EvpPkeyPtr ec_key() {
    return cert::EvpPkeyPtr(EVP_EC_gen("P-256"));
}

cert::X509NamePtr name(const std::string& cn) {
    cert::X509NamePtr n(X509_NAME_new());
    X509_NAME_add_entry_by_txt(n.get(), "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    return n;
}

// A v3 certificate "CN=subject" issued by "CN=issuer", signed with `signer`; no key ids, so
// only names and signatures link certificates.
cert::Certificate make(const X509_NAME* subject, const X509_NAME* issuer, EVP_PKEY* key,
                       EVP_PKEY* signer, long serial) {
    cert::X509Ptr x(X509_new());
    X509_set_version(x.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
    X509_set_subject_name(x.get(), subject);
    X509_set_issuer_name(x.get(), issuer);
    ASN1_TIME_set(X509_getm_notBefore(x.get()), 1704067200);
    ASN1_TIME_set(X509_getm_notAfter(x.get()), 2019686400);
    X509_set_pubkey(x.get(), key);
    EXPECT_GT(X509_sign(x.get(), signer, EVP_sha256()), 0);
    cert::Certificate c;
    c.facts = cert::describe_certificate(*x);
    c.x509 = std::move(x);
    return c;
}

cert::Certificate make(const std::string& subject, const std::string& issuer, EVP_PKEY* key,
                       EVP_PKEY* signer, long serial) {
    return make(name(subject).get(), name(issuer).get(), key, signer, serial);
}

TEST(Chain, PrefersTheIssuerWhoseSignatureVerifies) {
    const auto file = load("prov-good-chain.pem");
    auto other = ec_key();
    // Same name as the issuing CA, another key, self-signed.
    const X509_NAME* ca_name = X509_get_subject_name(file.certificates[1].x509.get());
    const auto impostor = make(ca_name, ca_name, other.get(), other.get(), 7);
    std::vector<const cert::Certificate*> pool = {&file.certificates[0], &impostor};
    auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 1u);
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{0, 1}));
    ASSERT_EQ(chains[0].problems.size(), 1u);
    EXPECT_EQ(chains[0].problems[0], "the signature of '" + kProvSubject +
                                         "' does not verify with the key of '" + kIssuingCa + "'");

    pool = {&impostor, &file.certificates[0], &file.certificates[1], &file.certificates[2]};
    chains = cert::build_chains(pool);
    ASSERT_GE(chains.size(), 1u);
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{1, 2, 3}));
    EXPECT_TRUE(chains[0].problems.empty());
}

TEST(Chain, IssuerLoopStops) {
    auto ka = ec_key();
    auto kb = ec_key();
    const auto a = make("A", "B", ka.get(), kb.get(), 1);
    const auto b = make("B", "A", kb.get(), ka.get(), 2);
    const std::vector<const cert::Certificate*> pool = {&a, &b};
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 1u);  // no head: each issued the other; A starts, B is covered
    EXPECT_EQ(chains[0].members, (std::vector<std::size_t>{0, 1}));
    EXPECT_FALSE(chains[0].complete);
    ASSERT_EQ(chains[0].problems.size(), 1u);
    EXPECT_EQ(chains[0].problems[0],
              "issuer loop: 'CN=B' is issued by 'CN=A', already in the chain");
}

TEST(Chain, DepthLimit) {
    std::vector<cert::EvpPkeyPtr> keys;
    for (int i = 0; i < 13; ++i) keys.push_back(ec_key());
    std::vector<cert::Certificate> certs;
    for (int i = 0; i < 12; ++i)
        certs.push_back(make("CA" + std::to_string(i), "CA" + std::to_string(i + 1),
                             keys[static_cast<std::size_t>(i)].get(),
                             keys[static_cast<std::size_t>(i + 1)].get(), i + 1));
    std::vector<const cert::Certificate*> pool;
    for (const auto& c : certs) pool.push_back(&c);
    const auto chains = cert::build_chains(pool);
    ASSERT_EQ(chains.size(), 2u);
    EXPECT_EQ(chains[0].members.size(), 10u);
    EXPECT_FALSE(chains[0].complete);
    EXPECT_EQ(chains[0].problems,
              (std::vector<std::string>{"the chain is longer than 10 certificates: stopped"}));
    // CA10 and CA11 were not reached from the head: they form a chain of their own.
    EXPECT_EQ(chains[1].members, (std::vector<std::size_t>{10, 11}));
    EXPECT_EQ(chains[1].missing_issuer, "CN=CA12");
}

TEST(Chain, ValidityAtATimeBreaksTies) {
    auto root_key = ec_key();
    auto leaf_key = ec_key();
    auto old_ca = make("CA", "CA", root_key.get(), root_key.get(), 1);
    cert::Certificate renewed = make("CA", "CA", root_key.get(), root_key.get(), 2);
    // Same key, later validity: a renewed CA certificate.
    ASN1_TIME_set(X509_getm_notBefore(renewed.x509.get()), 2208988800);
    ASN1_TIME_set(X509_getm_notAfter(renewed.x509.get()), 2366841600);
    X509_sign(renewed.x509.get(), root_key.get(), EVP_sha256());
    renewed.facts = cert::describe_certificate(*renewed.x509);
    const auto leaf = make("leaf", "CA", leaf_key.get(), root_key.get(), 3);
    const std::vector<const cert::Certificate*> pool = {&leaf, &old_ca, &renewed};
    // Without a time the longest-valid issuer wins; at 2025 only the old one is valid.
    EXPECT_EQ(cert::build_chains(pool)[0].members, (std::vector<std::size_t>{0, 2}));
    cert::ChainOptions at2025;
    at2025.at = 1735689600;
    EXPECT_EQ(cert::build_chains(pool, at2025)[0].members, (std::vector<std::size_t>{0, 1}));
}

}  // namespace
}  // namespace cert_test
