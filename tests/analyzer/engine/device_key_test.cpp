#include <gtest/gtest.h>

#include "analyzer/model/device_key.h"
#include "analyzer/model/log_time.h"

namespace amtdiag::model {
namespace {

TEST(DeviceKey, FqdnIsLowercasedWithoutTrailingDot) {
    EXPECT_EQ(normalize_fqdn("HP7800.VproLab.com."), "hp7800.vprolab.com");
    EXPECT_EQ(host_of_fqdn("HP7800.vprolab.com"), "hp7800");
}

TEST(DeviceKey, UuidAcceptsBracesAndNoDashes) {
    EXPECT_EQ(normalize_uuid("{c284de32-f287-11dc-bbda-c4a11e4b001c}").value(),
              "C284DE32-F287-11DC-BBDA-C4A11E4B001C");
    EXPECT_EQ(normalize_uuid("C284DE32F28711DCBBDAC4A11E4B001C").value(),
              "C284DE32-F287-11DC-BBDA-C4A11E4B001C");
    EXPECT_FALSE(normalize_uuid("not-a-uuid").has_value());
}

TEST(DeviceKey, SmbiosMixedEndianSwapsTheFirstThreeGroups) {
    // The hello vector's UUID as MeshCentral prints it, and the raw byte order.
    EXPECT_EQ(uuid_byte_swapped("939B524B-13D4-1D18-E487-1C697A6B7A2B"),
              "4B529B93-D413-181D-E487-1C697A6B7A2B");
    EXPECT_EQ(uuid_byte_swapped(uuid_byte_swapped("939B524B-13D4-1D18-E487-1C697A6B7A2B")),
              "939B524B-13D4-1D18-E487-1C697A6B7A2B");
}

TEST(LogTime, FormatsUtcWhenTheBiasIsKnown) {
    LogTime t;
    t.has_time = true;
    t.local_ms = to_epoch_ms(2016, 8, 22, 4, 15, 1, 917);
    t.has_bias = true;
    t.bias_minutes = 420;
    EXPECT_EQ(t.to_string(), "2016-08-22T11:15:01.917Z");
    t.has_bias = false;
    EXPECT_EQ(t.to_string(), "2016-08-22T04:15:01.917 local");
}

}  // namespace
}  // namespace amtdiag::model
