#include "analyzer/engine/expression/time_format.h"

#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

TEST(TimeFormat, ParsesRfc3339) {
    EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z")->ms, 0);
    EXPECT_EQ(parse_timestamp("2009-01-14T13:43:12Z")->ms, 1231940592000);
    EXPECT_EQ(parse_timestamp("2009-01-14T13:43:12.25Z")->ms, 1231940592250);
    EXPECT_EQ(parse_timestamp("2009-01-14T13:43:12.123456789Z")->ms, 1231940592123);
    EXPECT_EQ(parse_timestamp("2009-01-14T14:43:12+01:00")->ms, 1231940592000);
    EXPECT_EQ(parse_timestamp("2009-01-14T05:43:12-08:00")->ms, 1231940592000);
    EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59Z")->ms, -1000);
    EXPECT_EQ(parse_timestamp("2024-02-29T00:00:00Z")->ms, 1709164800000);
}

TEST(TimeFormat, RejectsMalformedTimestamps) {
    for (const char* bad :
         {"", "2009-01-14", "2009-01-14T13:43:12", "2009-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
          "2009-01-14T24:00:00Z", "2009-01-14T13:43:12Zx", "2009-01-14 13:43:12Z",
          "2009-01-14T13:43:12.Z", "0000-01-01T00:00:00Z"}) {
        EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
    }
}

TEST(TimeFormat, FormatsTimestamps) {
    EXPECT_EQ(format_timestamp(Timestamp{1231940592000}), "2009-01-14T13:43:12Z");
    EXPECT_EQ(format_timestamp(Timestamp{1231940592007}), "2009-01-14T13:43:12.007Z");
    EXPECT_EQ(format_timestamp(Timestamp{-1}), "1969-12-31T23:59:59.999Z");
}

TEST(TimeFormat, ParsesGoDurations) {
    EXPECT_EQ(parse_duration("1h30m")->ms, 5400000);
    EXPECT_EQ(parse_duration("90s")->ms, 90000);
    EXPECT_EQ(parse_duration("1.5s")->ms, 1500);
    EXPECT_EQ(parse_duration("250ms")->ms, 250);
    EXPECT_EQ(parse_duration("-2m")->ms, -120000);
    EXPECT_EQ(parse_duration("+1s")->ms, 1000);
    EXPECT_EQ(parse_duration("0")->ms, 0);
    EXPECT_EQ(parse_duration("1500us")->ms, 1);
    EXPECT_EQ(parse_duration("999999ns")->ms, 0);
    EXPECT_EQ(parse_duration(".5h")->ms, 1800000);
    EXPECT_EQ(parse_duration("1h1m1s1ms")->ms, 3661001);
}

TEST(TimeFormat, RejectsMalformedDurations) {
    for (const char* bad :
         {"", "1", "h", "1d", "1h30", "1.h.", "--1s", "99999999999999999999h", "3000000h"}) {
        EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
    }
}

TEST(TimeFormat, FormatsDurationsLikeCel) {
    EXPECT_EQ(format_duration(Duration{5400000}), "5400s");
    EXPECT_EQ(format_duration(Duration{1500}), "1.500s");
    EXPECT_EQ(format_duration(Duration{-250}), "-0.250s");
    EXPECT_EQ(format_duration(Duration{0}), "0s");
}

}  // namespace
}  // namespace amtdiag::engine::expr
