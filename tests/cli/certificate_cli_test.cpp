// The certificate reader and rules end to end, through the binary: the acceptance points of
// the certificate issue, and secrets that must never be printed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "run_amtdiag.h"
#include "test_files.h"

namespace {

using amtdiag::testing::run;
using amtdiag::testing::RunResult;
using Json = nlohmann::json;

const std::string kFixtures = "tests/parsers/cert/fixtures/";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A folder holding copies of the named fixtures.
std::string folder_with(amtdiag::testing::TempDir& dir, std::initializer_list<const char*> names) {
    for (const char* name : names) dir.write(name, read_file(kFixtures + name));
    return dir.path();
}

Json check_json(const std::string& args) {
    const RunResult r = run("check " + args + " --format json --at 2026-01-01");
    const size_t start = r.out.find('{');
    EXPECT_NE(start, std::string::npos) << r.out;
    return Json::parse(r.out.substr(start == std::string::npos ? 0 : start));
}

const Json* finding(const Json& report, const std::string& check) {
    for (const auto& f : report["findings"])
        if (f["check"] == check && f["rule"] != "catalog") return &f;
    return nullptr;
}

TEST(CertificateCli, LeafWithoutOidAndOuFailsWithItsSubjectAsEvidence) {
    amtdiag::testing::TempDir dir;
    const Json report = check_json(folder_with(dir, {"prov-no-oid-no-ou.pem"}));
    const Json* f = finding(report, "cert.prov-amt-ou-or-oid");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "fail");
    ASSERT_FALSE((*f)["evidence"].empty());
    const std::string excerpt = (*f)["evidence"][0]["excerpt"];
    EXPECT_NE(excerpt.find("subject CN=prov.vprolab.com, O=VProLab"), std::string::npos) << excerpt;
    EXPECT_NE(std::string((*f)["evidence"][0]["artifact"]).find("prov-no-oid-no-ou.pem"),
              std::string::npos);
}

TEST(CertificateCli, ExactOuWithoutOidPasses) {
    amtdiag::testing::TempDir dir;
    const Json report = check_json(folder_with(dir, {"prov-ou-only.pem"}));
    const Json* f = finding(report, "cert.prov-amt-ou-or-oid");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "pass") << (*f)["message"];
}

TEST(CertificateCli, LowercaseCertificateIsANearMissWithTheDifferingBytes) {
    amtdiag::testing::TempDir dir;
    const Json report = check_json(folder_with(dir, {"prov-ou-lowercase-c.pem"}));
    const Json* f = finding(report, "cert.prov-amt-ou-or-oid");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "fail");
    const std::string message = (*f)["message"];
    EXPECT_NE(message.find("near miss"), std::string::npos) << message;
    EXPECT_NE(message.find("byte 23: 0x63 'c' where 0x43 'C' is expected"), std::string::npos)
        << message;
    EXPECT_NE(message.find("53 65 74 75 70 20 63 65 72 74"), std::string::npos) << message;
}

TEST(CertificateCli, ChainWithoutItsIntermediateNamesTheMissingIssuer) {
    amtdiag::testing::TempDir dir;
    const Json report = check_json(folder_with(dir, {"chain-missing-intermediate.pem"}));
    const Json* f = finding(report, "cert.prov-chain-on-server");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "fail");
    const std::string message = (*f)["message"];
    EXPECT_NE(message.find("its issuer CN=VProLab Issuing CA, O=VProLab"), std::string::npos)
        << message;
    EXPECT_NE(message.find("key identifier"), std::string::npos) << message;
}

TEST(CertificateCli, TheSameChainInAnyFileOrderGivesTheSameReport) {
    amtdiag::testing::TempDir dir;
    const std::string folder =
        folder_with(dir, {"prov-good.pem", "intermediate.der", "root.pem", "prov-good.p7b"});
    const RunResult a =
        run("check " + folder + "/root.pem " + folder + "/prov-good.pem " + folder +
            "/intermediate.der " + folder + "/prov-good.p7b --format json --at 2026-01-01");
    const RunResult b = run("check " + folder + "/prov-good.p7b " + folder + "/intermediate.der " +
                            folder + " --format json --at 2026-01-01");
    EXPECT_EQ(a.out, b.out);
    const Json report = Json::parse(a.out.substr(a.out.find('{')));
    EXPECT_EQ((*finding(report, "cert.prov-chain-on-server"))["status"], "pass");
}

class PfxPassword : public ::testing::Test {
  protected:
    // Words that must never be printed: the fixture's password, and a wrong one.
    const std::string right = read_file(kFixtures + "password.txt");
    const std::string wrong = "Wr0ng-Secret-7781";

    static void expect_absent(const std::string& output, const std::string& secret) {
        EXPECT_EQ(output.find(secret), std::string::npos)
            << "the password leaked into the output:\n"
            << output;
    }
};

