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

TEST(SecretMask, LeavesOrdinaryTextAlone) {
    const std::string line =
        "We can't set MEBx password at this time. Admin may have already changed this.";
    EXPECT_EQ(masked(line), line);
    EXPECT_EQ(masked("Try to use provisioned account (random generated password) to connect"),
              "Try to use provisioned account (random generated password) to connect");
}

}  // namespace
}  // namespace amtdiag::scan
