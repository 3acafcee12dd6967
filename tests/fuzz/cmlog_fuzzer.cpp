// libFuzzer target of the ConfigMgr log reader: sniff the bytes, read them from memory at once
// and in small reads (which must agree), and read them as a .lo_/.log pair split where the
// first byte says, and read it in pieces by several threads (which must agree with the one
// reading: pieces as small as the second byte says, cut mid-line or at line starts). Besides
// crashes, hangs, leaks and UB, it checks what every read promises: messages are UTF-8 and bounded,
// positions lie inside the input, counts add up.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/reader.h"
#include "tests/fuzz/fuzz_require.h"

namespace cm = amtdiag::parsers::cmlog;

namespace {

// Everything delivered by one read, for comparing two reads of the same bytes.
struct Digest {
    std::string text;
    uint64_t records = 0;

    void add(const cm::LogRecord& r, std::size_t input_size) {
        REQUIRE(cm::detail::is_valid_utf8(r.message));
        REQUIRE(cm::detail::is_valid_utf8(r.component));
        REQUIRE(r.message.size() <= cm::kMaxRecordBytes + cm::kMaxLineBytes + cm::kLineTailBytes);
        REQUIRE(r.offset <= input_size);
        REQUIRE(r.line >= 1);
        ++records;
        text.append(r.message).append("|").append(r.component).append("|");
        text.append(r.time.to_string()).append("|").append(std::to_string(r.thread));
        text.append(r.has_thread ? "t" : "-").append(std::to_string(static_cast<int>(r.severity)));
        text.append(r.damaged ? "d" : "-").append(r.truncated ? "t" : "-");
        text.append(std::to_string(r.line)).append("@").append(std::to_string(r.offset));
        text.append(cm::to_string(r.format)).append("\n");
    }

    void add(const cm::FileInfo& info) {
        REQUIRE(info.damaged_lines.size() <= cm::kMaxDamagedLines);
        REQUIRE(info.damaged_lines.size() <= info.damaged_records);
        REQUIRE(info.notes.size() <= 16);
        text.append(info.ok ? "ok" : "failed:" + info.error).append("|");
        text.append(cm::to_string(info.encoding)).append(cm::to_string(info.format));
        for (const uint64_t n : {info.records, info.lines, info.damaged_records, info.skipped_bytes,
                                 info.truncated_bytes, info.invalid_times}) {
            text.append("|").append(std::to_string(n));
        }
        for (const std::string& note : info.notes) text.append("|").append(note);
        for (const uint64_t line : info.damaged_lines)
            text.append("|d").append(std::to_string(line));
        text.append("\n");
    }
};

Digest read_once(std::string_view bytes, std::size_t chunk) {
    cm::ReadOptions options;
    options.sha256 = false;
    options.chunk_bytes = chunk;
    Digest digest;
    const cm::FileInfo info = cm::read_log_bytes(
        bytes, "fuzz.log", [&](const cm::LogRecord& r) { digest.add(r, bytes.size()); }, options);
    REQUIRE(info.records == digest.records);
    REQUIRE(info.bytes == bytes.size() || !info.ok);
    digest.add(info);
    return digest;
}

// The records of each piece, owned, appended to one digest in commit order.
class PieceDigest final : public cm::PieceSink {
  public:
    explicit PieceDigest(std::size_t input_size) : input_size_(input_size) {}
    struct Records final : cm::PieceRecords {
        struct Owned {
            std::string message, component;
            cm::LogRecord record;  // its views are replaced on commit
        };
        std::vector<Owned> owned;
        void add(const cm::LogRecord& r) override {
            owned.push_back({std::string(r.message), std::string(r.component), r});
        }
    };
    std::unique_ptr<cm::PieceRecords> open(std::size_t) override {
        return std::make_unique<Records>();
    }
    void commit(cm::PieceRecords& piece, uint64_t lines_before) override {
        for (const auto& o : static_cast<Records&>(piece).owned) {
            cm::LogRecord r = o.record;
            r.message = o.message;
            r.component = o.component;
            r.file = {};
            r.line += lines_before;
            digest.add(r, input_size_);
        }
    }
    Digest digest;

  private:
    std::size_t input_size_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const cm::Sniff sniff = cm::sniff_bytes(bytes);
    REQUIRE(!(sniff.is_text && sniff.is_empty));
    REQUIRE(sniff.is_text || !sniff.reason.empty());
    REQUIRE(sniff.confidence <= 100);

    // At once, then in reads of 1 to 13 bytes: no decision may depend on where a read ends.
    const Digest whole = read_once(bytes, 0);
    const Digest small = read_once(bytes, 1 + (size > 0 ? data[0] % 13 : 0));
    REQUIRE(whole.text == small.text);

    // In pieces of 1 to 64 bytes on two threads: the same records, lines and FileInfo.
    if (size > 1) {
        cm::PieceOptions pieces;
        pieces.threads = 2;
        pieces.piece_bytes = 1 + data[1] % 64;
        pieces.cut_anywhere = (data[1] & 0x40) != 0;
        cm::ReadOptions piece_options;
        piece_options.sha256 = false;
        PieceDigest collected(size);
        const auto info =
            cm::read_log_bytes_in_pieces(bytes, "fuzz.log", collected, piece_options, pieces);
        if (info) {
            REQUIRE(info->records == collected.digest.records);
            collected.digest.add(*info);
            REQUIRE(collected.digest.text == whole.text);
        }
    }

    // A rollover pair cut where the first byte says (mid-record, mid-character...).
    const std::size_t cut = size == 0 ? 0 : size * data[0] / 255;
    cm::ReadOptions options;
    options.sha256 = false;
    Digest pair;
    const auto infos = cm::read_log_bytes_with_rollover(
        bytes.substr(0, cut), "fuzz.lo_", bytes.substr(cut), "fuzz.log",
        [&](const cm::LogRecord& r) { pair.add(r, size); }, options);
    REQUIRE(infos.size() == 2);
    REQUIRE(infos[0].records + infos[1].records == pair.records);
    return 0;
}
