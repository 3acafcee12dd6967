// A file read in pieces by several threads gives exactly what one reading gives: the same
// records in the same order, the same FileInfo (counters, notes, damaged lines, hash). Pieces
// are cut at tiny sizes and mid-line so that every check of a clean boundary is exercised.
#include <atomic>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>

#include "test_support.h"

namespace {

using namespace cmlog_test;

// Collects each piece's records on its thread and appends them, lines shifted, on commit.
class Collector final : public cm::PieceSink {
  public:
    struct Records final : cm::PieceRecords {
        std::vector<Rec> records;
        size_t throw_after = 0;  // 0: never
        void add(const cm::LogRecord& r) override {
            records.push_back(copy(r));
            if (throw_after != 0 && records.size() == throw_after)
                throw std::runtime_error("sink failed");
        }
    };
    std::unique_ptr<cm::PieceRecords> open(size_t worker) override {
        max_worker = std::max<size_t>(max_worker, worker);
        auto records = std::make_unique<Records>();
        records->throw_after = throw_after;
        return records;
    }
    void commit(cm::PieceRecords& piece, uint64_t lines_before) override {
        ++commits;
        for (Rec r : static_cast<Records&>(piece).records) {
            r.line += lines_before;
            result.records.push_back(std::move(r));
        }
    }
    ReadResult result;
    size_t commits = 0;
    size_t throw_after = 0;
    std::atomic<size_t> max_worker{0};
};

std::string full(const cm::FileInfo& info) {
    std::string out = describe(info);
    for (const uint64_t line : info.damaged_lines) out += "|d" + std::to_string(line);
    return out;
}

std::vector<std::string> full_all(const ReadResult& r) {
    std::vector<std::string> out = describe_all(r);
    out[0] = full(r.info);
    return out;
}

struct PieceRun {
    std::optional<ReadResult> result;
    size_t commits = 0;
};

PieceRun read_in_pieces(std::string_view bytes, size_t piece_bytes, size_t threads, bool anywhere,
                        cm::ReadOptions options = {}) {
    Collector collector;
    cm::PieceOptions pieces;
    pieces.threads = threads;
    pieces.piece_bytes = piece_bytes;
    pieces.cut_anywhere = anywhere;
    std::optional<cm::FileInfo> info =
        cm::read_log_bytes_in_pieces(bytes, "mem.log", collector, options, pieces);
    PieceRun run;
    run.commits = collector.commits;
    if (!info) return run;
    collector.result.info = std::move(*info);
    run.result = std::move(collector.result);
    return run;
}

// Every way of cutting `bytes` gives the one-reading result. Returns how many ways were tried
// (a file shorter than two pieces is not read in pieces).
size_t expect_same_in_pieces(std::string_view bytes, const std::string& what) {
    const std::vector<std::string> expected = full_all(read_bytes(bytes));
    size_t compared = 0;
    for (const size_t piece : {size_t{7}, size_t{61}, size_t{1000}, size_t{4096}}) {
        for (const bool anywhere : {true, false}) {
            for (const size_t threads : {size_t{1}, size_t{3}}) {
                cm::ReadOptions options;
                options.chunk_bytes = piece % 2 == 0 ? 0 : 13;  // tiny reads inside pieces too
                const PieceRun run = read_in_pieces(bytes, piece, threads, anywhere, options);
                if (!run.result) continue;  // too short for two pieces, or not text
                ++compared;
                EXPECT_EQ(full_all(*run.result), expected)
                    << what << ": pieces of " << piece << " bytes, threads " << threads
                    << (anywhere ? ", cut anywhere" : "");
            }
        }
    }
    return compared;
}

// A log of every kind of damage and structure the reader knows, from a seed.
std::string generated_log(unsigned seed, bool ccm) {
    std::mt19937 rng(seed);
    auto pick = [&](unsigned n) { return static_cast<unsigned>(rng() % n); };
    std::string out;
    if (pick(4) == 0) out += "\xEF\xBB\xBF";
    for (int i = 0; i < 400; ++i) {
        const std::string id = std::to_string(pick(50));
        const std::string eol = pick(10) == 0 ? "\r" : pick(2) == 0 ? "\r\n" : "\n";
        switch (pick(14)) {
            case 0:  // a multi-line message
                out += ccm ? ccm_line("first line " + id + "\nsecond <b>line</b>\n<x>",
                                      "13:43:12.000+480", "01-14-2009", eol)
                           : "message begins " + id + eol +
                                 sms_line("and ends " + id, "13:43:12.000", 7, "01-14-2009", eol);
                break;
            case 1:  // NUL padding, what a crash leaves
                out.append(8 + pick(20), '\0');
                break;
            case 2:  // an impossible date
                out += ccm ? ccm_line("bad date " + id, "13:43:12.000+480", "02-30-2009", eol)
                           : sms_line("bad date " + id, "13:43:12.000", 9, "02-30-2009", eol);
                break;
            case 3:  // Windows-1252 text
                out += sms_line("caf\xE9 " + id, "13:43:12.000", 3, "01-14-2009", eol);
                break;
            case 4:  // a stretch of UTF-16LE appended by another writer
                out += utf16le(sms_line("wide " + id + " line one", "13:43:12.000", 5) +
                               sms_line("wide " + id + " line two", "13:43:12.000", 5));
                break;
            case 5:  // a damaged trailer
                out += "broken " + id + "  $$<SMS_AMT_OPERATION_MANAGER><01-14-20" + eol;
                break;
            case 6:  // a byte order mark inside the text
                out += "\xEF\xBB\xBF" + sms_line("after an inner BOM " + id);
                break;
            case 7:  // another component
                out += "other " + id + "  $$<COMPONENT_" + id +
                       "><01-14-2009 13:43:12.000+480><thread=1 (0x1)>" + eol;
                break;
            case 8:  // a blank line
                out += eol;
                break;
            default:
                out += ccm ? ccm_line(kReject + " " + id, "13:43:12.000+480", "01-14-2009", eol)
                           : sms_line(kReject + " " + id, "13:43:12.000", 2436, "01-14-2009", eol);
        }
    }
    if (pick(3) == 0) out += "a last line without its end";
    return out;
}

TEST(PieceReader, FixturesAreReadAsInOneReading) {
    for (const char* name :
         {"sms_trace.log", "sms_trace_bom.log", "sms_trace_crlf.log", "ccm_multiline.log",
          "ccm_single.log", "ccm_truncated.log", "cp1252.log", "utf16le_bom.log",
          "utf16le_nobom.log", "viewer_spaces.log", "viewer_tabs.log", "bare.log", "amtopmgr.log",
          "oobmgmt.log"}) {
        EXPECT_GE(expect_same_in_pieces(slurp(fixture(name)), name), 4u) << name;
    }
}

TEST(PieceReader, MalformedCorpusIsReadAsInOneReading) {
    const std::filesystem::path dir = std::filesystem::path(CMLOG_MALFORMED_DIR) / "files";
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string bytes = slurp(entry.path());
        if (bytes.size() > (size_t{1} << 20)) continue;  // the long-line cases: below
        if (expect_same_in_pieces(bytes, entry.path().filename().string()) > 0) ++files;
    }
    EXPECT_GT(files, 100u);
}

