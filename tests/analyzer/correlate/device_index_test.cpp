// Device identity from keys alone: which keys join, which only attach, how unions merge.
#include <gtest/gtest.h>

#include "analyzer/correlate/device_index.h"

namespace amtdiag::correlate {
namespace {

model::Device device_of(DeviceIndex& index, int draft) {
    model::Device d;
    EXPECT_TRUE(index.to_device(index.find(draft), d));
    return d;
}

TEST(DeviceIndex, NoKeysNameNoDevice) {
    DeviceIndex index;
    EXPECT_EQ(index.resolve({}), -1);
    FactKeys placeholders;
    placeholders.ip = "0.0.0.0";
    placeholders.machine_id = "0";
    EXPECT_EQ(index.resolve(placeholders), -1);
}

TEST(DeviceIndex, FqdnIsNormalisedAndGivesTheId) {
    DeviceIndex index;
    FactKeys a;
    a.fqdn = "HP7800.vprolab.com.";
    FactKeys b;
    b.fqdn = "hp7800.VPROLAB.com";
    const int da = index.resolve(a);
    EXPECT_EQ(index.resolve(b), da);
    const model::Device d = device_of(index, da);
    EXPECT_EQ(d.id, "hp7800.vprolab.com");
    EXPECT_EQ(d.host, "hp7800");
}

TEST(DeviceIndex, UuidJoinsInEitherSmbiosByteOrder) {
    DeviceIndex index;
    FactKeys a;
    a.uuid = "939b524b-13d4-1d18-e487-1c697a6b7a2b";
    FactKeys swapped;
    swapped.uuid = "4B529B93-D413-181D-E487-1C697A6B7A2B";
    EXPECT_EQ(index.resolve(a), index.resolve(swapped));
}

TEST(DeviceIndex, AFactNamingTwoDraftsUnitesThemWithTheOlderAsRoot) {
    DeviceIndex index;
    FactKeys by_uuid;
    by_uuid.uuid = "C284DE32-F287-11DC-BBDA-C4A11E4B001C";
    FactKeys by_fqdn;
    by_fqdn.fqdn = "alpha.corp.example.com";
    const int u = index.resolve(by_uuid);
    const int f = index.resolve(by_fqdn);
    ASSERT_NE(u, f);
    FactKeys both = by_fqdn;
    both.uuid = by_uuid.uuid;
    const int joined = index.resolve(both);
    EXPECT_EQ(joined, u);  // the older draft stays the root
    EXPECT_EQ(index.find(f), u);
    const model::Device d = device_of(index, joined);
    EXPECT_EQ(d.id, "alpha.corp.example.com");  // FQDN wins the id whatever came first
    EXPECT_EQ(d.uuid, "C284DE32-F287-11DC-BBDA-C4A11E4B001C");
}

TEST(DeviceIndex, HostAndIpAloneJoinOnlyWhatTheyAlreadyName) {
    DeviceIndex index;
    FactKeys strong;
    strong.fqdn = "beta.corp.example.com";
    strong.ip = "10.0.0.7";
    const int d = index.resolve(strong);
    FactKeys by_ip;
    by_ip.ip = "10.0.0.7";
    EXPECT_EQ(index.resolve(by_ip), d);
    FactKeys by_host;
    by_host.host = "BETA";
    EXPECT_EQ(index.resolve(by_host), d);
    // An IP never seen with a strong key makes a device of its own.
    FactKeys other_ip;
    other_ip.ip = "10.0.0.8";
    const int o = index.resolve(other_ip);
    EXPECT_NE(o, d);
    EXPECT_EQ(device_of(index, o).id, "10.0.0.8");
}

TEST(DeviceIndex, MacIsAStrongKeyInAnySpelling) {
    DeviceIndex index;
    FactKeys a;
    a.mac = "00:1a:2b:3c:4d:5e";
    FactKeys b;
    b.mac = "001A.2B3C.4D5E";
    const int d = index.resolve(a);
    EXPECT_EQ(index.resolve(b), d);
    EXPECT_EQ(device_of(index, d).id, "00-1A-2B-3C-4D-5E");
}

TEST(DeviceIndex, AttemptsKeepTheMostRecentAndCountAll) {
    DeviceIndex index;
    FactKeys k;
    k.machine_id = "48";
    const int d = index.resolve(k);
    for (uint64_t i = 1; i <= DeviceIndex::kAttemptsKept + 3; ++i) {
        model::Attempt a;
        a.sequence = i;
        index.add_attempt(d, a);
    }
    const model::Device dev = device_of(index, d);
    EXPECT_EQ(dev.id, "machine-48");
    EXPECT_EQ(dev.attempts_total, DeviceIndex::kAttemptsKept + 3);
    ASSERT_EQ(dev.attempts.size(), DeviceIndex::kAttemptsKept);
    EXPECT_EQ(dev.attempts.front().sequence, 4u);
}

}  // namespace
}  // namespace amtdiag::correlate
