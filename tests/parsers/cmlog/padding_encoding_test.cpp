// NUL padding, line-end styles, encoding changes in the middle of a file, byte order marks.
#include "test_support.h"

namespace cmlog_test {
namespace {

std::vector<std::string> messages(const ReadResult& r) {
    std::vector<std::string> out;
    for (const Rec& rec : r.records) out.push_back(rec.message);
    return out;
}

// 5,120 bytes of log, as in the note the reader writes.
std::string log_of_5120_bytes() {
    std::string log;
    for (int i = 0; log.size() < 5120; ++i) log += sms_line("record " + std::to_string(i));
    log.resize(5120 - 2);
    log += "\r\n";
    return log;
}

TEST(NulPadding, CrashPaddingAtTheEndIsSkippedWithANote) {
    const std::string text = log_of_5120_bytes();
    const std::string log = text + std::string(1u << 20, '\0');
    const ReadResult r = read_bytes(log);
    ASSERT_TRUE(r.info.ok) << r.info.error;
    EXPECT_EQ(r.info.skipped_bytes, 1u << 20);
    // the last record was cut by resize() above, mid-trailer
    EXPECT_EQ(r.info.damaged_records, 1u);
    EXPECT_EQ(r.info.notes, (std::vector<std::string>{
                                "NUL padding skipped: 1,048,576 bytes from byte 5,120 (what a "
                                "crash leaves)",
                                "1 damaged record (line " + std::to_string(r.info.lines) + ")"}));
    EXPECT_EQ(r.records.back().line, r.info.lines);
    const cm::Sniff sniff = cm::sniff_bytes(log);
    EXPECT_TRUE(sniff.is_text) << sniff.reason;
    EXPECT_EQ(sniff.format, cm::LogFormat::sms_trace);
}

TEST(NulPadding, PaddingInsideALogEndsTheCutRecordAndReadingGoesOn) {
    // The writer crashed mid-record, the file was padded, the restarted writer appended.
    const std::string log = sms_line("before") + "half a rec" + std::string(4096, '\0') +
                            sms_line("after the restart") + sms_line("next");
    const ReadResult r = read_bytes(log);
    EXPECT_EQ(messages(r),
              (std::vector<std::string>{"before", "half a rec", "after the restart", "next"}));
    EXPECT_TRUE(r.records[1].damaged);
    EXPECT_FALSE(r.records[2].damaged);
    // the text after the padding continues the physical line the padding started on
    EXPECT_EQ(r.records[1].line, 2u);
    EXPECT_EQ(r.records[2].line, 2u);
    EXPECT_EQ(r.records[3].line, 3u);
    EXPECT_EQ(r.records[2].offset, log.find("after"));
    EXPECT_EQ(r.info.skipped_bytes, 4096u);
}

TEST(NulPadding, FewNulsInsideALineAreData) {
    const std::string log = sms_line(std::string("a\0\0b", 4)) + sms_line("c");
    const ReadResult r = read_bytes(log);
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].message, std::string("a\0\0b", 4));
    EXPECT_EQ(r.info.skipped_bytes, 0u);
}