TEST(PieceReader, GeneratedDamageIsReadAsInOneReading) {
    for (unsigned seed = 1; seed <= 24; ++seed) {
        EXPECT_EQ(expect_same_in_pieces(generated_log(seed, seed % 3 == 0),
                                        "seed " + std::to_string(seed)),
                  16u);
    }
}

TEST(PieceReader, UTF16FilesAreCutOnWholeUnits) {
    std::string text;
    for (int i = 0; i < 300; ++i) text += sms_line(kReject + " " + std::to_string(i));
    EXPECT_EQ(expect_same_in_pieces("\xFF\xFE" + utf16le(text), "utf-16 with BOM"), 16u);
    EXPECT_EQ(expect_same_in_pieces(utf16le(text), "utf-16 without BOM"), 16u);
}

TEST(PieceReader, LongLinesAndRecordsAcrossCuts) {
    // A line longer than the line cap and a record longer than the record cap, each spanning
    // many pieces: the piece before reads on through all of them.
    std::string bytes = sms_line("before");
    bytes += std::string(cm::kMaxLineBytes + 5000, 'x') + "\n";
    for (int i = 0; i < 3000; ++i)
        bytes += "continued line " + std::to_string(i) + " " + std::string(400, 'y') + "\n";
    bytes += sms_line("the end of a very long record");
    bytes += sms_line("after");
    const std::vector<std::string> expected = full_all(read_bytes(bytes));
    for (const bool anywhere : {true, false}) {
        const PieceRun run = read_in_pieces(bytes, 65536, 2, anywhere);
        ASSERT_TRUE(run.result);
        EXPECT_EQ(full_all(*run.result), expected);
    }
}

