// FileInfo: hashing, counts, errors; sniffing.
#include "test_support.h"

namespace cmlog_test {
namespace {

TEST(FileInfo, Sha256OfTheFileBytes) {
    TempDir dir;
    const ReadResult r = read(dir.write("abc.log", "abc"));
    ASSERT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(r.info.bytes, 3u);
    EXPECT_EQ(r.info.lines, 1u);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.records[0].message, "abc");
}

TEST(FileInfo, Sha256SpansSeveralBuffers) {
    // 3 MiB of 'a': digest from `head -c 3145728 /dev/zero | tr '\0' a | sha256sum`
    TempDir dir;
    const ReadResult r = read(dir.write("big.log", std::string(3u << 20, 'a')));
    EXPECT_EQ(r.info.sha256, "6f850bc94ae6f7de14297c01616c36d712d22864497b28a63b81d776b035e656")
        << "recompute with the shell command above if this ever changes";
    EXPECT_EQ(r.info.bytes, 3u << 20);
}

TEST(FileInfo, EmptyFile) {
    TempDir dir;
    const ReadResult r = read(dir.write("empty.log", ""));
    EXPECT_TRUE(r.info.ok);
    EXPECT_EQ(r.info.records, 0u);
    EXPECT_EQ(r.info.lines, 0u);
    EXPECT_EQ(r.info.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_FALSE(cm::sniff_bytes("").is_text);
    EXPECT_EQ(cm::sniff_bytes("").reason, "empty file");
}

TEST(FileInfo, MissingFile) {
    const ReadResult r = read(fixture("does_not_exist.log"));
    EXPECT_FALSE(r.info.ok);
    EXPECT_EQ(r.info.error, "cannot open: No such file or directory");
    EXPECT_TRUE(r.records.empty());
    const cm::Sniff sniff = cm::sniff_log(fixture("does_not_exist.log"));
    EXPECT_FALSE(sniff.is_text);
    EXPECT_EQ(sniff.reason, "cannot open: No such file or directory");
}

TEST(FileInfo, DirectoryIsUnreadable) {
    TempDir dir;
    const ReadResult r = read(dir.path());
    EXPECT_FALSE(r.info.ok);
    EXPECT_EQ(r.info.error, "cannot read: Is a directory");
}

TEST(FileInfo, BinaryFileIsNotATextLog) {
    std::string bytes = "MZ\x90";
    for (int i = 0; i < 4000; ++i) bytes += static_cast<char>(i % 7 == 0 ? 0 : (i * 37) & 0xFF);
    TempDir dir;
    const ReadResult r = read(dir.write("tool.exe", bytes));
    EXPECT_FALSE(r.info.ok);
    EXPECT_EQ(r.info.error, "binary data at byte 3, not a text log");
    EXPECT_TRUE(r.records.empty());
    const cm::Sniff sniff = cm::sniff_bytes(bytes);
    EXPECT_FALSE(sniff.is_text);
    EXPECT_EQ(sniff.reason, "binary data at byte 3, not a text log");
    // all zeros is binary too, not UTF-16
    EXPECT_FALSE(cm::sniff_bytes(std::string(1000, '\0')).is_text);
}

TEST(FileInfo, CountsAndDominantComponent) {
    const ReadResult r = read(fixture("ccm_single.log"));
    EXPECT_EQ(r.info.records, 5u);
    EXPECT_EQ(r.info.lines, 5u);
    EXPECT_EQ(r.info.bytes, slurp(fixture("ccm_single.log")).size());
    EXPECT_EQ(r.info.dominant_component, "oobmgmt");  // 2 vs 2 with SCClient: first seen wins
    EXPECT_EQ(r.info.sha256.size(), 64u);
}

TEST(FileInfo, ToStringNames) {
    EXPECT_EQ(cm::to_string(cm::LogFormat::ccm), "ccm");
    EXPECT_EQ(cm::to_string(cm::LogFormat::sms_trace), "sms-trace");
    EXPECT_EQ(cm::to_string(cm::LogFormat::viewer_copy), "viewer-copy");
    EXPECT_EQ(cm::to_string(cm::LogFormat::bare), "bare");
    EXPECT_EQ(cm::to_string(cm::Encoding::utf8), "utf-8");
    EXPECT_EQ(cm::to_string(cm::Encoding::utf8_bom), "utf-8 (BOM)");
    EXPECT_EQ(cm::to_string(cm::Encoding::utf16le), "utf-16le");
    EXPECT_EQ(cm::to_string(cm::Encoding::utf16le_bom), "utf-16le (BOM)");
    EXPECT_EQ(cm::to_string(cm::Encoding::windows1252), "windows-1252");
}

TEST(FileInfo, VeryLongLineStaysBounded) {
    // 3 MiB without a line end: handed out in pieces, nothing lost, no crash.
    TempDir dir;
    std::size_t total = 0;
    const auto info = cm::read_log(dir.write("long.log", std::string(3u << 20, 'x')),
                                   [&](const cm::LogRecord& r) { total += r.message.size(); });
    EXPECT_TRUE(info.ok);
    EXPECT_EQ(total, 3u << 20);
    EXPECT_EQ(info.lines, 1u);
}

}  // namespace
}  // namespace cmlog_test
