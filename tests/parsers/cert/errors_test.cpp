// Damaged, encrypted and foreign input: an error or a note, never a throw, never the password.
#include "test_support.h"

namespace cert_test {
namespace {

const std::string kGive =
    "encrypted: give the password with --pfx-password-file or AMTDIAG_PFX_PASSWORD";

void expect_no_password(const cert::LoadedFile& file, const std::string& pw) {
    for (const auto& s : all_strings(file)) EXPECT_EQ(s.find(pw), std::string::npos) << s;
}

TEST(Errors, WrongPkcs12Password) {
    const std::string wrong = "Wr0ng-Pa55word";
    for (const char* name : {"prov-good.pfx", "prov-good-legacy.pfx", "prov-good-3des.pfx"}) {
        const auto file = load(name, wrong);
        EXPECT_EQ(file.error, "wrong password: the PKCS#12 MAC does not verify") << name;
        EXPECT_TRUE(file.needs_password);
        EXPECT_TRUE(file.certificates.empty());
        expect_no_password(file, wrong);
        expect_no_password(file, password());
    }
}

TEST(Errors, MissingPkcs12Password) {
    const auto file = load("prov-good-legacy.pfx");
    EXPECT_EQ(file.error, kGive);
    EXPECT_TRUE(file.needs_password);
    expect_no_password(file, password());
}

TEST(Errors, RightPasswordIsNeverEchoed) {
    const auto file = load("prov-good-legacy.pfx", password());
    EXPECT_EQ(file.error, "");
    expect_no_password(file, password());
}

TEST(Errors, PasswordTextInsideTheFileStaysOutOfMessages) {
    // The wrong password is also written in the text around the blocks, as a corrupt block's
    // label and as an unknown block's label; no message may quote any of it.
    const std::string pw = "Hunter2-Secret";
    std::string text = "password: " + pw + "\n" + fixture("prov-good.pem") + "-----BEGIN " + pw +
                       "-----\nAAAA\n-----END " + pw + "-----\n" + "-----BEGIN CERTIFICATE-----\n" +
                       pw + "\n-----END CERTIFICATE-----\n";
    const std::string key = fixture("prov-good-key-encrypted.pem");
    text += key.substr(key.find("-----BEGIN ENCRYPTED"));
    const cert::Loader loader;
    const auto file = loader.load(text, {pw});
    EXPECT_EQ(file.error, "");
    EXPECT_TRUE(file.needs_password);
    EXPECT_EQ(file.certificates.size(), 1u);
    EXPECT_EQ(file.notes.size(), 3u);
    expect_no_password(file, pw);
}

TEST(Errors, ScrubIsTheLastDefence) {
    // A password that equals a label the reader does quote.
    const cert::Loader loader;
    const auto file = loader.load(fixture("prov-good-with-crl.pem"), {std::string("X509 CRL")});
    ASSERT_EQ(file.notes.size(), 1u);
    EXPECT_EQ(file.notes[0], "PEM block 2 ([password]) is not a certificate: skipped");
}

TEST(Errors, EncryptedPemKeyWithoutOrWithWrongPassword) {
    for (const char* name : {"prov-good-key-encrypted.pem", "prov-good-key-traditional.pem"}) {
        const std::string label = std::string(name) == "prov-good-key-encrypted.pem"
                                      ? "ENCRYPTED PRIVATE KEY"
                                      : "RSA PRIVATE KEY";
        auto file = load(name);
        EXPECT_EQ(file.error, "") << name;  // the certificate is still usable
        EXPECT_TRUE(file.needs_password);
        EXPECT_EQ(file.private_keys, 0);
        ASSERT_EQ(file.certificates.size(), 1u);
        EXPECT_FALSE(file.certificates[0].facts.has_private_key);
        EXPECT_EQ(
            file.notes,
            (std::vector<std::string>{"PEM block 2 (" + label +
                                      ") is encrypted: give the password with --pfx-password-file "
                                      "or AMTDIAG_PFX_PASSWORD"}));
        file = load(name, "nope-nope");
        EXPECT_TRUE(file.needs_password);
        EXPECT_EQ(file.notes,
                  (std::vector<std::string>{"PEM block 2 (" + label +
                                            ") does not decrypt with the given password"}));
        expect_no_password(file, "nope-nope");
    }
}

TEST(Errors, TruncatedDer) {
    const auto file = load("damaged-truncated.der");
    const auto full = fixture("prov-good.der").size();
    EXPECT_EQ(file.error, "truncated: the DER structure claims " + std::to_string(full) +
                              " bytes, the file has 700");
    EXPECT_TRUE(file.certificates.empty());
    EXPECT_EQ(file.format, "der");
}

TEST(Errors, TruncatedPkcs12) {
    const std::string bytes = fixture("prov-good.pfx").substr(0, 1000);
    const cert::Loader loader;
    const auto file = loader.load(bytes, {password()});
    EXPECT_EQ(file.error.rfind("truncated: the DER structure claims ", 0), 0u) << file.error;
    EXPECT_NE(file.error.find("the file has 1000"), std::string::npos);
}

TEST(Errors, CorruptBlockIsANoteTheOthersStillRead) {
    const std::string text = fixture("damaged-corrupt-block.pem");
    const auto bad_line =
        1 + std::count(text.begin(), text.begin() + static_cast<long>(text.find("!!!")), '\n');
    const auto file = load("damaged-corrupt-block.pem");
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(subjects(file), (std::vector<std::string>{kProvSubject, kRootCa}));
    EXPECT_EQ(file.notes, (std::vector<std::string>{"PEM block 2 is corrupt: bad base64 at line " +
                                                    std::to_string(bad_line)}));
    EXPECT_EQ(file.certificates[1].facts.item, 2u);  // items count certificates read
}

TEST(Errors, EmptyAndForeignFiles) {
    EXPECT_EQ(load("empty.cer").error, "empty file");
    const cert::Loader loader;
    EXPECT_EQ(loader.load(" \r\n\t\n").error, "empty file");
    const auto text = loader.load("<![LOG[Provisioning failed]LOG]!>\n");
    EXPECT_EQ(text.error,
              "not a certificate file: no PEM block, DER structure or base64 text was recognised");
    EXPECT_EQ(text.format, "");
    const std::string zeros(100, '\0');
    EXPECT_FALSE(loader.load(zeros).error.empty());
    // A PEM file with no certificate in it.
    const std::string key = fixture("prov-good-with-key.pem");
    const auto key_only = loader.load(key.substr(key.find("-----BEGIN PRIVATE")));
    EXPECT_EQ(key_only.error, "no certificate in the file, only private keys");
    EXPECT_EQ(key_only.private_keys, 1);
    EXPECT_EQ(key_only.unmatched_private_keys, 1);
}

TEST(Errors, Pkcs12WithAnEmptyPassword) {
    auto file = load("prov-good-nopass.pfx");
    EXPECT_EQ(file.error, "");
    EXPECT_FALSE(file.needs_password);
    EXPECT_EQ(file.certificates.size(), 3u);
    EXPECT_EQ(file.private_keys, 1);
    file = load("prov-good-nopass.pfx", password());
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(file.notes,
              (std::vector<std::string>{
                  "the PKCS#12 file has no password: the password given was not needed"}));
}

TEST(Errors, Pkcs12WithoutPrivateKey) {
    const auto file = load("prov-nokey.pfx", password());
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(file.private_keys, 0);
    EXPECT_EQ(subjects(file), (std::vector<std::string>{kProvSubject, kIssuingCa, kRootCa}));
    for (const auto& c : file.certificates) EXPECT_FALSE(c.facts.has_private_key);
}

TEST(Errors, Pkcs12WhoseKeyMatchesNoCertificate) {
    const auto file = load("prov-mismatch.pfx", password());
    EXPECT_EQ(file.error, "");
    EXPECT_EQ(file.private_keys, 1);
    EXPECT_EQ(file.unmatched_private_keys, 1);
    ASSERT_EQ(file.certificates.size(), 1u);
    EXPECT_FALSE(file.certificates[0].facts.has_private_key);
}

TEST(Errors, KeyDerivationWorkIsBounded) {
    const cert::Loader loader;
    cert::LoadOptions options;
    options.password = password();
    options.max_kdf_iterations = 100;
    const auto file = loader.load(fixture("prov-good.pfx"), options);
    EXPECT_EQ(file.error,
              "the PKCS#12 MAC asks for more key-derivation iterations than 100: not opened");
}

TEST(Errors, CertificateLimit) {
    const cert::Loader loader;
    cert::LoadOptions options;
    options.max_certificates = 2;
    const auto file = loader.load(fixture("prov-good-chain.pem"), options);
    EXPECT_EQ(file.certificates.size(), 2u);
    EXPECT_EQ(file.notes,
              (std::vector<std::string>{"more than 2 certificates: the rest are skipped"}));
}

}  // namespace
}  // namespace cert_test
