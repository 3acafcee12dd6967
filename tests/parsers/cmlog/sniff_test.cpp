// Detection by content: what is a log, what is empty, what is binary and what it looks like.
#include "test_support.h"

namespace cmlog_test {
namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xFF);
    return out;
}

TEST(Sniff, CompressedAndBinaryFilesAreNamed) {
    const std::string tail = random_bytes(3000, 1);
    const std::pair<std::string, std::string> cases[] = {
        {std::string("\x1F\x8B\x08\x00", 4) + tail, "gzip-compressed data"},
        {"BZh91AY&SY" + tail, "bzip2-compressed data"},
        {std::string("\xFD"
                     "7zXZ\0",
                     6) +
             tail,
         "xz-compressed data"},
        {"\x28\xB5\x2F\xFD" + tail, "zstd-compressed data"},
        {"PK\x03\x04" + tail, "zip archive"},
        {"7z\xBC\xAF\x27\x1C" + tail, "7-zip archive"},
        {"\xD4\xC3\xB2\xA1" + tail, "pcap packet capture"},
        {"\x0A\x0D\x0D\x0A" + tail, "pcapng packet capture"},
        {"\x7F"
         "ELF" +
             tail,
         "ELF executable"},
        {std::string("MZ\x90\0", 4) + tail, "Windows executable (MZ/PE)"},
    };
    for (const auto& [bytes, reason] : cases) {
        const cm::Sniff s = cm::sniff_bytes(bytes);
        EXPECT_FALSE(s.is_text) << reason;
        EXPECT_FALSE(s.is_empty) << reason;
        EXPECT_EQ(s.reason, reason);
        const ReadResult r = read_bytes(bytes);
        EXPECT_FALSE(r.info.ok);
        EXPECT_EQ(r.info.error, reason);
        EXPECT_TRUE(r.records.empty());
    }
}

TEST(Sniff, RandomBytesAreNeverText) {
    for (unsigned seed = 0; seed < 200; ++seed) {
        for (const std::size_t n : {64u, 1000u, 70000u}) {
            const cm::Sniff s = cm::sniff_bytes(random_bytes(n, seed));
            EXPECT_FALSE(s.is_text) << "seed " << seed << " size " << n;
            EXPECT_EQ(s.reason.rfind("binary data (", 0), 0u) << s.reason;
        }
    }
    EXPECT_NE(cm::sniff_bytes(random_bytes(70000, 3)).reason.find("in the first 64 KiB"),
              std::string::npos);
    // Only bytes above 0x7F, no control bytes at all: still not Windows-1252 text.
    std::string high = random_bytes(5000, 7);
    for (char& c : high) c = static_cast<char>(static_cast<unsigned char>(c) | 0x80);
    const cm::Sniff s = cm::sniff_bytes(high);
    EXPECT_FALSE(s.is_text);
    EXPECT_EQ(s.reason.rfind("binary data (", 0), 0u) << s.reason;
}

TEST(Sniff, DamagedLogsAreLogs) {
    // NUL padding, a few stray control bytes, terminal colours, 1252 accents.
    std::string log = sms_line("ok") + sms_line("caf\xE9 \x93q\x94") +
                      sms_line("\x1B[31mred\x1B[0m bell\x07") + std::string(50000, '\0');
    const cm::Sniff s = cm::sniff_bytes(log);
    EXPECT_TRUE(s.is_text) << s.reason;
    EXPECT_EQ(s.encoding, cm::Encoding::windows1252);
    EXPECT_EQ(s.structure, cm::RecordStructure::records);
    const cm::Sniff wide =
        cm::sniff_bytes("\xFF\xFE" + utf16le(sms_line("x")) + std::string(60000, '\0'));
    EXPECT_TRUE(wide.is_text) << wide.reason;
    EXPECT_EQ(wide.format, cm::LogFormat::sms_trace);
}

TEST(Sniff, EmptyAndBlankFilesHaveTheirOwnReason) {
    const std::pair<std::string, std::string> cases[] = {
        {"", "empty file"},
        {"\xEF\xBB\xBF", "empty file (byte order mark only)"},
        {"\xFF\xFE", "empty file (byte order mark only)"},
        {" \r\n\t\r\n\n   ", "only blank lines"},
        {"\xFF\xFE" + utf16le("  \r\n \r\n"), "only blank lines"},
        {std::string(5000, '\0'), "only NUL bytes (a log whose text was never written)"},
    };
    for (const auto& [bytes, reason] : cases) {
        const cm::Sniff s = cm::sniff_bytes(bytes);
        EXPECT_FALSE(s.is_text) << reason;
        EXPECT_TRUE(s.is_empty) << reason;
        EXPECT_EQ(s.reason, reason);
        const ReadResult r = read_bytes(bytes);  // the reader reads them: nothing in them
        EXPECT_TRUE(r.info.ok) << reason;
        EXPECT_TRUE(r.records.empty()) << reason;
    }
}

TEST(Sniff, RecordStructureAndConfidence) {
    const cm::Sniff sms = cm::sniff_bytes(sms_line("a") + sms_line("b"));
    EXPECT_EQ(sms.structure, cm::RecordStructure::records);
    EXPECT_EQ(sms.confidence, 100u);
    EXPECT_EQ(sms.record_lines, 2u);
    EXPECT_EQ(sms.text_lines, 2u);
    const cm::Sniff ccm =
        cm::sniff_bytes(ccm_line("a") + "<![LOG[multi\nline]LOG]!><time=\"1\">\n");
    EXPECT_EQ(ccm.structure, cm::RecordStructure::records);
    EXPECT_EQ(ccm.format, cm::LogFormat::ccm);
    EXPECT_EQ(ccm.confidence, 67u);  // 2 of 3 lines
    const cm::Sniff viewer =
        cm::sniff_bytes("msg\tSMS_AMT_OPERATION_MANAGER\t1/14/2009 1:43:12 PM\t2436 (0x984)\n");
    EXPECT_EQ(viewer.structure, cm::RecordStructure::records);
    EXPECT_EQ(viewer.format, cm::LogFormat::viewer_copy);
    const cm::Sniff markers = cm::sniff_bytes("cut  $$<SMS_AMT_OPERATION_MANAGER><01-1\n");
    EXPECT_EQ(markers.structure, cm::RecordStructure::markers);
    EXPECT_EQ(markers.confidence, 0u);
    const cm::Sniff prose = cm::sniff_bytes("Dear support,\nthe provisioning fails.\n");
    EXPECT_TRUE(prose.is_text);
    EXPECT_EQ(prose.structure, cm::RecordStructure::none);
    EXPECT_EQ(prose.confidence, 0u);
    EXPECT_EQ(cm::to_string(cm::RecordStructure::markers), "markers");
}

}  // namespace
}  // namespace cmlog_test
