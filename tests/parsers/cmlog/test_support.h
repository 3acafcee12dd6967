#pragma once
// Helpers for the cmlog tests: records copied out of the callback, fixture paths, temp files.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/log_time.h"
#include "parsers/cmlog/reader.h"

namespace cmlog_test {

namespace cm = amtdiag::parsers::cmlog;
namespace model = amtdiag::model;

// A LogRecord whose views were copied (they die with the callback).
struct Rec {
    std::string message, component, file;
    model::LogTime time;
    uint32_t thread = 0;
    bool has_thread = false;
    model::Severity severity = model::Severity::none;
    bool severity_from_type = false;
    bool damaged = false, truncated = false;
    uint64_t line = 0, offset = 0;
    cm::LogFormat format = cm::LogFormat::bare;
};

inline Rec copy(const cm::LogRecord& r) {
    Rec out;
    out.message = r.message;
    out.component = r.component;
    out.file = r.file;
    out.time = r.time;
    out.thread = r.thread;
    out.has_thread = r.has_thread;
    out.severity = r.severity;
    out.severity_from_type = r.severity_from_type;
    out.damaged = r.damaged;
    out.truncated = r.truncated;
    out.line = r.line;
    out.offset = r.offset;
    out.format = r.format;
    return out;
}

struct ReadResult {
    cm::FileInfo info;
    std::vector<Rec> records;
};

inline ReadResult read(const std::filesystem::path& path) {
    ReadResult result;
    result.info =
        cm::read_log(path, [&](const cm::LogRecord& r) { result.records.push_back(copy(r)); });
    return result;
}

// read_log_bytes: the same reader, no file system.
inline ReadResult read_bytes(std::string_view bytes, const cm::ReadOptions& options = {}) {
    ReadResult result;
    result.info = cm::read_log_bytes(
        bytes, "mem.log", [&](const cm::LogRecord& r) { result.records.push_back(copy(r)); },
        options);
    return result;
}

// UTF-16LE bytes of ASCII/Latin-1 text (each char one unit), without a BOM.
inline std::string utf16le(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += c;
        out += '\0';
    }
    return out;
}

// One SMS trace line as AMTOPMGR writes it.
inline std::string sms_line(std::string_view message, std::string_view clock = "13:43:12.000",
                            unsigned thread = 2436, std::string_view date = "01-14-2009",
                            std::string_view eol = "\r\n") {
    return std::string(message) + "  $$<SMS_AMT_OPERATION_MANAGER><" + std::string(date) + " " +
           std::string(clock) + "+480><thread=" + std::to_string(thread) + " (0x" +
           [&] {
               char hex[16];
               std::snprintf(hex, sizeof hex, "%X", thread);
               return std::string(hex);
           }() +
           ")>" + std::string(eol);
}

// One CCM record.
inline std::string ccm_line(std::string_view message, std::string_view time = "13:43:12.000+480",
                            std::string_view date = "01-14-2009", std::string_view eol = "\r\n") {
    return "<![LOG[" + std::string(message) + "]LOG]!><time=\"" + std::string(time) + "\" date=\"" +
           std::string(date) +
           "\" component=\"oobmgmt\" context=\"\" type=\"1\" thread=\"2436\" file=\"\">" +
           std::string(eol);
}

// Everything a record carries, as one comparable string.
inline std::string describe(const Rec& r) {
    return r.message + "|" + r.component + "|" + r.time.to_string() + "|" +
           std::to_string(r.thread) + "|" + std::to_string(r.has_thread) + "|" +
           std::to_string(static_cast<int>(r.severity)) + "|" + std::to_string(r.damaged) +
           std::to_string(r.truncated) + "|" + std::to_string(r.line) + "|" +
           std::to_string(r.offset) + "|" + std::string(cm::to_string(r.format));
}

inline std::string describe(const cm::FileInfo& i) {
    std::string out =
        std::to_string(i.ok) + i.error + "|" + std::string(cm::to_string(i.encoding)) + "|" +
        std::string(cm::to_string(i.format)) + "|" +
        // a rejected file counts only the bytes read before rejecting it
        (i.ok ? std::to_string(i.bytes) : std::string("-")) + "|" + std::to_string(i.records) +
        "|" + std::to_string(i.lines) + "|" + i.sha256 + "|" + i.dominant_component + "|" +
        std::to_string(i.damaged_records) + "|" + std::to_string(i.skipped_bytes) + "|" +
        std::to_string(i.truncated_bytes) + "|" + std::to_string(i.invalid_times);
    for (const auto& n : i.notes) out += "|" + n;
    return out;
}

inline std::vector<std::string> describe_all(const ReadResult& r) {
    std::vector<std::string> out{describe(r.info)};
    for (const Rec& rec : r.records) out.push_back(describe(rec));
    return out;
}

inline std::filesystem::path fixture(std::string_view name) {
    return std::filesystem::path("fixtures") / name;
}

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Epoch ms of a wall-clock time read as UTC.
inline int64_t ms(int y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
                  unsigned milli = 0) {
    return model::to_epoch_ms(y, mo, d, h, mi, s, milli);
}

// A private directory under the system temp dir, removed with its content.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("cmlog_test_" + std::to_string(rd()) + "_" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path write(const std::string& name, std::string_view bytes) const {
        const auto p = path_ / name;
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }

  private:
    std::filesystem::path path_;
};

inline const std::string kGuid = "C284DE32-F287-11DC-BBDA-C4A11E4B001C";
inline const std::string kReject =
    "Warning: AMT device " + kGuid + " is a SMS client. Reject hello message to provision.";
inline const std::string kOpMgr = "SMS_AMT_OPERATION_MANAGER";

}  // namespace cmlog_test
