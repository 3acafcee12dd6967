// Bias arithmetic (§5): UTC = local + bias.
#include "test_support.h"

namespace cmlog_test {
namespace {

Rec one_sms(const std::string& stamp) {
    TempDir dir;
    const ReadResult r = read(dir.write("t.log", "m  $$<C><" + stamp + "><thread=1 (0x1)>\n"));
    EXPECT_EQ(r.records.size(), 1u);
    return r.records.empty() ? Rec{} : r.records[0];
}

TEST(TimeBias, PlusFourTwentyIsPacificDaylightTime) {
    const Rec rec = one_sms("08-22-2016 04:15:01.917+420");
    EXPECT_TRUE(rec.time.has_bias);
    EXPECT_EQ(rec.time.bias_minutes, 420);
    EXPECT_EQ(rec.time.local_ms, ms(2016, 8, 22, 4, 15, 1, 917));
    EXPECT_EQ(rec.time.utc_ms(), ms(2016, 8, 22, 11, 15, 1, 917));
    EXPECT_EQ(rec.time.to_string(), "2016-08-22T11:15:01.917Z");
}

TEST(TimeBias, MinusThreeThirtyIsIndia) {
    const Rec rec = one_sms("07-14-2016 19:33:19.766-330");
    EXPECT_EQ(rec.time.bias_minutes, -330);
    EXPECT_EQ(rec.time.utc_ms(), ms(2016, 7, 14, 14, 3, 19, 766));
}

TEST(TimeBias, TwoDigitZeroBias) {
    const Rec rec = one_sms("06-24-2020 15:31:46.376+00");
    EXPECT_TRUE(rec.time.has_bias);
    EXPECT_EQ(rec.time.bias_minutes, 0);
    EXPECT_EQ(rec.time.utc_ms(), ms(2020, 6, 24, 15, 31, 46, 376));
}

TEST(TimeBias, NoBiasMeansZoneUnknown) {
    const Rec rec = one_sms("06-24-2020 15:31:46.376");
    EXPECT_TRUE(rec.time.has_time);
    EXPECT_FALSE(rec.time.has_bias);
    EXPECT_EQ(rec.time.sort_ms(), ms(2020, 6, 24, 15, 31, 46, 376));
    EXPECT_EQ(rec.time.to_string(), "2020-06-24T15:31:46.376 local");
}

TEST(TimeBias, BiasCrossesMidnight) {
    const Rec rec = one_sms("12-31-2009 23:30:00.000+480");
    EXPECT_EQ(rec.time.utc_ms(), ms(2010, 1, 1, 7, 30, 0));
}

}  // namespace
}  // namespace cmlog_test
