#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

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

// format_epoch_ms writes its digits by hand; snprintf with the format it replaced is the
// reference, over every century, month ends, leap days and both sides of the epoch.
TEST(LogTime, EpochFormattingEqualsTheSnprintfReference) {
    auto reference = [](int64_t ms) {
        int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
        const int64_t rest = ms - days * 86'400'000;
        // The civil date from a library independent of ours: gmtime_r on whole seconds.
        const time_t seconds = static_cast<time_t>(days * 86'400);
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        char buf[64];
        std::snprintf(
            buf, sizeof buf, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lld",
            static_cast<long long>(tm.tm_year) + 1900, tm.tm_mon + 1, tm.tm_mday,
            static_cast<long long>(rest / 3'600'000), static_cast<long long>(rest / 60'000 % 60),
            static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
        return std::string(buf);
    };
    uint64_t state = 20090114;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 11;
    };
    const int64_t year_ms = 31'556'952'000;  // a Gregorian year
    for (int i = 0; i < 20000; ++i) {
        // From year 1 to 9999, whatever the millisecond.
        const int64_t ms =
            -1969 * year_ms + static_cast<int64_t>(next() % uint64_t(9998 * year_ms));
        ASSERT_EQ(format_epoch_ms(ms), reference(ms)) << ms;
    }
    for (int64_t ms : {int64_t{0}, int64_t{-1}, int64_t{951'782'400'000} /* 2000-02-29 */,
                       int64_t{86'399'999}, to_epoch_ms(2024, 12, 31, 23, 59, 59, 999)})
        EXPECT_EQ(format_epoch_ms(ms), reference(ms)) << ms;
}

}  // namespace
}  // namespace amtdiag::model
