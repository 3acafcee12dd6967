// Severity: CCM type= first, otherwise CMTrace's keyword rule (§3, §4).
#include "test_support.h"

namespace cmlog_test {
namespace {

using model::Severity;

Severity bare_severity(const std::string& message) {
    TempDir dir;
    const ReadResult r = read(dir.write("s.log", message + "\n"));
    EXPECT_EQ(r.records.size(), 1u);
    return r.records.empty() ? Severity::none : r.records[0].severity;
}

TEST(Severity, KeywordRule) {
    EXPECT_EQ(bare_severity("Error: certificate expires in 10 days"), Severity::error);
    EXPECT_EQ(bare_severity("An ERROR occurred"), Severity::error);
    EXPECT_EQ(bare_severity("errors=0"), Severity::error);  // substring match, as CMTrace
    EXPECT_EQ(bare_severity("warn: low disk"), Severity::warning);
    EXPECT_EQ(bare_severity("Warning: AMT device is a SMS client"), Severity::warning);
    EXPECT_EQ(bare_severity("a WARNING then an Error later in a longer line"), Severity::error);
    EXPECT_EQ(bare_severity("Failed to provision the AMT device"), Severity::none);
    EXPECT_EQ(bare_severity("Provisioning completed"), Severity::none);
    EXPECT_EQ(bare_severity("r"), Severity::none);
    EXPECT_EQ(bare_severity("rror rrrr wa rn"), Severity::none);
}

TEST(Severity, SmsTraceGluedAndDollarMessages) {
    TempDir dir;
    const std::string trailer = "  $$<" + kOpMgr + "><08-22-2016 04:15:01.917+420><thread=1 (0x1)>";
    const ReadResult r =
        read(dir.write("g.log", "Error: first" + trailer + "then a warning" + trailer + "\n" +
                                    "cost $$ 5 and an ERROR" + trailer + "\n" +
                                    "a long message that has no keyword at all but is long enough" +
                                    trailer + "\n" + "terr" + trailer + "\n"));
    ASSERT_EQ(r.records.size(), 5u);
    EXPECT_EQ(r.records[0].severity, Severity::error);
    EXPECT_EQ(r.records[1].message, "then a warning");
    EXPECT_EQ(r.records[1].severity, Severity::warning);
    EXPECT_EQ(r.records[2].message, "cost $$ 5 and an ERROR");
    EXPECT_EQ(r.records[2].severity, Severity::error);
    EXPECT_EQ(r.records[3].severity, Severity::none);
    EXPECT_EQ(r.records[4].severity, Severity::none);
}

TEST(Severity, CcmTypeWinsOverKeywords) {
    TempDir dir;
    const std::string attrs =
        "]LOG]!><time=\"08:00:00.000+00\" date=\"01-01-2010\" component=\"c\" "
        "context=\"\" type=\"";
    const ReadResult r = read(dir.write(
        "t.log", "<![LOG[Error: but type says info" + attrs + "1\" thread=\"1\" file=\"\">\n" +
                     "<![LOG[all fine" + attrs + "3\" thread=\"1\" file=\"\">\n" +
                     "<![LOG[Error text, type 0" + attrs + "0\" thread=\"1\" file=\"\">\n" +
                     "<![LOG[warn text, type 2" + attrs + "2\" thread=\"1\" file=\"\">\n" +
                     "<![LOG[Error text, odd type" + attrs + "9\" thread=\"1\" file=\"\">\n"));
    ASSERT_EQ(r.records.size(), 5u);
    EXPECT_EQ(r.records[0].severity, Severity::info);
    EXPECT_EQ(r.records[1].severity, Severity::error);
    EXPECT_EQ(r.records[2].severity, Severity::info);
    EXPECT_EQ(r.records[3].severity, Severity::warning);
    EXPECT_TRUE(r.records[3].severity_from_type);
    EXPECT_EQ(r.records[4].severity, Severity::error);
    EXPECT_FALSE(r.records[4].severity_from_type);
}

}  // namespace
}  // namespace cmlog_test
