// Recovery at the next record boundary after damage to a record's structure, with accounting.
#include "test_support.h"

namespace cmlog_test {
namespace {

const std::string kDevice =
    "Provision target is indicated with SMS resource id. (MachineId = 48 "
    "hp7800.vprolab.com)";

TEST(RecoverySms, CutTrailerDoesNotSwallowTheNextRecord) {
    const std::string log = sms_line("first") +
                            "cut by a crash  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:1\r\n" +
                            sms_line(kDevice, "13:43:13.010", 5360);
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[1].message, "cut by a crash");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_EQ(r.records[1].format, cm::LogFormat::sms_trace);
    EXPECT_EQ(r.records[1].component, kOpMgr);
    EXPECT_FALSE(r.records[1].time.has_time);  // the stamp was cut: time unknown
    EXPECT_EQ(r.records[1].line, 2u);
    // the device of the next record is not lost
    EXPECT_EQ(r.records[2].message, kDevice);
    EXPECT_FALSE(r.records[2].damaged);
    EXPECT_EQ(r.records[2].thread, 5360u);
    EXPECT_EQ(r.records[2].line, 3u);
    EXPECT_EQ(r.info.damaged_records, 1u);
    EXPECT_EQ(r.info.damaged_lines, std::vector<uint64_t>{2});
    EXPECT_EQ(r.info.notes, std::vector<std::string>{"1 damaged record (line 2)"});
}

TEST(RecoverySms, EveryCutPositionOfTheTrailer) {
    const std::string full = sms_line("damaged", "13:43:12.000", 7, "01-14-2009", "");
    const std::size_t trailer = full.find("  $$<");
    // From the two spaces on, every cut gives a damaged record that ends at its line.
    for (std::size_t cut = trailer + 3; cut < full.size(); ++cut) {
        const std::string log = full.substr(0, cut) + "\n" + sms_line(kDevice);
        const ReadResult r = read_bytes(log);
        ASSERT_EQ(r.records.size(), 2u) << full.substr(0, cut);
        EXPECT_EQ(r.records[0].message, "damaged") << full.substr(0, cut);
        EXPECT_TRUE(r.records[0].damaged) << full.substr(0, cut);
        EXPECT_EQ(r.records[1].message, kDevice) << full.substr(0, cut);
        EXPECT_EQ(r.info.damaged_records, 1u);
    }
}

TEST(RecoverySms, GarbageInsideTheTrailer) {
    const std::string log =
        "garbled  $$<SMS_AMT_OPERATION_MANAGER><01-14-20#9 13:43:12.000+480><thread=12 (0xC)>\n"
        "no close  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480<thread=13 (0xD)>\n" +
        sms_line(kDevice);
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 3u);
    EXPECT_EQ(r.records[0].message, "garbled");
    EXPECT_TRUE(r.records[0].damaged);
    EXPECT_EQ(r.records[0].thread, 12u);
    EXPECT_FALSE(r.records[0].time.has_time);
    EXPECT_EQ(r.records[1].message, "no close");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_EQ(r.records[1].thread, 13u);
    EXPECT_EQ(r.records[2].message, kDevice);
    EXPECT_EQ(r.info.damaged_records, 2u);
    EXPECT_EQ(r.info.damaged_lines, (std::vector<uint64_t>{1, 2}));
}

TEST(RecoverySms, DamagedTrailerGluedToTheNextRecord) {
    const std::string log =
        "a  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:4#:12.000+480><thread=1 (0x1)>b" +
        sms_line("");
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, "a");
    EXPECT_TRUE(r.records[0].damaged);
    EXPECT_EQ(r.records[1].message, "b");
    EXPECT_FALSE(r.records[1].damaged);
    EXPECT_EQ(r.records[1].offset, log.find('b'));
}

TEST(RecoverySms, MessageContinuedOverLinesThenCut) {
    const std::string log =
        "Error: the certificate chain\nis incomplete  $$<SMS_AMT_OPERATION_MANAGER><01-1\n" +
        sms_line(kDevice);
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, "Error: the certificate chain\nis incomplete");
    EXPECT_TRUE(r.records[0].damaged);
    EXPECT_EQ(r.records[0].line, 1u);
    EXPECT_EQ(r.records[0].severity, model::Severity::error);
    EXPECT_EQ(r.records[1].message, kDevice);
}

TEST(RecoverySms, MessageOpenAtTheEndOfTheFile) {
    const ReadResult r = read_bytes(sms_line("first") + "the writer died here");
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[1].message, "the writer died here");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_EQ(r.info.damaged_records, 1u);
}

