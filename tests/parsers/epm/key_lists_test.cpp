// The endpoint manager's PID/PPS list and device list: every form read, check characters
// judged as the firmware does, the PPS never kept.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parsers/cmdout/cmdout.h"
#include "parsers/epm/key_lists.h"

namespace amtdiag::parsers::epm {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(AMTDIAG_RULE_FIXTURES) + "/epm/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return cmdout::decode(s.str()).text;
}

TEST(CheckCharacter, IntelsWorkedExample) {
    EXPECT_EQ(check_character("0000037"), 'M');
    for (std::string_view g : {"NKL", "G5D", "RRN", "E9Y", "ZIJ", "7LF", "VJE", "69X"})
        EXPECT_NE(check_character(g), '?');
    EXPECT_EQ(check_character("NKL"), 'D');
    EXPECT_EQ(check_character("69X"), 'J');
}

TEST(PidList, PrintedListWithDashes) {
    const KeyLists l = parse_key_lists(fixture("pid-list.txt"));
    ASSERT_EQ(l.pids.size(), 5u);
    EXPECT_EQ(l.pids[0].pid, "0000-037M");
    EXPECT_EQ(l.pids[0].line, 5u);
    for (const auto& p : l.pids) {
        EXPECT_TRUE(p.pid_checksum_ok) << p.pid;
        EXPECT_TRUE(p.pps_checksum_ok) << p.pid;
        EXPECT_EQ(p.masked_line.find("NKLD"), std::string::npos) << p.masked_line;
        EXPECT_NE(p.masked_line.find("****-****-****-****-****-****-****-****"), std::string::npos);
    }
    EXPECT_TRUE(l.devices.empty());
    EXPECT_GT(pid_list_confidence(fixture("pid-list.txt")), 80);
}

TEST(PidList, CsvWithoutDashesInNamedColumns) {
    const KeyLists l = parse_key_lists(fixture("pid-list-other-batch.csv"));
    ASSERT_EQ(l.pids.size(), 3u);
    EXPECT_EQ(l.pids[0].pid, "OOA5-LQSC");
    EXPECT_TRUE(l.pids[0].pps_checksum_ok);
    EXPECT_NE(l.pids[0].masked_line.find(std::string(32, '*')), std::string::npos);
    EXPECT_EQ(l.pids[0].masked_line.find("AJ078XUD"), std::string::npos);
}

TEST(PidList, NoPartOfAPpsSurvivesARowWhoseQuotesWereRepaired) {
    // Found by the fuzzer: the CSV reader joins a field broken by a stray quote, so the PPS is
    // not in the row verbatim; the excerpt must still hold none of it.
    const KeyLists l = parse_key_lists(
        "\"PID\",\"PPS\",\"Status\"\r\n"
        "\"K7BN7XJN\",\"8B7XTFQJ7XK2WO8686VGOMPKZM\"7WU5FO,\"Unused\"\r\n");
    for (const auto& p : l.pids) {
        EXPECT_EQ(p.masked_line.find("8B7XTFQJ"), std::string::npos) << p.masked_line;
        EXPECT_EQ(p.masked_line.find("7WU5FO"), std::string::npos) << p.masked_line;
    }
}

TEST(PidList, WrongCheckCharactersNamed) {
    const KeyLists l = parse_key_lists(fixture("pid-list-bad-checksum.txt"));
    ASSERT_EQ(l.pids.size(), 2u);
    EXPECT_TRUE(l.pids[0].pid_checksum_ok);
    EXPECT_FALSE(l.pids[0].pps_checksum_ok);
    EXPECT_EQ(l.pids[0].bad_pps_groups, std::vector<int>{2});
    EXPECT_FALSE(l.pids[1].pid_checksum_ok);
    EXPECT_TRUE(l.pids[1].pps_checksum_ok);
}

TEST(PidList, LowerCaseAndTabsAndTwoPairsOnALine) {
    const KeyLists l = parse_key_lists(
        "0000-037m\tnkld-g5dc-rrnq-e9yz-zijl-7lfl-vjed-69xj\n"
        "0000-037M NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ 0000-037M "
        "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ\n");
    ASSERT_EQ(l.pids.size(), 1u);
    EXPECT_EQ(l.pids[0].pid, "0000-037M");
    EXPECT_TRUE(l.pids[0].pps_checksum_ok);
    EXPECT_EQ(l.damaged, 1u);
    EXPECT_EQ(l.damaged_lines, std::vector<uint64_t>{2});
}

TEST(PidList, NotAListWhenGroupsAreGluedToOtherText) {
    // A GUID or a licence key is no PID/PPS pair.
    const KeyLists l = parse_key_lists(
        "key ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ01-2345-6789 id 0000-037M\n"
        "{939B524B-13D4-1D18-E487-1C697A6B7A2B}\n");
    EXPECT_TRUE(l.pids.empty());
    EXPECT_EQ(pid_list_confidence("hello world\n0000-037M\n"), 0);
}

TEST(DeviceList, CsvWithUuidColumn) {
    const KeyLists l = parse_key_lists(fixture("unmanaged-devices.csv"));
    ASSERT_EQ(l.devices.size(), 2u);
    EXPECT_EQ(l.devices[1].uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(l.devices[1].name, "vpro-939b");
    EXPECT_EQ(l.devices[1].ip, "192.168.2.133");
    EXPECT_EQ(l.devices[1].line, 3u);
    EXPECT_GT(device_list_confidence(fixture("unmanaged-devices.csv")), 50);
}

TEST(DeviceList, TabSeparatedWithBracedLowerCaseUuids) {
    const KeyLists l = parse_key_lists(
        "Name\tUUID\tIP\r\nws1\t{939b524b-13d4-1d18-e487-1c697a6b7a2b}\t10.0.0.5\r\n"
        "ws2\tnot-a-uuid\t10.0.0.6\r\n");
    ASSERT_EQ(l.devices.size(), 1u);
    EXPECT_EQ(l.devices[0].uuid, "939B524B-13D4-1D18-E487-1C697A6B7A2B");
    EXPECT_EQ(l.devices[0].name, "ws1");
    EXPECT_EQ(l.damaged, 1u);
}

TEST(DeviceList, NoHeaderNoList) {
    EXPECT_EQ(device_list_confidence("ws1,939B524B-13D4-1D18-E487-1C697A6B7A2B\n"), 0);
}

}  // namespace
}  // namespace amtdiag::parsers::epm
