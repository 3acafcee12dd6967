#pragma once
// Streaming reader for ConfigMgr logs (CCM format, SMS trace format, text copied out of
// CMTrace, bare message lines) in UTF-8, UTF-16LE or Windows-1252.
// Grammar and conventions: the research note cm-log-formats.md (sections cited as §N).
//
// Damaged input is read, not rejected: the reader resynchronises at the next record
// boundary, delivers what it could read of a damaged record (LogRecord::damaged) and
// accounts for every repair in FileInfo (counts, first line numbers, notes). Only content
// that is not text at all (binary, compressed) makes a file fail.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"

namespace amtdiag::parsers::cmlog {

enum class LogFormat : uint8_t { ccm, sms_trace, viewer_copy, bare };
enum class Encoding : uint8_t { utf8, utf8_bom, utf16le, utf16le_bom, windows1252 };

// "ccm", "sms-trace", "viewer-copy", "bare"
std::string_view to_string(LogFormat format);
// "utf-8", "utf-8 (BOM)", "utf-16le", "utf-16le (BOM)", "windows-1252"
std::string_view to_string(Encoding encoding);

// One logical record. All views are valid only during the sink callback.
struct LogRecord {
    std::string_view message;    // UTF-8; multi-line messages joined with '\n'; trailing '~',
                                 // spaces and CR removed. Control characters (ESC, BEL, C1,
                                 // bidi overrides) are kept as data: escaping is the report's job
    std::string_view component;  // "" when the record carries none
    model::LogTime time;         // local time + bias as written (§5); has_time=false for bare;
                                 // valid=false for an impossible stamp (kept as written)
    uint32_t thread = 0;
    bool has_thread = false;
    // CCM type= 1 info, 2 warning, 3 error, 0 info; otherwise CMTrace's keyword rule (§4):
    // case-insensitive "error" -> error, "warn" -> warning, else none.
    model::Severity severity = model::Severity::none;
    bool severity_from_type = false;  // the CCM type= attribute decided the severity
    // The record's structure was damaged (cut or garbled trailer, record left open by the end
    // of the file or by NUL padding, damaged CCM opener): what could be read is delivered.
    bool damaged = false;
    bool truncated = false;              // text beyond the length caps was dropped
    std::string_view file;               // physical file the record starts in
    uint64_t line = 0;                   // 1-based physical line of the record start in that file
    uint64_t offset = 0;                 // byte offset of the record start, in the file's encoding
    LogFormat format = LogFormat::bare;  // how this record was parsed
};

using RecordSink = std::function<void(const LogRecord&)>;

// One per physical file read.
struct FileInfo {
    std::string path;  // the path, or the display name given to the memory/stream readers
    bool ok = true;
    std::string error;  // e.g. "cannot open: No such file or directory", "gzip-compressed data"
    Encoding encoding = Encoding::utf8;  // encoding at the start of the file (see notes)
    LogFormat format = LogFormat::bare;  // dominant format among the records of the file
    uint64_t bytes = 0;                  // bytes read (the whole file when ok)
    uint64_t records = 0;                // records that start in this file
    uint64_t lines = 0;                  // physical lines (a last line without EOL counts)
    std::string sha256;                  // lowercase hex of the file bytes ("" when disabled/!ok)
    std::string dominant_component;      // most frequent component ("" if none)