TEST(NulPadding, Utf16LogWithPadding) {
    const std::string text = "\xFF\xFE" + utf16le(sms_line("one") + sms_line("two"));
    const std::string log = text + std::string(10000, '\0') + utf16le(sms_line("three"));
    const ReadResult r = read_bytes(log);
    ASSERT_TRUE(r.info.ok) << r.info.error;
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf16le_bom);
    EXPECT_EQ(messages(r), (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_EQ(r.info.skipped_bytes, 10000u);
    // odd-length padding: the reader realigns on the text
    const ReadResult odd = read_bytes(text + std::string(10001, '\0') + utf16le(sms_line("3")));
    EXPECT_EQ(messages(odd), (std::vector<std::string>{"one", "two", "3"}));
    // padding without a BOM, from the start of the head
    const ReadResult nobom = read_bytes(utf16le(sms_line("x")) + std::string(60000, '\0'));
    EXPECT_EQ(nobom.info.encoding, cm::Encoding::utf16le);
    EXPECT_EQ(messages(nobom), std::vector<std::string>{"x"});
}

TEST(LineEnds, CrOnlyAndMixed) {
    const ReadResult cr = read_bytes(sms_line("a", "13:43:12.000", 1, "01-14-2009", "\r") +
                                     sms_line("b", "13:43:12.000", 1, "01-14-2009", "\r"));
    EXPECT_EQ(messages(cr), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(cr.info.lines, 2u);
    EXPECT_EQ(cr.records[1].line, 2u);
    EXPECT_EQ(cr.info.notes, std::vector<std::string>{"line ends are CR only (old Mac style)"});

    const std::string mixed = sms_line("a", "13:43:12.000", 1, "01-14-2009", "\r\n") +
                              sms_line("b", "13:43:12.000", 1, "01-14-2009", "\n") +
                              sms_line("c", "13:43:12.000", 1, "01-14-2009", "\r") + "d\r\n";
    const ReadResult m = read_bytes(mixed);
    EXPECT_EQ(messages(m), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(m.records[3].line, 4u);
    EXPECT_EQ(m.info.notes.back(), "mixed line ends: 2 CRLF, 1 LF, 1 CR alone");
    // UTF-16 CR-only
    const ReadResult wide = read_bytes("\xFF\xFE" + utf16le("one\rtwo\rthree"));
    EXPECT_EQ(messages(wide), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(LineEnds, CrLfSplitBetweenReadsIsOneLineEnd) {
    const std::string log = "a\r\nb\r\nc\r\n";
    for (std::size_t chunk = 1; chunk <= 4; ++chunk) {
        cm::ReadOptions options;
        options.chunk_bytes = chunk;
        const ReadResult r = read_bytes(log, options);
        EXPECT_EQ(r.info.lines, 3u) << chunk;
        EXPECT_TRUE(r.info.notes.empty()) << chunk;
    }
}

TEST(EncodingSwitch, Utf16LogAppendedWithUtf8) {
    const std::string wide = "\xFF\xFE" + utf16le(sms_line("wide one") + sms_line("wide two"));
    const std::string log = wide + sms_line("narrow one") + sms_line("narrow two");
    const ReadResult r = read_bytes(log);
    EXPECT_EQ(messages(r),
              (std::vector<std::string>{"wide one", "wide two", "narrow one", "narrow two"}));
    EXPECT_EQ(r.info.encoding, cm::Encoding::utf16le_bom);
    EXPECT_EQ(r.info.notes, std::vector<std::string>{"encoding changes from UTF-16LE to UTF-8 at "
                                                     "byte " +
                                                     std::to_string(wide.size())});
    EXPECT_EQ(r.records[2].offset, wide.size());
    EXPECT_EQ(r.records[2].line, 3u);
    for (const Rec& rec : r.records) EXPECT_FALSE(rec.damaged);
    // a short UTF-8 tail too
    const ReadResult tail = read_bytes(wide + "tail\r\n");
    EXPECT_EQ(tail.records.back().message, "tail");
}

TEST(EncodingSwitch, Utf8LogAppendedWithUtf16WithAndWithoutBom) {
    const std::string narrow = sms_line("narrow");
    for (const std::string& bom : {std::string(), std::string("\xFF\xFE")}) {
        const std::string log = narrow + bom + utf16le(sms_line("wide") + sms_line("wide 2"));
        const ReadResult r = read_bytes(log);
        EXPECT_EQ(messages(r), (std::vector<std::string>{"narrow", "wide", "wide 2"}));
        ASSERT_FALSE(r.info.notes.empty());
        EXPECT_EQ(r.info.notes[0], "encoding changes from UTF-8 to UTF-16LE at byte " +
                                       std::to_string(narrow.size()));
        EXPECT_EQ(r.records[1].offset, narrow.size() + bom.size());
    }
}

TEST(EncodingSwitch, UnterminatedLineBeforeTheSwitchIsCut) {
    const std::string log = sms_line("a") + "cut mid-mess" + utf16le(sms_line("wide"));
    const ReadResult r = read_bytes(log);
    EXPECT_EQ(messages(r), (std::vector<std::string>{"a", "cut mid-mess", "wide"}));
    EXPECT_TRUE(r.records[1].damaged);
}

TEST(ByteOrderMarks, LyingBomsAndBomsInsideTheText) {
    const ReadResult lying16 = read_bytes("\xFF\xFE" + sms_line("utf-8 after all"));
    EXPECT_EQ(lying16.info.encoding, cm::Encoding::utf8);
    EXPECT_EQ(messages(lying16), std::vector<std::string>{"utf-8 after all"});
    EXPECT_EQ(lying16.info.notes,
              std::vector<std::string>{"byte order mark says UTF-16LE but the text is UTF-8: read "
                                       "as UTF-8"});
    const ReadResult lying8 = read_bytes("\xEF\xBB\xBF" + utf16le(sms_line("utf-16 after all")));
    EXPECT_EQ(lying8.info.encoding, cm::Encoding::utf16le);
    EXPECT_EQ(messages(lying8), std::vector<std::string>{"utf-16 after all"});
    // another writer's BOM at the start of a line
    const ReadResult inner = read_bytes(sms_line("a") + "\xEF\xBB\xBF" + sms_line("b"));
    EXPECT_EQ(messages(inner), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(inner.info.notes,
              std::vector<std::string>{"1 byte order mark inside the text removed (line 2)"});
    // encodings ConfigMgr never writes are named, not misread
    EXPECT_EQ(cm::sniff_bytes("\xFE\xFF\0a\0b").reason.rfind("UTF-16BE text", 0), 0u);
    EXPECT_EQ(
        read_bytes(std::string("\xFF\xFE\0\0a\0\0\0b\0\0\0", 12)).info.error.rfind("UTF-32LE", 0),
        0u);
}

}  // namespace
}  // namespace cmlog_test