TEST(RecoveryCcm, CutTrailerAndCutMarker) {
    const std::string log = ccm_line("one") +
                            "<![LOG[cut in the attributes]LOG]!><time=\"13:43:1\r\n" +
                            "<![LOG[cut in the marker]LO\r\n" +
                            "<![LOG[garbled marker]LOG]!#<time=\"13:43:12.000+480\" "
                            "date=\"01-14-2009\" component=\"oobmgmt\" thread=\"9\">\r\n" +
                            ccm_line(kDevice);
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 5u);
    EXPECT_FALSE(r.records[0].damaged);
    EXPECT_EQ(r.records[1].message, "cut in the attributes");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_FALSE(r.records[1].time.has_time);
    EXPECT_EQ(r.records[2].message, "cut in the marker]LO");
    EXPECT_TRUE(r.records[2].damaged);
    // the attributes after a garbled marker are still read
    EXPECT_EQ(r.records[3].message, "garbled marker");
    EXPECT_TRUE(r.records[3].damaged);
    EXPECT_EQ(r.records[3].thread, 9u);
    EXPECT_EQ(r.records[3].component, "oobmgmt");
    EXPECT_TRUE(r.records[3].time.has_time);
    EXPECT_EQ(r.records[4].message, kDevice);
    EXPECT_FALSE(r.records[4].damaged);
    EXPECT_EQ(r.records[4].line, 5u);
    EXPECT_EQ(r.info.damaged_lines, (std::vector<uint64_t>{2, 3, 4}));
    EXPECT_EQ(r.info.notes, std::vector<std::string>{"3 damaged records (lines 2, 3, 4)"});
}

TEST(RecoveryCcm, RecordsGluedOnOneLine) {
    const std::string a = ccm_line("a", "13:43:12.000+480", "01-14-2009", "");
    const std::string b = ccm_line("b", "13:43:13.000+480", "01-14-2009", "");
    const std::string c = ccm_line("c", "13:43:14.000+480", "01-14-2009", "\n");
    // glued exactly, then with a damaged opener ("< ![LOG[")
    std::string damaged_b = b;
    damaged_b.replace(0, 1, "< ");
    const std::string log = a + b + c + a + damaged_b + c;
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 6u);
    const char* messages[] = {"a", "b", "c", "a", "b", "c"};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(r.records[i].message, messages[i]) << i;
        EXPECT_TRUE(r.records[i].time.has_time) << i;
    }
    EXPECT_EQ(r.records[1].time.local_ms, ms(2009, 1, 14, 13, 43, 13));  // not a's or c's
    EXPECT_EQ(r.records[1].offset, a.size());
    EXPECT_EQ(r.records[1].line, 1u);
    EXPECT_EQ(r.records[3].line, 2u);
    EXPECT_FALSE(r.records[1].damaged);
    EXPECT_TRUE(r.records[4].damaged);  // its opener
    EXPECT_EQ(r.info.damaged_records, 1u);
    EXPECT_EQ(r.info.notes, (std::vector<std::string>{
                                "1 damaged record (line 2)",
                                "4 records glued to the previous one on the same line, split "
                                "(lines 1, 1, 2, 2)"}));
}

TEST(RecoveryCcm, RecordOpenAtTheEndOfTheFile) {
    const ReadResult r = read_bytes(ccm_line("one") + "<![LOG[multi\nline message never clo");
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[1].message, "multi\nline message never clo");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_EQ(r.records[1].line, 2u);
    EXPECT_EQ(r.info.damaged_records, 1u);
}

TEST(RecoveryCcm, DamagedOpenerStillGivesTheRecord) {
    std::string bad = ccm_line("lost its opener");
    bad.erase(0, 1);  // "![LOG[..."
    std::string worse = ccm_line("no opener at all");
    worse.erase(0, 7);
    const ReadResult r = read_bytes(ccm_line("one") + bad + worse + ccm_line("two"));
    ASSERT_EQ(r.records.size(), 4u);
    EXPECT_EQ(r.records[1].message, "lost its opener");
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_TRUE(r.records[1].time.has_time);
    EXPECT_EQ(r.records[2].message, "no opener at all");
    EXPECT_TRUE(r.records[2].damaged);
    EXPECT_EQ(r.records[3].message, "two");
}

TEST(RecoveryCcm, ThousandsOfGluedRecordsNeedNoRecursion) {
    std::string line;  // just under the 1 MiB line cap
    for (int i = 0; i < 7000; ++i) line += ccm_line("m", "13:43:12.000+480", "01-14-2009", "");
    ASSERT_LT(line.size(), cm::kMaxLineBytes);
    const ReadResult r = read_bytes(line);
    EXPECT_EQ(r.records.size(), 7000u);
    EXPECT_EQ(r.info.damaged_records, 0u);
}

}  // namespace
}  // namespace cmlog_test
