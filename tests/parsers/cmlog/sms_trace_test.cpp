// SMS trace ("simple") format (§1.2).
#include "test_support.h"

namespace cmlog_test {
namespace {

using model::Severity;

TEST(SmsTrace, RealAmtopmgrLine) {
    const ReadResult r = read(fixture("sms_trace.log"));
    ASSERT_TRUE(r.info.ok) << r.info.error;
    EXPECT_EQ(r.info.format, cm::LogFormat::sms_trace);
    ASSERT_EQ(r.records.size(), 7u);
    const Rec& rec = r.records[0];
    EXPECT_EQ(rec.message, kReject);
    EXPECT_EQ(rec.component, kOpMgr);
    EXPECT_EQ(rec.thread, 2436u);
    EXPECT_TRUE(rec.has_thread);
    EXPECT_EQ(rec.format, cm::LogFormat::sms_trace);
    EXPECT_EQ(rec.severity, Severity::warning);
    EXPECT_FALSE(rec.severity_from_type);
    EXPECT_EQ(rec.time.local_ms, ms(2016, 8, 22, 4, 15, 1, 917));
    EXPECT_EQ(rec.line, 1u);
    EXPECT_EQ(rec.offset, 0u);
    EXPECT_EQ(rec.file, fixture("sms_trace.log").string());
}

TEST(SmsTrace, TildesAreStrippedAndComponentMayHaveSpaces) {
    const ReadResult r = read(fixture("sms_trace.log"));
    ASSERT_EQ(r.records.size(), 7u);
    EXPECT_EQ(r.records[1].message,
              "An existing connection was forcibly closed by the remote host.");
    EXPECT_EQ(r.records[1].component, "Configuration Manager Setup");
    EXPECT_EQ(r.records[1].thread, 2868u);
    EXPECT_EQ(r.records[4].message, "CMG ping took 218 ms");
    EXPECT_EQ(r.records[4].component, "CMGService");
    EXPECT_EQ(r.records[4].time.bias_minutes, 0);
    EXPECT_TRUE(r.records[4].time.has_bias);
}

TEST(SmsTrace, TwoRecordsGluedOnOneLine) {
    const ReadResult r = read(fixture("sms_trace.log"));
    ASSERT_EQ(r.records.size(), 7u);
    const Rec& a = r.records[2];
    const Rec& b = r.records[3];
    EXPECT_EQ(a.message, "Connection established. Type: Secure");
    EXPECT_EQ(b.message,
              "Native Client 11.0]TCP Provider: An existing connection was forcibly closed");
    EXPECT_EQ(a.line, 3u);
    EXPECT_EQ(b.line, 3u);
    EXPECT_EQ(a.time.local_ms, ms(2016, 8, 22, 4, 15, 3, 100));
    EXPECT_EQ(b.time.local_ms, ms(2016, 8, 22, 4, 15, 3, 200));
    const std::string bytes = slurp(fixture("sms_trace.log"));
    EXPECT_EQ(bytes.compare(a.offset, 10, "Connection"), 0);
    EXPECT_EQ(b.offset, bytes.find("Native Client"));
}

TEST(SmsTrace, LineWithoutTrailerContinuesOnTheNextLine) {
    const ReadResult r = read(fixture("sms_trace.log"));
    ASSERT_EQ(r.records.size(), 7u);
    const Rec& rec = r.records[5];
    EXPECT_EQ(rec.message, "Error: the certificate chain\nis incomplete.");
    EXPECT_EQ(rec.line, 5u);
    EXPECT_EQ(rec.severity, Severity::error);
    EXPECT_EQ(rec.time.bias_minutes, -330);
    EXPECT_EQ(rec.thread, 2880u);
    // leading markers are kept; "Failed" alone does not make an error (§4)
    EXPECT_EQ(r.records[6].message, " *** Failed to connect to AMT device");
    EXPECT_EQ(r.records[6].severity, Severity::none);
    EXPECT_EQ(r.records[6].line, 7u);
    EXPECT_EQ(r.info.lines, 7u);
    EXPECT_EQ(r.info.records, 7u);
    EXPECT_EQ(r.info.dominant_component, kOpMgr);
}

TEST(SmsTrace, CrlfAndLfGiveTheSameRecords) {
    const ReadResult lf = read(fixture("sms_trace.log"));
    const ReadResult crlf = read(fixture("sms_trace_crlf.log"));
    ASSERT_EQ(lf.records.size(), crlf.records.size());
    for (std::size_t i = 0; i < lf.records.size(); ++i) {
        EXPECT_EQ(lf.records[i].message, crlf.records[i].message);
        EXPECT_EQ(lf.records[i].component, crlf.records[i].component);
        EXPECT_EQ(lf.records[i].time.local_ms, crlf.records[i].time.local_ms);
        EXPECT_EQ(lf.records[i].line, crlf.records[i].line);
        EXPECT_EQ(crlf.records[i].offset, lf.records[i].offset + (lf.records[i].line - 1));
    }
}

TEST(SmsTrace, MalformedTrailersAreText) {
    TempDir dir;
    const auto p = dir.write("bad.log",
                             "ok  $$<C><01-02-2010 03:04:05.006+60><thread=7 (0x7)>\n"
                             "price $$< 5  $$<C><13-99-2010 03:04:05.006+60><thread=7 (0x7)>\n"
                             "cut  $$<C><01-02-2010 03:04:05.006+60><thread=7 (0x7\n"
                             "x  $$<C><01-02-2010 03:04:05.006+60><thread=8 (0x8)>\n");
    const ReadResult r = read(p);
    ASSERT_TRUE(r.info.ok);
    ASSERT_EQ(r.records.size(), 4u);
    EXPECT_EQ(r.records[0].message, "ok");
    EXPECT_EQ(r.records[0].time.bias_minutes, 60);
    // "$$< 5" is text; the impossible date is kept as written and marked invalid
    EXPECT_EQ(r.records[1].message, "price $$< 5");
    EXPECT_FALSE(r.records[1].time.has_time);
    EXPECT_FALSE(r.records[1].time.valid);
    EXPECT_EQ(r.records[1].time.to_string(), "13-99-2010 03:04:05.006+60 (invalid date)");
    EXPECT_FALSE(r.records[1].damaged);
    // a broken trailer still ends its record: the next record is not swallowed
    EXPECT_EQ(r.records[2].message, "cut");
    EXPECT_TRUE(r.records[2].damaged);
    EXPECT_EQ(r.records[2].component, "C");
    EXPECT_EQ(r.records[2].thread, 7u);
    EXPECT_EQ(r.records[2].time.local_ms, ms(2010, 1, 2, 3, 4, 5, 6));
    EXPECT_EQ(r.records[2].line, 3u);
    EXPECT_EQ(r.records[3].message, "x");
    EXPECT_EQ(r.records[3].thread, 8u);
    EXPECT_FALSE(r.records[3].damaged);
    EXPECT_EQ(r.info.damaged_records, 1u);
    EXPECT_EQ(r.info.invalid_times, 1u);
}

}  // namespace
}  // namespace cmlog_test
