// Encodings (§7): UTF-8 with/without BOM, UTF-16LE with/without BOM, Windows-1252 fallback.
#include "test_support.h"

namespace cmlog_test {
namespace {

const std::string kSecond = "Caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80 done";

void expect_utf16_records(const ReadResult& r, uint64_t bom) {
    ASSERT_TRUE(r.info.ok) << r.info.error;
    EXPECT_EQ(r.info.format, cm::LogFormat::sms_trace);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, kReject);
    EXPECT_EQ(r.records[0].component, kOpMgr);
    EXPECT_EQ(r.records[0].thread, 2436u);
    EXPECT_EQ(r.records[0].offset, bom);
    EXPECT_EQ(r.records[1].message, kSecond);  // BMP, smart quotes and a surrogate pair
    EXPECT_EQ(r.records[1].line, 2u);
    // offsets count UTF-16 bytes: the first line has 148 units + CRLF
    const std::string first_line =
        kReject + "  $$<" + kOpMgr + "><08-22-2016 04:15:01.917+420><thread=2436 (0x984)>\r\n";
    EXPECT_EQ(r.records[1].offset, bom + 2 * first_line.size());
    EXPECT_EQ(r.info.lines, 2u);
}

TEST(Encoding, Utf16LeWithBom) {
    const ReadResult r = read(fixture("utf16le_bom.log"));
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf16le_bom);
    expect_utf16_records(r, 2);
}

TEST(Encoding, Utf16LeWithoutBom) {
    const ReadResult r = read(fixture("utf16le_nobom.log"));
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf16le);
    expect_utf16_records(r, 0);
    const cm::Sniff sniff = cm::sniff_log(fixture("utf16le_nobom.log"));
    EXPECT_TRUE(sniff.is_text);
    EXPECT_EQ(sniff.encoding, cm::Encoding::utf16le);
    EXPECT_EQ(sniff.format, cm::LogFormat::sms_trace);
    EXPECT_EQ(sniff.component, kOpMgr);
}

TEST(Encoding, Utf8Bom) {
    const ReadResult r = read(fixture("sms_trace_bom.log"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf8_bom);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, kReject);  // no BOM bytes in the first message
    EXPECT_EQ(r.records[0].offset, 3u);
    EXPECT_EQ(r.records[0].line, 1u);
}

TEST(Encoding, Windows1252FallbackPerLine) {
    const ReadResult r = read(fixture("cp1252.log"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.encoding, cm::Encoding::windows1252);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, "Plain ASCII line");
    // 0xE9 -> é, 0x93/0x94 -> smart quotes, 0x80 -> euro sign
    EXPECT_EQ(r.records[1].message, "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5");
    EXPECT_EQ(r.records[1].component, kOpMgr);
}

TEST(Encoding, ValidUtf8IsNotReinterpreted) {
    TempDir dir;
    const ReadResult r = read(dir.write("u.log", "Caf\xC3\xA9 ok\n"));
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf8);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.records[0].message, "Caf\xC3\xA9 ok");
}

// Lines, surrogate pairs and CRLF that straddle the 1 MiB read buffer boundary.
TEST(Encoding, Utf16AcrossBufferBoundaries) {
    std::u16string text;
    const std::u16string line =
        u"\U0001F600 r\u00e9cord  $$<SMS_AMT_OPERATION_MANAGER><08-22-2016 04:15:01.917+420>"
        u"<thread=2436 (0x984)>\r\n";
    const std::size_t count = (3u << 20) / (2 * line.size()) + 7;
    std::u16string odd = u"x";  // shifts the layout so units fall differently at each boundary
    for (std::size_t i = 0; i < count; ++i) text += (i % 3 == 0 ? odd : u"") + line;
    std::string bytes = "\xFF\xFE";
    for (const char16_t u : text) {
        bytes += static_cast<char>(u & 0xFF);
        bytes += static_cast<char>(u >> 8);
    }
    TempDir dir;
    std::size_t n = 0;
    bool all_good = true;
    const auto info = cm::read_log(dir.write("big16.log", bytes), [&](const cm::LogRecord& r) {
        const bool good = r.message ==
                              "\xF0\x9F\x98\x80 r\xC3\xA9"
                              "cord" ||
                          r.message ==
                              "x\xF0\x9F\x98\x80 r\xC3\xA9"
                              "cord";
        if (!good && all_good) ADD_FAILURE() << "record " << n << ": " << r.message;
        all_good = all_good && good && r.thread == 2436;
        ++n;
    });
    EXPECT_TRUE(info.ok);
    EXPECT_TRUE(all_good);
    EXPECT_EQ(n, count);
    EXPECT_EQ(info.lines, count);
    EXPECT_EQ(info.bytes, bytes.size());
}

TEST(Encoding, SniffRecognisesEncodings) {
    EXPECT_EQ(cm::sniff_bytes("\xEF\xBB\xBFhello\n").encoding, cm::Encoding::utf8_bom);
    EXPECT_EQ(cm::sniff_bytes(std::string("\xFF\xFEh\0i\0", 6)).encoding,
              cm::Encoding::utf16le_bom);
    EXPECT_EQ(cm::sniff_bytes(std::string("h\0i\0!\0", 6)).encoding, cm::Encoding::utf16le);
    EXPECT_EQ(cm::sniff_bytes("caf\xE9\n").encoding, cm::Encoding::windows1252);
    EXPECT_EQ(cm::sniff_bytes("plain\n").encoding, cm::Encoding::utf8);
}

}  // namespace
}  // namespace cmlog_test
