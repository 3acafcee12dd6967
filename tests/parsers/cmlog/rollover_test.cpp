// NAME.lo_ + NAME.log read as one stream (§6).
#include "test_support.h"

namespace cmlog_test {
namespace {

std::vector<Rec> read_pair(const std::filesystem::path& lo, const std::filesystem::path& log,
                           std::vector<cm::FileInfo>& infos) {
    std::vector<Rec> records;
    infos = cm::read_log_with_rollover(lo, log,
                                       [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
    return records;
}

TEST(Rollover, SmsTraceRecordCutInsideItsTrailer) {
    std::vector<cm::FileInfo> infos;
    const auto records = read_pair(fixture("amtopmgr.lo_"), fixture("amtopmgr.log"), infos);
    ASSERT_EQ(infos.size(), 2u);
    EXPECT_EQ(infos[0].path, fixture("amtopmgr.lo_").string());
    EXPECT_EQ(infos[1].path, fixture("amtopmgr.log").string());
    EXPECT_TRUE(infos[0].ok);
    EXPECT_TRUE(infos[1].ok);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].message, "Second record message");
    EXPECT_EQ(records[1].file, fixture("amtopmgr.lo_").string());
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[1].offset, slurp(fixture("amtopmgr.lo_")).find("Second"));
    EXPECT_EQ(records[1].time.local_ms, ms(2016, 8, 22, 4, 15, 1, 917));
    EXPECT_EQ(records[1].thread, 2436u);
    EXPECT_EQ(records[2].message, "Third record");
    EXPECT_EQ(records[2].file, fixture("amtopmgr.log").string());
    EXPECT_EQ(records[2].line, 2u);
    EXPECT_EQ(infos[0].records, 2u);
    EXPECT_EQ(infos[1].records, 1u);
    EXPECT_EQ(infos[0].lines, 2u);
    EXPECT_EQ(infos[1].lines, 2u);
}

TEST(Rollover, CcmRecordContinuedInTheNewLog) {
    std::vector<cm::FileInfo> infos;
    const auto records = read_pair(fixture("oobmgmt.lo_"), fixture("oobmgmt.log"), infos);
    ASSERT_EQ(infos.size(), 2u);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].message, "Multi\nline start\ncontinues here");
    EXPECT_EQ(records[1].file, fixture("oobmgmt.lo_").string());
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[1].severity, model::Severity::warning);
    EXPECT_EQ(records[2].message, "After");
    EXPECT_EQ(records[2].line, 2u);
    EXPECT_EQ(infos[0].records, 2u);
    EXPECT_EQ(infos[1].records, 1u);
    EXPECT_EQ(infos[0].format, cm::LogFormat::ccm);
}

TEST(Rollover, MissingOldPartIsLeftOut) {
    std::vector<cm::FileInfo> infos;
    const auto records = read_pair(fixture("absent.lo_"), fixture("sms_trace.log"), infos);
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_TRUE(infos[0].ok);
    EXPECT_EQ(infos[0].path, fixture("sms_trace.log").string());
    EXPECT_EQ(records.size(), 7u);
}

TEST(Rollover, OldPartAloneEndsItsOpenRecord) {
    std::vector<cm::FileInfo> infos;
    const auto records = read_pair(fixture("amtopmgr.lo_"), fixture("absent.log"), infos);
    ASSERT_EQ(infos.size(), 2u);
    EXPECT_TRUE(infos[0].ok);
    EXPECT_FALSE(infos[1].ok);
    EXPECT_EQ(infos[1].error, "cannot open: No such file or directory");
    ASSERT_EQ(records.size(), 2u);
    // Its trailer was cut by the rollover and never completed: a damaged SMS trace record
    // with what could be read of the trailer (the component; the time was cut).
    EXPECT_EQ(records[1].format, cm::LogFormat::sms_trace);
    EXPECT_TRUE(records[1].damaged);
    EXPECT_EQ(records[1].message, "Second record message");
    EXPECT_EQ(records[1].component, "SMS_AMT_OPERATION_MANAGER");
    EXPECT_FALSE(records[1].time.has_time);
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(infos[0].damaged_records, 1u);
    EXPECT_EQ(infos[0].damaged_lines, std::vector<uint64_t>{2});
}

TEST(Rollover, EmptyNewLog) {
    TempDir dir;
    const auto lo = dir.write("x.lo_", "<![LOG[open record");
    const auto log = dir.write("x.log", "");
    std::vector<cm::FileInfo> infos;
    const auto records = read_pair(lo, log, infos);
    ASSERT_EQ(infos.size(), 2u);
    EXPECT_TRUE(infos[1].ok);
    EXPECT_EQ(infos[1].records, 0u);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].message, "open record");
    EXPECT_EQ(records[0].format, cm::LogFormat::ccm);
}

}  // namespace
}  // namespace cmlog_test