    // Accounting of damage and repairs (all zero/empty for a clean log).
    uint64_t damaged_records = 0;         // records delivered with LogRecord::damaged
    std::vector<uint64_t> damaged_lines;  // line numbers of the first 8 of them
    uint64_t skipped_bytes = 0;           // bytes not read as text: NUL padding, stray halves
    uint64_t truncated_bytes = 0;         // text dropped by the line and record length caps
    uint64_t invalid_times = 0;           // records whose stamp cannot exist (kept as written)
    std::vector<std::string> notes;       // one short sentence per kind of damage or repair,
                                          // e.g. "3 damaged records (lines 17, 40, 41)"
};
inline constexpr std::size_t kMaxDamagedLines = 8;

struct ReadOptions {
    // SHA-256 of the file bytes, computed in the same pass. It costs about as much as the
    // parsing itself, so callers that only scan (benchmarks, re-reads) can switch it off.
    bool sha256 = true;
    // Bytes per read; 0 = the default (256 KiB; read_log_bytes: the whole input at once).
    // Results never depend on it: tests and the fuzzer use tiny reads to prove that.
    std::size_t chunk_bytes = 0;
    // Told the size of every block read from a file (progress displays); may throw to stop.
    std::function<void(std::uint64_t bytes)> on_bytes;
};

// Length caps that keep memory bounded on hostile input: a longer physical line keeps its
// first kMaxLineBytes and its last kLineTailBytes (where a trailer sits); a record's message
// keeps its first kMaxRecordBytes. What is dropped is counted in FileInfo::truncated_bytes.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
inline constexpr std::size_t kLineTailBytes = 4096;
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

// Reads one log, streaming through a fixed buffer. Never throws for bad input; an
// unreadable, binary or compressed file gives ok=false and no records.
FileInfo read_log(const std::filesystem::path& path, const RecordSink& sink,
                  const ReadOptions& options = {});

// Reads NAME.lo_ then NAME.log as one stream. A record cut by the rollover is joined and
// reported with the .lo_ file/line where it starts. Returns the .lo_ FileInfo first, then
// the .log one; a .lo_ that does not exist is simply left out (the usual case), a missing
// .log is reported with ok=false.
std::vector<FileInfo> read_log_with_rollover(const std::filesystem::path& lo_path,
                                             const std::filesystem::path& log_path,
                                             const RecordSink& sink,
                                             const ReadOptions& options = {});

// The same readers over bytes in memory (tests, the fuzzer, callers that already hold the
// file): bytes in, records out, no file system. `display_name` becomes FileInfo::path and
// LogRecord::file. The rollover form always returns two FileInfos.
FileInfo read_log_bytes(std::string_view bytes, std::string_view display_name,
                        const RecordSink& sink, const ReadOptions& options = {});
std::vector<FileInfo> read_log_bytes_with_rollover(
    std::string_view lo_bytes, std::string_view lo_name, std::string_view log_bytes,
    std::string_view log_name, const RecordSink& sink, const ReadOptions& options = {});

// --- One large file on several threads ------------------------------------------------------
//
// The file is cut into pieces at line starts that look like record boundaries, each piece is
// read by a stream of its own on a worker thread, and the pieces are handed over in file
// order. Where the next piece starts, a piece's stream checks that nothing is carried across
// (an open record, a partial line, a CR, a NUL run, a change of encoding); when something is,
// it reads on into that piece, whose own reading is dropped. So the records, their order and
// the FileInfo are exactly those of read_log(), whatever the pieces and threads.

// The records of one piece, gathered on the thread that reads it.
class PieceRecords {
  public:
    virtual ~PieceRecords() = default;
    // LogRecord::line counts from 1 at the piece's first line; the views live during the call.
    virtual void add(const LogRecord& record) = 0;
};

class PieceSink {
  public:
    virtual ~PieceSink() = default;
    // On a reading thread, `worker` in [0, threads]: where one piece's records go (the
    // calling thread is worker `threads` when it has to read a piece again itself).
    virtual std::unique_ptr<PieceRecords> open(std::size_t worker) = 0;
    // On the calling thread, in file order, once per piece kept: its records are the file's
    // next ones, after `lines_before` lines. A piece not kept is destroyed unseen.
    virtual void commit(PieceRecords& piece, uint64_t lines_before) = 0;
};

struct PieceOptions {
    std::size_t threads = 2;                         // reading threads besides the caller
    std::size_t piece_bytes = std::size_t{8} << 20;  // nominal; cuts move to record ends
    // Tests: cut at the nominal offsets themselves, mid-line or mid-character, so that every
    // check of a clean boundary is exercised.
    bool cut_anywhere = false;
};

// What read_log() returns, read in pieces; on_bytes and the hashing run on the calling thread.
// nullopt, before anything was delivered, when the file is not read in pieces: shorter than
// two pieces, not a regular file, not text. Read it with read_log() then.
std::optional<FileInfo> read_log_in_pieces(const std::filesystem::path& path, PieceSink& sink,
                                           const ReadOptions& options, const PieceOptions& pieces);
std::optional<FileInfo> read_log_bytes_in_pieces(std::string_view bytes,
                                                 std::string_view display_name, PieceSink& sink,
                                                 const ReadOptions& options,
                                                 const PieceOptions& pieces);

// Cheap look at the first 64 KiB, for artifact-kind detection.
enum class RecordStructure : uint8_t {
    none,     // text without ConfigMgr record structure (bare lines, any other text file)
    markers,  // ConfigMgr markers ("<![LOG[", "]LOG]!><", "  $$<") but no complete record
    records,  // at least one complete CCM record, SMS trace trailer or viewer-copy line
};
std::string_view to_string(RecordStructure structure);  // "none", "markers", "records"

struct Sniff {
    bool is_text = false;
    // Nothing to read: no bytes, a byte order mark only, only blank lines or only NUL bytes
    // (reason says which). is_text is false; callers list such a file as empty.
    bool is_empty = false;
    Encoding encoding = Encoding::utf8;
    LogFormat format = LogFormat::bare;
    std::string component;  // most frequent component in the head ("" if none)
    // Why is_text is false: what the content looks like ("gzip-compressed data", "binary
    // data (37% control bytes in the first 64 KiB)"), "empty file", "only blank lines", or
    // "cannot open: " + strerror.
    std::string reason;
    // How much the head looks like a ConfigMgr log, for the caller's detection.
    RecordStructure structure = RecordStructure::none;
    uint32_t record_lines = 0;  // head lines that are (or end) a complete record
    uint32_t text_lines = 0;    // non-blank head lines
    // 0..100: record_lines as a share of text_lines for `records`, 0 otherwise. A real log
    // is near 100 (multi-line CCM messages lower it); a text file that merely quotes one
    // record is low.
    unsigned confidence = 0;
};
inline constexpr std::size_t kSniffBytes = 64 * 1024;

Sniff sniff_log(const std::filesystem::path& path);
Sniff sniff_bytes(std::string_view head);

// A byte stream that cannot seek (stdin "-", a pipe, an already open descriptor) whose
// head is sniffed before it is read: the head is read once, kept, and is the start of the
// read. Not copyable; reads at most once.
class LogInput {
  public:
    // `fd` stays owned by the caller and is not closed.
    static LogInput from_fd(int fd, std::string display_name);
    // `in` must outlive the LogInput; it is read in binary chunks.
    static LogInput from_stream(std::istream& in, std::string display_name);

    LogInput(LogInput&&) noexcept;
    LogInput& operator=(LogInput&&) noexcept;
    ~LogInput();

    const std::string& name() const;
    // Up to kSniffBytes from the start of the stream (read on the first call); shorter only
    // at the end of the stream or on a read error.
    std::string_view head();
    Sniff sniff();  // sniff_bytes(head()), or the read error

    // The whole stream, head included.
    FileInfo read(const RecordSink& sink, const ReadOptions& options = {});

    class Source;  // implementation detail

  private:
    explicit LogInput(std::unique_ptr<Source> source);
    std::unique_ptr<Source> source_;
};

}  // namespace amtdiag::parsers::cmlog
