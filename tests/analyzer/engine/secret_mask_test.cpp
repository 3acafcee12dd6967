#include <gtest/gtest.h>

#include "analyzer/scan/secret_mask.h"

namespace amtdiag::scan {
namespace {

std::string masked(std::string s) {
    mask_secrets(s);
    return s;
}

TEST(SecretMask, MasksValuesAfterSecretKeywords) {
    EXPECT_EQ(masked("PID=ABCD-1234 PPS=1A2B-3C4D-5E6F-7A8B"), "PID=ABCD-1234 PPS=***");
    EXPECT_EQ(masked("Set MEBx password: P@ssw0rd!"), "Set MEBx password: ***");
    EXPECT_EQ(masked("pfx password = 'hunter2'"), "pfx password = '***'");
    EXPECT_EQ(masked("PSK: 0123456789abcdef"), "PSK: ***");
}

// The quick test that lets most text skip the search must pass every keyword, in any case,
// at the start and the very end of the text.
TEST(SecretMask, EveryKeywordInAnyCaseAndPlaceIsMasked) {
    for (std::string keyword : {"password", "passwd", "passphrase", "pps", "psk", "pwd"}) {
        std::string upper = keyword;
        for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
        std::string mixed = keyword;
        for (size_t i = 0; i < mixed.size(); i += 2) mixed[i] = upper[i];
        for (const std::string& word : {keyword, upper, mixed}) {
            EXPECT_EQ(masked(word + "=s3cret"), word + "=***");
            EXPECT_EQ(masked("https apply " + word + ": s3cret"), "https apply " + word + ": ***");
        }
    }
}

TEST(SecretMask, LeavesOrdinaryTextAlone) {
    const std::string line =
        "We can't set MEBx password at this time. Admin may have already changed this.";
    EXPECT_EQ(masked(line), line);
    EXPECT_EQ(masked("Try to use provisioned account (random generated password) to connect"),
              "Try to use provisioned account (random generated password) to connect");
}

}  // namespace
}  // namespace amtdiag::scan