TEST(PieceReader, ManyComponentsAreCountedAsInOneReading) {
    // More distinct components than the counter keeps, new ones appearing in later pieces
    // while old ones go on: a piece's own count is not enough, it is counted again in context.
    std::string bytes;
    for (int i = 0; i < 2000; ++i) {
        const int component = i < 1000 ? i % 90 : (i % 7 == 0 ? 3 : 100 + i % 50);
        bytes += "line " + std::to_string(i) + "  $$<C" + std::to_string(component) +
                 "><01-14-2009 13:43:12.000+480><thread=1 (0x1)>\n";
    }
    EXPECT_EQ(expect_same_in_pieces(bytes, "many components"), 16u);
}

TEST(PieceReader, CleanLogIsCutWhereThePiecesSay) {
    // On a clean log the cuts land on record ends: nearly every piece is kept, none is read
    // twice over (a cut guessed wrong makes the piece before read on, which is correct but
    // slow).
    std::string sms, ccm;
    for (int i = 0; i < 20000; ++i) {
        sms += sms_line(kReject + " " + std::to_string(i));
        ccm += ccm_line(kReject + " " + std::to_string(i));
    }
    for (const std::string* bytes : {&sms, &ccm}) {
        const size_t piece = 65536;
        const PieceRun run = read_in_pieces(*bytes, piece, 2, false);
        ASSERT_TRUE(run.result);
        EXPECT_EQ(full_all(*run.result), full_all(read_bytes(*bytes)));
        EXPECT_GE(run.commits, bytes->size() / piece - 1);
    }
}

TEST(PieceReader, ShortOrBinaryFilesAreLeftToTheOneReading) {
    const std::string log = sms_line(kReject);
    EXPECT_FALSE(read_in_pieces(log, log.size(), 2, false).result);  // one piece only
    std::string gzip = "\x1F\x8B\x08";
    gzip += std::string(5000, '\x01');
    EXPECT_FALSE(read_in_pieces(gzip, 100, 2, false).result);
}

TEST(PieceReader, HashAndProgressCoverTheWholeFile) {
    std::string bytes;
    for (int i = 0; i < 5000; ++i) bytes += sms_line(kReject + " " + std::to_string(i));
    uint64_t reported = 0;
    cm::ReadOptions options;
    options.on_bytes = [&](uint64_t n) { reported += n; };
    const PieceRun run = read_in_pieces(bytes, 10000, 2, false, options);
    ASSERT_TRUE(run.result);
    EXPECT_EQ(run.result->info.sha256, read_bytes(bytes).info.sha256);
    EXPECT_EQ(run.result->info.sha256.size(), 64u);
    EXPECT_EQ(reported, bytes.size());
}

TEST(PieceReader, FileOnDiskWithThreads) {
    TempDir dir;
    std::string bytes;
    for (int i = 0; i < 30000; ++i) bytes += sms_line(kReject + " " + std::to_string(i));
    const auto path = dir.write("amtopmgr.log", bytes);
    Collector collector;
    cm::PieceOptions pieces;
    pieces.threads = 2;
    pieces.piece_bytes = 100000;
    std::optional<cm::FileInfo> info = cm::read_log_in_pieces(path, collector, {}, pieces);
    ASSERT_TRUE(info);
    collector.result.info = *info;
    EXPECT_EQ(full_all(collector.result), full_all(read(path)));
    EXPECT_LE(collector.max_worker.load(), 2u);
    EXPECT_FALSE(cm::read_log_in_pieces(dir.path() / "missing.log", collector, {}, pieces));
}

TEST(PieceReader, ASinkErrorStopsTheReadAndReachesTheCaller) {
    std::string bytes;
    for (int i = 0; i < 5000; ++i) bytes += sms_line(kReject + " " + std::to_string(i));
    Collector collector;
    collector.throw_after = 10;
    cm::PieceOptions pieces;
    pieces.threads = 3;
    pieces.piece_bytes = 4096;
    EXPECT_THROW((void)cm::read_log_bytes_in_pieces(bytes, "mem.log", collector, {}, pieces),
                 std::runtime_error);
}

}  // namespace
