// Reading from memory, descriptors and streams; results independent of read sizes.
#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "test_support.h"

namespace cmlog_test {
namespace {

// Inputs with every kind of damage at once, each around a read boundary somewhere.
std::vector<std::string> tricky_inputs() {
    std::vector<std::string> out;
    const char* names[] = {"ccm_single.log",   "ccm_multiline.log",  "ccm_truncated.log",
                           "sms_trace.log",    "sms_trace_crlf.log", "viewer_tabs.log",
                           "bare.log",         "cp1252.log",         "utf16le_bom.log",
                           "utf16le_nobom.log"};
    for (const char* name : names) out.push_back(slurp(fixture(name)));
    const std::string wide = "\xFF\xFE" + utf16le(sms_line("w1") + sms_line("w2"));
    out.push_back(wide + std::string(999, '\0') + utf16le(sms_line("w3")) + sms_line("n1") + "x\r" +
                  sms_line("n2", "25:00:00.000"));
    out.push_back(sms_line("a") + "cut" + std::string(20, '\0') + "\xFF\xFE" +
                  utf16le(sms_line("b") + "c\r") + std::string(9, '\0') + "\n" + ccm_line("d"));
    out.push_back(ccm_line("a", "1:2:3.4", "2-30-2009", "") + ccm_line("b", "x", "y", "") +
                  "<![LOG[open\r\n\r\n" + std::string(3, '\0') + "more");
    return out;
}

TEST(ReadSizes, ResultsNeverDependOnWhereReadsEnd) {
    for (const std::string& input : tricky_inputs()) {
        const auto whole = describe_all(read_bytes(input));
        for (const std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 511u, 4096u}) {
            cm::ReadOptions options;
            options.chunk_bytes = chunk;
            EXPECT_EQ(describe_all(read_bytes(input, options)), whole)
                << "chunk " << chunk << " input of " << input.size() << " bytes";
        }
    }
}

TEST(ReadSizes, FileAndMemoryReadersAgree) {
    TempDir dir;
    for (const std::string& input : tricky_inputs()) {
        const auto path = dir.write("same.log", input);
        ReadResult from_file = read(path);
        from_file.info.path = "mem.log";
        for (Rec& rec : from_file.records) rec.file = "mem.log";
        EXPECT_EQ(describe_all(from_file), describe_all(read_bytes(input)));
    }
}

TEST(LogInput, StreamHeadIsSniffedAndStillRead) {
    const std::string log = sms_line("first record, inside the sniffed head") + sms_line("second");
    std::istringstream in(log);
    cm::LogInput input = cm::LogInput::from_stream(in, "-");
    const cm::Sniff sniff = input.sniff();
    EXPECT_TRUE(sniff.is_text);
    EXPECT_EQ(sniff.format, cm::LogFormat::sms_trace);
    EXPECT_EQ(input.head(), log);
    std::vector<std::string> messages;
    const cm::FileInfo info =
        input.read([&](const cm::LogRecord& r) { messages.emplace_back(r.message); });
    EXPECT_TRUE(info.ok);
    EXPECT_EQ(info.path, "-");
    EXPECT_EQ(info.bytes, log.size());
    EXPECT_EQ(messages,
              (std::vector<std::string>{"first record, inside the sniffed head", "second"}));
    // a second read is refused, not silently empty
    EXPECT_FALSE(input.read([](const cm::LogRecord&) {}).ok);
}

TEST(LogInput, PipeLargerThanTheHead) {
    std::string log;
    for (int i = 0; log.size() < 300'000; ++i) log += sms_line("record " + std::to_string(i));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::thread writer([&] {
        std::size_t done = 0;
        while (done < log.size()) {
            const ssize_t n =
                ::write(fds[1], log.data() + done, std::min<std::size_t>(log.size() - done, 1000));
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    });
    cm::LogInput input = cm::LogInput::from_fd(fds[0], "stdin");
    EXPECT_TRUE(input.sniff().is_text);
    EXPECT_EQ(input.head().size(), cm::kSniffBytes);
    uint64_t records = 0;
    const cm::FileInfo info = input.read([&](const cm::LogRecord&) { ++records; });
    writer.join();
    ::close(fds[0]);
    EXPECT_TRUE(info.ok);
    EXPECT_EQ(info.bytes, log.size());
    EXPECT_EQ(records, info.records);
    EXPECT_EQ(read_bytes(log).records.size(), records);
    EXPECT_EQ(info.sha256, read_bytes(log).info.sha256);
}

TEST(RolloverBytes, Utf16PairCutInsideACharacter) {
    const std::string whole = "\xFF\xFE" + utf16le(sms_line("one") + sms_line("caf\xE9 two"));
    const std::string expected_two = "caf\xC3\xA9 two";
    for (std::size_t cut = 2; cut < whole.size(); ++cut) {
        std::vector<Rec> records;
        const auto infos = cm::read_log_bytes_with_rollover(
            whole.substr(0, cut), "x.lo_", whole.substr(cut), "x.log",
            [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
        ASSERT_EQ(infos.size(), 2u);
        ASSERT_EQ(records.size(), 2u) << "cut at " << cut;
        EXPECT_EQ(records[0].message, "one") << "cut at " << cut;
        EXPECT_EQ(records[1].message, expected_two) << "cut at " << cut;
        EXPECT_EQ(records[1].thread, 2436u) << "cut at " << cut;
        EXPECT_EQ(infos[0].records + infos[1].records, 2u);
    }
}

TEST(RolloverBytes, Utf8PairCutInsideACharacterAndEmptyOldPart) {
    const std::string whole = sms_line("caf\xC3\xA9") + sms_line("b");
    const std::size_t mid = whole.find('\xA9');  // between the two bytes of é
    std::vector<Rec> records;
    const auto infos = cm::read_log_bytes_with_rollover(
        whole.substr(0, mid), "x.lo_", whole.substr(mid), "x.log",
        [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].message, "caf\xC3\xA9");
    EXPECT_EQ(records[0].file, "x.lo_");
    EXPECT_EQ(infos[0].encoding, cm::Encoding::utf8);
    records.clear();
    const auto empty_lo = cm::read_log_bytes_with_rollover(
        "", "y.lo_", whole, "y.log", [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
    ASSERT_EQ(empty_lo.size(), 2u);
    EXPECT_TRUE(empty_lo[0].ok);
    EXPECT_EQ(empty_lo[0].records, 0u);
    EXPECT_EQ(records.size(), 2u);
}

TEST(RolloverBytes, RecordGluedAfterTheJoinLiesInTheLog) {
    // The .lo_ ends inside record a's trailer; the .log completes it and b is glued after it.
    const std::string a = sms_line("a", "13:43:12.000", 1, "01-14-2009", "");
    const std::string b = sms_line("b");
    const std::size_t cut = a.size() - 10;
    for (const bool wide : {false, true}) {
        const std::string lo = wide ? "\xFF\xFE" + utf16le(a.substr(0, cut)) : a.substr(0, cut);
        const std::string log = wide ? utf16le(a.substr(cut) + b) : a.substr(cut) + b;
        std::vector<Rec> records;
        cm::read_log_bytes_with_rollover(
            lo, "x.lo_", log, "x.log", [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
        ASSERT_EQ(records.size(), 2u);
        EXPECT_EQ(records[0].file, "x.lo_");
        EXPECT_EQ(records[0].offset, wide ? 2u : 0u);
        EXPECT_EQ(records[1].message, "b");
        EXPECT_EQ(records[1].file, "x.log");
        EXPECT_EQ(records[1].line, 1u);
        EXPECT_EQ(records[1].offset, (wide ? 2 : 1) * (a.size() - cut));
    }
}

TEST(RolloverBytes, LineNotContinuedInAnotherEncodingIsCut) {
    const std::string lo = "\xFF\xFE" + utf16le(sms_line("old") + "half a mess");
    std::vector<Rec> records;
    cm::read_log_bytes_with_rollover(lo, "x.lo_", sms_line("new"), "x.log",
                                     [&](const cm::LogRecord& r) { records.push_back(copy(r)); });
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].message, "half a mess");
    EXPECT_TRUE(records[1].damaged);
    EXPECT_EQ(records[2].message, "new");
    EXPECT_EQ(records[2].file, "x.log");
}

}  // namespace
}  // namespace cmlog_test
