#pragma once
// Streaming reader for ConfigMgr logs (CCM format, SMS trace format, text copied out of
// CMTrace, bare message lines) in UTF-8, UTF-16LE or Windows-1252.
// Grammar and conventions: the research note cm-log-formats.md (sections cited as §N).
#include <cstdint>
#include <filesystem>
#include <functional>
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
                                 // spaces and CR removed
    std::string_view component;  // "" when the record carries none
    model::LogTime time;         // local time + bias as written (§5); has_time=false for bare
    uint32_t thread = 0;
    bool has_thread = false;
    // CCM type= 1 info, 2 warning, 3 error, 0 info; otherwise CMTrace's keyword rule (§4):
    // case-insensitive "error" -> error, "warn" -> warning, else none.
    model::Severity severity = model::Severity::none;
    bool severity_from_type = false;     // the CCM type= attribute decided the severity
    std::string_view file;               // physical file the record starts in
    uint64_t line = 0;                   // 1-based physical line of the record start in that file
    uint64_t offset = 0;                 // byte offset of the record start, in the file's encoding
    LogFormat format = LogFormat::bare;  // how this record was parsed
};

using RecordSink = std::function<void(const LogRecord&)>;

// One per physical file read.
struct FileInfo {
    std::string path;
    bool ok = true;
    std::string error;  // e.g. "cannot open: No such file or directory"
    Encoding encoding = Encoding::utf8;
    LogFormat format = LogFormat::bare;  // dominant format among the records of the file
    uint64_t bytes = 0;                  // bytes read (the whole file when ok)
    uint64_t records = 0;                // records that start in this file
    uint64_t lines = 0;                  // physical lines (a last line without EOL counts)
    std::string sha256;                  // lowercase hex of the file bytes ("" when disabled/!ok)
    std::string dominant_component;      // most frequent component ("" if none)
};

struct ReadOptions {
    // SHA-256 of the file bytes, computed in the same pass. It costs about as much as the
    // parsing itself, so callers that only scan (benchmarks, re-reads) can switch it off.
    bool sha256 = true;
};

// Reads one log, streaming through a fixed 1 MiB buffer. Never throws for bad input; an
// unreadable or binary file gives ok=false and no records.
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

// Cheap look at the first 64 KiB, for artifact-kind detection.
struct Sniff {
    bool is_text = false;
    Encoding encoding = Encoding::utf8;
    LogFormat format = LogFormat::bare;
    std::string component;  // most frequent component in the head ("" if none)
    std::string reason;     // why is_text is false (binary, empty, unreadable + strerror)
};
inline constexpr std::size_t kSniffBytes = 64 * 1024;

Sniff sniff_log(const std::filesystem::path& path);
Sniff sniff_bytes(std::string_view head);

}  // namespace amtdiag::parsers::cmlog
