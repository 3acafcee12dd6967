// The decoding and splitting of Windows command output shared by the hotfix and whoami readers.
#include <gtest/gtest.h>

#include <string>

#include "parsers/cmdout/cmdout.h"

namespace {

namespace co = amtdiag::parsers::cmdout;

std::string utf16(const std::string& ascii, bool bom) {
    std::string out = bom ? std::string("\xFF\xFE") : std::string();
    for (char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

TEST(Decode, Encodings) {
    EXPECT_EQ(co::decode("abc").encoding, "utf-8");
    EXPECT_EQ(co::decode("\xEF\xBB\xBF"
                         "abc")
                  .text,
              "abc");
    EXPECT_EQ(co::decode("\xEF\xBB\xBF"
                         "abc")
                  .encoding,
              "utf-8 (BOM)");
    const auto d = co::decode(utf16("Host Name:   CM01\r\n", true));
    EXPECT_EQ(d.text, "Host Name:   CM01\r\n");
    EXPECT_EQ(d.encoding, "utf-16le (BOM)");
    EXPECT_TRUE(d.notes.empty());
    EXPECT_EQ(co::decode(utf16("Host Name:   CM01\r\n", false)).encoding, "utf-16le");
    // Windows-1252 bytes (a cmd redirect of the (R) sign) are kept as text.
    const auto ansi = co::decode("Microsoft\xAE Windows");
    EXPECT_EQ(ansi.text, "Microsoft\xC2\xAE Windows");
    EXPECT_EQ(ansi.encoding, "windows-1252");
}

TEST(Decode, LoneSurrogatesAreCounted) {
    std::string bytes = utf16("abcdefgh", true);
    bytes += std::string("\x00\xD8", 2);  // a high surrogate without its pair
    bytes += utf16("ijklmnop", false);
    const auto d = co::decode(bytes);
    EXPECT_NE(d.text.find("\xEF\xBF\xBD"), std::string::npos);
    ASSERT_FALSE(d.notes.empty());
    EXPECT_NE(d.notes.back().find("1 invalid UTF-16 code unit was replaced"), std::string::npos);
}

TEST(Decode, Utf8AppendedToUtf16AndBack) {
    const std::string first(200, 'a');
    const std::string bytes = utf16(first + "\r\n", true) + std::string(150, 'b') + "\r\n" +
                              utf16(std::string(120, 'c'), true);
    const auto d = co::decode(bytes);
    EXPECT_EQ(d.encoding, "utf-16le (BOM) + utf-8 + utf-16le");
    EXPECT_NE(d.text.find(first + "\r\n" + std::string(150, 'b')), std::string::npos);
    EXPECT_NE(d.text.find(std::string(120, 'c')), std::string::npos);
    EXPECT_EQ(d.text.find('\0'), std::string::npos);
    EXPECT_EQ(d.text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(Lines, WmicCrCrLfIsOneLineEnd) {
    const auto lines = co::split_lines("a\r\r\nb\r\nc\nd\re");
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].text, "a");
    EXPECT_EQ(lines[1].text, "b");
    EXPECT_EQ(lines[1].number, 2u);
    EXPECT_EQ(lines[4].text, "e");
}

TEST(Csv, QuotesCommasAndCutRows) {
    auto f = co::csv_fields("\"a, b\",c,\"d \"\"e\"\"\",");
    ASSERT_TRUE(f);
    EXPECT_EQ(*f, (std::vector<std::string>{"a, b", "c", "d \"e\"", ""}));
    EXPECT_FALSE(co::csv_fields("\"a\",\"b"));
}

TEST(Columns, RuleAndWords) {
    const std::string header = "Source Description     HotFixID";
    const std::string rule = "------ -----------     --------";
    const auto cols = co::columns_from_rule(header, rule, '-');
    ASSERT_EQ(cols.size(), 3u);
    EXPECT_EQ(cols[1].name, "Description");
    EXPECT_EQ(cols[2].start, 23u);
    const auto cells = co::cut_row("CM03   Security Update KB958623", cols);
    EXPECT_EQ(cells, (std::vector<std::string>{"CM03", "Security Update", "KB958623"}));
    EXPECT_TRUE(co::row_aligned("CM03   Security Update KB958623", cols));
    EXPECT_FALSE(co::row_aligned("CM03 Security Update KB958623 x y z", cols));
    const auto words = co::columns_from_words("Caption  CSName  HotFixID");
    ASSERT_EQ(words.size(), 3u);
    EXPECT_EQ(words[2].start, 17u);
}

}  // namespace
