// Lines copied out of CMTrace (§1.3) and bare message lines.
#include "test_support.h"

namespace cmlog_test {
namespace {

TEST(ViewerCopy, TabSeparatedWithAmPm) {
    const ReadResult r = read(fixture("viewer_tabs.log"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.format, cm::LogFormat::viewer_copy);
    ASSERT_EQ(r.records.size(), 3u);
    const Rec& rec = r.records[0];
    EXPECT_EQ(rec.message, kReject);
    EXPECT_EQ(rec.component, kOpMgr);
    EXPECT_EQ(rec.format, cm::LogFormat::viewer_copy);
    EXPECT_TRUE(rec.time.has_time);
    EXPECT_FALSE(rec.time.has_bias);
    EXPECT_EQ(rec.time.local_ms, ms(2009, 11, 19, 11, 35, 1));
    EXPECT_EQ(rec.thread, 2880u);
    EXPECT_EQ(rec.severity, model::Severity::warning);
    // 12 AM is midnight, 12 PM noon
    EXPECT_EQ(r.records[1].time.local_ms, ms(2009, 11, 19, 0, 0, 5));
    EXPECT_EQ(r.records[2].time.local_ms, ms(2009, 11, 19, 12, 30, 0));
    // the blank line is skipped but counted
    EXPECT_EQ(r.records[2].line, 4u);
    EXPECT_EQ(r.info.lines, 4u);
}

TEST(ViewerCopy, RunsOfSpacesAndNonMatchingLines) {
    const ReadResult r = read(fixture("viewer_spaces.log"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.format, cm::LogFormat::viewer_copy);
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[0].message, kReject);
    EXPECT_EQ(r.records[0].component, kOpMgr);
    EXPECT_EQ(r.records[0].time.local_ms, ms(2009, 11, 19, 13, 5, 9));
    EXPECT_EQ(r.records[1].format, cm::LogFormat::bare);
    EXPECT_EQ(r.records[1].message, "Just a pasted line without columns (0x0B40)");
    EXPECT_FALSE(r.records[1].time.has_time);
    EXPECT_EQ(r.records[2].component, "TSManager");
    EXPECT_EQ(r.records[2].thread, 12u);
    EXPECT_EQ(r.records[2].time.local_ms, ms(2010, 3, 7, 9, 0, 0));
}

TEST(BareLines, EachNonBlankLineIsARecord) {
    const ReadResult r = read(fixture("bare.log"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.format, cm::LogFormat::bare);
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[0].message, kReject);
    EXPECT_EQ(r.records[0].format, cm::LogFormat::bare);
    EXPECT_FALSE(r.records[0].time.has_time);
    EXPECT_FALSE(r.records[0].has_thread);
    EXPECT_EQ(r.records[0].component, "");
    EXPECT_EQ(r.records[1].line, 3u);
    EXPECT_EQ(r.records[2].line, 5u);
    const std::string bytes = slurp(fixture("bare.log"));
    EXPECT_EQ(r.records[2].offset, bytes.find("Failed to send"));
    EXPECT_EQ(r.info.lines, 5u);
    EXPECT_EQ(r.info.dominant_component, "");
}

TEST(FormatDetection, OddFirstLinesDoNotDecide) {
    TempDir dir;
    std::string text = "Log opened by a script\n\n";
    for (int i = 0; i < 5; ++i) {
        text += "msg " + std::to_string(i) + "  $$<" + kOpMgr +
                "><08-22-2016 04:15:01.917+420><thread=2436 (0x984)>\n";
    }
    const ReadResult r = read(dir.write("odd_head.log", text));
    EXPECT_EQ(r.info.format, cm::LogFormat::sms_trace);
    const cm::Sniff sniff = cm::sniff_bytes(text);
    EXPECT_TRUE(sniff.is_text);
    EXPECT_EQ(sniff.format, cm::LogFormat::sms_trace);
    EXPECT_EQ(sniff.component, kOpMgr);
}

}  // namespace
}  // namespace cmlog_test
