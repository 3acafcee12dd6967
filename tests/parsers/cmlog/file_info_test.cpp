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
    EXPECT_EQ(r.info.error, "Windows executable (MZ/PE)");  // named by its magic number
    EXPECT_TRUE(r.records.empty());
    const cm::Sniff sniff = cm::sniff_bytes(bytes);
    EXPECT_FALSE(sniff.is_text);
    EXPECT_FALSE(sniff.is_empty);
    EXPECT_EQ(sniff.reason, "Windows executable (MZ/PE)");
    // Without the magic number the bytes themselves give it away.
    const cm::Sniff noise = cm::sniff_bytes(bytes.substr(2));
    EXPECT_FALSE(noise.is_text);
    EXPECT_EQ(noise.reason.rfind("binary data (", 0), 0u) << noise.reason;
    // all zeros is nothing to read, not UTF-16 and not binary
    const cm::Sniff zeros = cm::sniff_bytes(std::string(1000, '\0'));
    EXPECT_FALSE(zeros.is_text);
    EXPECT_TRUE(zeros.is_empty);
    EXPECT_EQ(zeros.reason, "only NUL bytes (a log whose text was never written)");
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
    // 3 MiB without a line end: one record keeping the head and the tail, the rest counted.
    TempDir dir;
    std::size_t total = 0, records = 0;
    bool truncated = false;
    const auto info = cm::read_log(dir.write("long.log", std::string(3u << 20, 'x')),
                                   [&](const cm::LogRecord& r) {
                                       total += r.message.size();
                                       truncated = r.truncated || truncated;
                                       ++records;
                                   });
    EXPECT_TRUE(info.ok);
    EXPECT_EQ(records, 1u);
    EXPECT_TRUE(truncated);
    EXPECT_EQ(total, cm::kMaxLineBytes + cm::kLineTailBytes);
    EXPECT_EQ(info.truncated_bytes, (3u << 20) - total);
    EXPECT_EQ(info.lines, 1u);
    ASSERT_FALSE(info.notes.empty());
    EXPECT_EQ(info.notes.back(),
              "1 line longer than 1,048,576 bytes truncated (line 1): 2,093,056 bytes dropped");
}

}  // namespace
}  // namespace cmlog_test