TEST_F(PfxPassword, LegacyPfxOpensWithTheRightPasswordFromAFileOrTheEnvironment) {
    amtdiag::testing::TempDir dir;
    const std::string folder = folder_with(dir, {"prov-good-legacy.pfx"});
    const std::string password_file = dir.write("pw.txt", right + "\n");
    for (const RunResult& r :
         {run("check " + folder + "/prov-good-legacy.pfx --format json --pfx-password-file " +
              password_file),
          run("check " + folder + "/prov-good-legacy.pfx --format json",
              "NO_COLOR=1 AMTDIAG_PFX_PASSWORD='" + right + "'")}) {
        const Json report = Json::parse(r.out.substr(r.out.find('{')));
        bool found = false;
        for (const auto& a : report["artifacts"]) {
            if (std::string(a["path"]).find("prov-good-legacy.pfx") == std::string::npos) continue;
            found = true;
            EXPECT_EQ(a["status"], "ok") << a.dump();
            EXPECT_EQ(a["kind"], "cert-chain");
            EXPECT_NE(std::string(a["detail"]).find("pkcs12, 3 certificates, 1 private key"),
                      std::string::npos)
                << a.dump();
        }
        EXPECT_TRUE(found);
        EXPECT_EQ((*finding(report, "cert.prov-chain-on-server"))["status"], "pass");
        expect_absent(r.out, right);
    }
}

TEST_F(PfxPassword, AWrongPasswordIsAClearArtifactErrorAndNeverPrinted) {
    amtdiag::testing::TempDir dir;
    const std::string folder = folder_with(dir, {"prov-good-legacy.pfx", "prov-ou-only.pem"});
    const std::string password_file = dir.write("pw.txt", wrong);
    const std::string env = "NO_COLOR=1 AMTDIAG_PFX_PASSWORD='" + wrong + "'";
    for (const char* format : {"text", "json"}) {
        const RunResult by_file = run("check " + folder + " --all --format " + std::string(format) +
                                      " --pfx-password-file " + password_file);
        const RunResult by_env = run("check " + folder + " --all --format " + format, env);
        const RunResult inspect =
            run("cert inspect " + folder + " --format " + std::string(format), env);
        for (const RunResult* r : {&by_file, &by_env, &inspect}) {
            expect_absent(r->out, wrong);
            expect_absent(r->out, right);
            EXPECT_NE(r->out.find("prov-good-legacy.pfx"), std::string::npos) << r->out;
            EXPECT_NE(r->out.find("wrong password"), std::string::npos) << r->out;
            // The other file is still analysed.
            EXPECT_NE(r->out.find("cert.prov-amt-ou-or-oid"), std::string::npos) << r->out;
        }
    }
}

TEST_F(PfxPassword, NoPasswordSaysHowToGiveOne) {
    amtdiag::testing::TempDir dir;
    const std::string folder = folder_with(dir, {"prov-good-legacy.pfx"});
    const RunResult r = run("check " + folder);
    EXPECT_EQ(r.code, 2) << r.out;  // nothing readable
    EXPECT_NE(r.out.find("--pfx-password-file"), std::string::npos) << r.out;
}

TEST(CertificateCli, InspectShowsTheChainAndTheVerdicts) {
    amtdiag::testing::TempDir dir;
    const std::string folder = folder_with(dir, {"prov-good-chain.pem"});
    const RunResult r = run("cert inspect " + folder + " --at 2026-01-01");
    EXPECT_EQ(r.code, 1) << r.out;  // the private root is not in AMT's list
    EXPECT_NE(r.out.find("Chain 1: prov.vprolab.com -> VProLab Issuing CA -> VProLab Root CA "
                         "(complete)"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Intel AMT provisioning (2.16.840.1.113741.1.2.3)"), std::string::npos);
    EXPECT_NE(r.out.find("FAIL    cert.prov-root-hash-in-amt"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("pass    cert.prov-amt-ou-or-oid"), std::string::npos) << r.out;

    const RunResult j = run("cert inspect " + folder + " --format json --at 2026-01-01");
    const Json report = Json::parse(j.out);
    EXPECT_EQ(report["schema"], "amtdiag.cert-inspect/1");
    ASSERT_EQ(report["certificates"].size(), 3u);
    const Json& leaf = report["certificates"][0];
    EXPECT_EQ(leaf["attributes"]["role"], "leaf");
    EXPECT_EQ(leaf["attributes"]["key_bits"], 2048);
    EXPECT_EQ(leaf["attributes"]["ou"][0], "Intel(R) Client Setup Certificate");
    EXPECT_EQ(report["chains"][0]["attributes"]["complete"], true);
}

}  // namespace
