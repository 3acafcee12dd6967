// Rule applicability: version ranges, and the reasons a rule is skipped for a device.
#include <gtest/gtest.h>

#include "analyzer/engine/applicability.h"

namespace amtdiag::engine {
namespace {

TEST(VersionRange, ReadsBoundsAndRejectsWhatIsNotOne) {
    std::string error;
    const auto bounds = parse_version_range(">= 6.0, < 11.0", error);
    ASSERT_TRUE(bounds) << error;
    EXPECT_EQ(bounds->size(), 2u);
    EXPECT_TRUE(version_in_range("6.0", *bounds));
    EXPECT_TRUE(version_in_range("10.99.3", *bounds));
    EXPECT_FALSE(version_in_range("11.0", *bounds));
    EXPECT_FALSE(version_in_range("5.2.70", *bounds));
    EXPECT_TRUE(version_in_range("11.8", *parse_version_range(">11", error)));
    for (const char* bad : {"6.0", ">= six", ">= 6.0,", "=> 6.0", ""}) {
        error.clear();
        EXPECT_FALSE(parse_version_range(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(RuleSkip, OnlyAKnownMismatchSkipsAndTheReasonSaysWhereItIsKnownFrom) {
    Applicability a;
    a.modes = {"oob"};
    a.auth = {"pki"};
    DeviceProfile unknown;
    EXPECT_EQ(rule_skip_reason(a, unknown), "") << "what nobody says never skips";
    DeviceProfile inband{"inband", "the operation manager log", "", "", "", ""};
    EXPECT_NE(rule_skip_reason(a, inband).find("the operation manager log says in-band"),
              std::string::npos)
        << rule_skip_reason(a, inband);
    DeviceProfile psk{"oob", "--mode", "psk", "the hello at c.pcap packet 4", "", ""};
    EXPECT_NE(rule_skip_reason(a, psk).find("the hello at c.pcap packet 4 says PSK"),
              std::string::npos);
    Applicability fw;
    std::string error;
    fw.amt = "< 11.0";
    fw.amt_bounds = *parse_version_range(fw.amt, error);
    DeviceProfile new_fw{"", "", "", "", "16.1", "--amt-version"};
    EXPECT_NE(rule_skip_reason(fw, new_fw)
                  .find("applies to AMT firmware < 11.0; --amt-version says 16.1"),
              std::string::npos);
    new_fw.firmware = "7.0";
    EXPECT_EQ(rule_skip_reason(fw, new_fw), "");
}

TEST(CatalogSkip, LegacyFirmwareChecksStopAt321) {
    CatalogCheck check;
    check.applies_to = {"legacy-fw"};
    DeviceProfile p;
    p.firmware = "3.2.1";
    p.firmware_source = "the operation manager log";
    EXPECT_FALSE(catalog_skip_reason(check, p).empty());
    p.firmware = "3.0.2";
    EXPECT_TRUE(catalog_skip_reason(check, p).empty());
    check.applies_to = {"all"};
    p.mode = "inband";
    EXPECT_TRUE(catalog_skip_reason(check, p).empty());
}

TEST(Profile, TheCommandLineSaysWhatTheEvidenceDoesNot) {
    correlate::CorrelationResult none;
    const DeviceProfile site = profile_of(nullptr, none, {"onetouch"}, "9.5");
    EXPECT_EQ(site.mode, "onetouch");
    EXPECT_EQ(site.auth, "psk") << "one-touch is PSK by definition";
    EXPECT_EQ(site.firmware, "9.5");
    model::Device d;
    d.id = "pc.example.com";
    d.mode = "inband";
    d.firmware = "3.2.1";
    const DeviceProfile device = profile_of(&d, none, {}, "");
    EXPECT_EQ(device.mode, "inband");
    EXPECT_EQ(device.firmware, "3.2.1");
    EXPECT_EQ(device.firmware_source, "the operation manager log");
}

TEST(RuleSkip, OneTouchIsOutOfBandWithAPid) {
    Applicability oob;
    oob.modes = {"oob"};
    DeviceProfile onetouch{"onetouch", "--mode", "psk", "--mode", "", ""};
    EXPECT_EQ(rule_skip_reason(oob, onetouch), "") << "the catalog writes one-touch as oob, psk";
    Applicability only_onetouch;
    only_onetouch.modes = {"onetouch"};
    DeviceProfile pid_hello{"oob", "the hello", "psk", "the hello", "", ""};
    EXPECT_EQ(rule_skip_reason(only_onetouch, pid_hello), "");
    DeviceProfile pki_hello{"oob", "the hello", "pki", "the hello", "", ""};
    EXPECT_FALSE(rule_skip_reason(only_onetouch, pki_hello).empty());
    Applicability inband;
    inband.modes = {"inband"};
    EXPECT_NE(rule_skip_reason(inband, onetouch).find("one-touch"), std::string::npos);
}

TEST(Profile, AnEndpointManagerPidListMakesTheSiteOneTouch) {
    correlate::CorrelationResult site_with_list;
    site_with_list.evidence[""]["epm.pid_list"].count = 1;
    const DeviceProfile site = profile_of(nullptr, site_with_list, {}, "");
    EXPECT_EQ(site.mode, "onetouch");
    EXPECT_EQ(site.mode_source, "the endpoint manager's PID/PPS list");
    EXPECT_EQ(site.auth, "psk");
    correlate::CorrelationResult none;
    EXPECT_EQ(profile_of(nullptr, none, {}, "").mode, "");
}

}  // namespace
}  // namespace amtdiag::engine
