// Impossible dates, length caps, control characters.
#include <chrono>

#include "test_support.h"

namespace cmlog_test {
namespace {

TEST(InvalidDate, KeptAsWrittenMarkedAndNeverNormalised) {
    const std::string log = sms_line("feb 30", "13:43:12.000", 1, "02-30-2009") +
                            sms_line("month 13", "13:43:12.000", 1, "13-01-2009") +
                            sms_line("hour 25", "25:43:12.000", 1, "01-14-2009") +
                            sms_line("feb 29 leap", "13:43:12.000", 1, "02-29-2008") +
                            ccm_line("ccm feb 30", "13:43:12.000+480", "02-30-2009") +
                            "viewer\tSMS_AMT_OPERATION_MANAGER\t2/30/2009 1:43:12 PM\t1 (0x1)\r\n";
    // (a viewer-copy line is a record of its own even among SMS trace lines)
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 6u);
    for (std::size_t i : {0u, 1u, 2u, 4u, 5u}) {
        EXPECT_FALSE(r.records[i].time.valid) << i;
        EXPECT_FALSE(r.records[i].time.has_time) << i;  // never ordered or computed with
    }
    EXPECT_EQ(r.records[0].time.to_string(), "02-30-2009 13:43:12.000+480 (invalid date)");
    EXPECT_EQ(r.records[1].time.to_string(), "13-01-2009 13:43:12.000+480 (invalid date)");
    EXPECT_EQ(r.records[2].time.to_string(), "01-14-2009 25:43:12.000+480 (invalid date)");
    EXPECT_EQ(r.records[4].time.to_string(), "02-30-2009 13:43:12.000+480 (invalid date)");
    EXPECT_EQ(r.records[5].time.to_string(), "02-30-2009 13:43:12.000 (invalid date)");
    EXPECT_EQ(r.records[5].format, cm::LogFormat::viewer_copy);
    const model::LogTime::Fields f = r.records[0].time.written();
    EXPECT_EQ(f.month, 2u);
    EXPECT_EQ(f.day, 30u);
    EXPECT_TRUE(r.records[3].time.valid);
    EXPECT_EQ(r.records[3].time.local_ms, ms(2008, 2, 29, 13, 43, 12));
    EXPECT_EQ(r.info.invalid_times, 5u);
    EXPECT_EQ(r.info.notes.back(),
              "5 impossible dates kept as written and marked invalid (lines 1, 2, 3, 5, 6)");
    // the records stay in file order
    EXPECT_EQ(r.records[1].line, 2u);
}

TEST(InvalidDate, ValidTimesRoundTrip) {
    const model::LogTime t =
        model::LogTime::invalid_as_written({2009, 2, 30, 1, 2, 3, 4}, true, -60);
    EXPECT_EQ(t.to_string(), "02-30-2009 01:02:03.004-60 (invalid date)");
    const ReadResult r = read_bytes(sms_line("ok"));
    const model::LogTime::Fields f = r.records[0].time.written();
    EXPECT_EQ(f.year, 2009u);
    EXPECT_EQ(f.hour, 13u);
    EXPECT_EQ(f.minute, 43u);
}

TEST(Limits, HugeLineKeepsItsTrailer) {
    const std::string message(3u << 20, 'm');
    const ReadResult r = read_bytes(sms_line(message) + sms_line("next"));
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_TRUE(r.records[0].truncated);
    EXPECT_EQ(r.records[0].component, kOpMgr);  // the trailer sits in the kept tail
    EXPECT_TRUE(r.records[0].time.has_time);
    EXPECT_EQ(r.records[0].line, 1u);
    EXPECT_EQ(r.records[1].line, 2u);
    EXPECT_GT(r.info.truncated_bytes, 2'000'000u);
    EXPECT_LE(r.records[0].message.size(), cm::kMaxLineBytes + cm::kLineTailBytes);
}

TEST(Limits, MillionsOfContinuationLinesAreBoundedAndLinear) {
    // One CCM record with 3 million continuation lines: one record, its message capped.
    std::string log = "<![LOG[start\n";
    log.reserve(3'000'000 * 4 + 200);
    for (int i = 0; i < 3'000'000; ++i) log += "ab\r\n";
    log += "end]LOG]!><time=\"13:43:12.000+480\" date=\"01-14-2009\" component=\"c\">\n";
    const auto start = std::chrono::steady_clock::now();
    const ReadResult r = read_bytes(log);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_TRUE(r.records[0].truncated);
    EXPECT_TRUE(r.records[0].time.has_time);
    EXPECT_EQ(r.records[0].component, "c");
    EXPECT_LE(r.records[0].message.size(), cm::kMaxRecordBytes);
    EXPECT_EQ(r.info.lines, 3'000'002u);
    EXPECT_GT(r.info.truncated_bytes, 7'900'000u);
    EXPECT_LT(took.count(), 20.0);  // linear: well under a second in a release build
    ASSERT_FALSE(r.info.notes.empty());
    EXPECT_EQ(r.info.notes[0].rfind("1 record longer than 1,048,576 bytes truncated (line 1): ", 0),
              0u)
        << r.info.notes[0];

    // An SMS trace message continued over a million lines before its trailer.
    std::string sms;
    for (int i = 0; i < 1'000'000; ++i) sms += "part of a long message\n";
    sms += sms_line("its end");
    const ReadResult s = read_bytes(sms_line("first") + sms);
    ASSERT_EQ(s.records.size(), 2u);
    EXPECT_TRUE(s.records[1].truncated);
    EXPECT_EQ(s.records[1].component, kOpMgr);
    EXPECT_LE(s.records[1].message.size(), cm::kMaxRecordBytes);
}

TEST(ControlCharacters, AreDataNeverSeparators) {
    // ESC sequences, BEL, backspace, C1 (NEL U+0085), bidi override U+202E, VT, FF, U+2028.
    const std::string nasty =
        "\x1B[31mred\x1B[0m \x07 back\x08space \xC2\x85nel \xE2\x80\xAE"
        "evil\xE2\x80\xAC \x0B vt \x0C ff \xE2\x80\xA8 ls";
    const ReadResult r = read_bytes(sms_line(nasty) + ccm_line(nasty) + nasty + "\n");
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[0].message, nasty);
    EXPECT_EQ(r.records[1].message, nasty);
    EXPECT_EQ(r.records[2].message, nasty);
    EXPECT_EQ(r.info.lines, 3u);
    const cm::Sniff sniff = cm::sniff_bytes(sms_line(nasty));
    EXPECT_TRUE(sniff.is_text) << sniff.reason;
}

}  // namespace
}  // namespace cmlog_test
