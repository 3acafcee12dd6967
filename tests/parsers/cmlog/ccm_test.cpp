// CCM format records (§1.1).
#include "test_support.h"

namespace cmlog_test {
namespace {

using model::Severity;

TEST(CcmRecord, SingleLineRecordsWithAllVariants) {
    const ReadResult r = read(fixture("ccm_single.log"));
    ASSERT_TRUE(r.info.ok) << r.info.error;
    EXPECT_EQ(r.info.format, cm::LogFormat::ccm);
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf8);
    ASSERT_EQ(r.records.size(), 5u);

    const Rec& first = r.records[0];
    EXPECT_EQ(first.message, "Provisioning started for AMT device " + kGuid + ".");
    EXPECT_EQ(first.component, "oobmgmt");
    EXPECT_EQ(first.format, cm::LogFormat::ccm);
    EXPECT_TRUE(first.time.has_time);
    EXPECT_TRUE(first.time.has_bias);
    EXPECT_EQ(first.time.local_ms, ms(2015, 6, 26, 14, 24, 33, 329));
    EXPECT_EQ(first.time.bias_minutes, 420);
    EXPECT_EQ(first.thread, 2436u);
    EXPECT_TRUE(first.has_thread);
    EXPECT_EQ(first.severity, Severity::info);
    EXPECT_TRUE(first.severity_from_type);
    EXPECT_EQ(first.line, 1u);
    EXPECT_EQ(first.offset, 0u);

    const Rec& second = r.records[1];
    EXPECT_EQ(second.message, kReject);
    EXPECT_EQ(second.component, kOpMgr);
    EXPECT_EQ(second.severity, Severity::warning);
    EXPECT_EQ(second.time.bias_minutes, -480);
    EXPECT_EQ(second.line, 2u);

    // 7-digit .NET fraction, no bias, unpadded date, type 3
    const Rec& third = r.records[2];
    EXPECT_EQ(third.time.local_ms, ms(2015, 1, 2, 10, 22, 50, 842));
    EXPECT_TRUE(third.time.has_time);
    EXPECT_FALSE(third.time.has_bias);
    EXPECT_EQ(third.time.sort_ms(), third.time.local_ms);
    EXPECT_EQ(third.severity, Severity::error);
    EXPECT_EQ(third.component, "SCClient");

    // type 0 is informational; one-digit hour; two-digit bias
    const Rec& fourth = r.records[3];
    EXPECT_EQ(fourth.severity, Severity::info);
    EXPECT_TRUE(fourth.severity_from_type);
    EXPECT_EQ(fourth.time.local_ms, ms(2014, 11, 5, 4, 20, 47, 594));
    EXPECT_EQ(fourth.time.bias_minutes, -60);

    // attributes by name in any order; no type -> keyword rule
    const Rec& fifth = r.records[4];
    EXPECT_EQ(fifth.component, "oobmgmt");
    EXPECT_EQ(fifth.thread, 9u);
    EXPECT_EQ(fifth.time.local_ms, ms(2011, 2, 19, 21, 5, 56, 124));
    EXPECT_EQ(fifth.severity, Severity::error);
    EXPECT_FALSE(fifth.severity_from_type);

    // byte offsets are those of the line starts
    const std::string bytes = slurp(fixture("ccm_single.log"));
    EXPECT_EQ(second.offset, bytes.find('\n') + 1);
    for (const Rec& rec : r.records) EXPECT_EQ(bytes.compare(rec.offset, 7, "<![LOG["), 0);
}

TEST(CcmRecord, MultiLineRecordIsJoinedAndKeepsItsStart) {
    const ReadResult r = read(fixture("ccm_multiline.log"));
    ASSERT_TRUE(r.info.ok);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message,
              "Failed to run the action: Configure AMT.\n\n"
              "Unspecified error (Error: 80004005; Source: Windows)");
    EXPECT_EQ(r.records[0].component, "TSManager");
    EXPECT_EQ(r.records[0].severity, Severity::error);
    EXPECT_EQ(r.records[0].line, 1u);
    EXPECT_EQ(r.records[0].offset, 0u);
    EXPECT_EQ(r.records[1].message, "Next record");
    EXPECT_EQ(r.records[1].line, 4u);
    const std::string bytes = slurp(fixture("ccm_multiline.log"));
    EXPECT_EQ(r.records[1].offset, bytes.find("<![LOG[Next"));
    EXPECT_EQ(r.info.lines, 4u);
}

TEST(CcmRecord, TruncatedRecordsAreStillReported) {
    const ReadResult r = read(fixture("ccm_truncated.log"));
    ASSERT_TRUE(r.info.ok);
    ASSERT_EQ(r.records.size(), 4u);
    EXPECT_EQ(r.records[0].message, "Complete record");
    EXPECT_EQ(r.records[1].message, "Cut off by a crash, no attributes");
    EXPECT_FALSE(r.records[1].time.has_time);
    EXPECT_EQ(r.records[1].format, cm::LogFormat::ccm);
    EXPECT_EQ(r.records[1].line, 2u);
    EXPECT_EQ(r.records[2].message, "Next record after damage");
    EXPECT_EQ(r.records[2].line, 3u);
    EXPECT_EQ(r.records[3].message, "Partial message that never ends");
    EXPECT_EQ(r.records[3].line, 4u);
}

TEST(CcmRecord, GarbageAndOddAttributesDoNotCrash) {
    TempDir dir;
    const auto p =
        dir.write("odd.log",
                  "<![LOG[a]LOG]!><time=\"99:99:99.000+420\" date=\"13-45-2015\" type=\"7\">\n"
                  "<![LOG[b]LOG]!><time=\"1\n"
                  "<![LOG[]LOG]!><>\n"
                  "<![LOG[c]LOG]!><time=\"14:24:33.329+420\" date=\"06-26-2015\" thread=\"x\" "
                  "component=\"unterminated>\n");
    const ReadResult r = read(p);
    ASSERT_TRUE(r.info.ok);
    ASSERT_GE(r.records.size(), 3u);
    EXPECT_FALSE(r.records[0].time.has_time);
    EXPECT_FALSE(r.records[0].severity_from_type);
    EXPECT_EQ(r.records[1].message, "b");
    EXPECT_EQ(r.records[2].message, "");
}

}  // namespace
}  // namespace cmlog_test
