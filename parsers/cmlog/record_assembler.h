#pragma once
// Turns decoded physical lines into records: picks the grammar per line, keeps a record that
// spans several lines (CCM message with newlines, SMS trace message continued until its
// trailer) and splits lines that hold several SMS trace records.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cmlog/component_counter.h"
#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/reader.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {

struct LineLoc {
    std::size_t file = 0;  // index into the stream's file paths
    uint64_t line = 0;
    uint64_t offset = 0;
    LineSource source = LineSource::utf8;
};

struct FileTally {
    uint64_t records = 0;
    std::array<uint64_t, 4> by_format{};  // indexed by LogFormat
    ComponentCounter components;
};

class RecordAssembler {
  public:
    // `paths` backs LogRecord::file and must outlive the assembler; one tally per path.
    RecordAssembler(const RecordSink& sink, const std::vector<std::string>& paths);

    // Dominant format of the file the next lines come from. Only SMS trace files treat a line
    // without metadata as the start of a message continued on the next line.
    void set_format_hint(LogFormat hint) { hint_ = hint; }
    void on_line(std::string_view text, const LineLoc& loc);
    // End of the stream: emits a record still waiting for its end (truncated at EOF).
    void finish() { flush_pending(); }

    const FileTally& tally(std::size_t file) const { return tallies_[file]; }

  private:
    enum class Pending : uint8_t { none, ccm, sms };

    void process(std::string_view text, const LineLoc& loc);
    void process_plain(std::string_view text, const LineLoc& loc);
    void start_ccm(std::string_view text, const LineLoc& loc);
    void continue_ccm(std::string_view text);
    void flush_pending();

    void emit_ccm(std::string_view text, std::size_t close, const LineLoc& loc);
    void emit_bare(std::string_view text, const LineLoc& loc);
    LogRecord& blank_record();
    void emit(LogRecord& record, const LineLoc& loc);

    const RecordSink& sink_;
    const std::vector<std::string>& paths_;
    std::vector<FileTally> tallies_;
    LogFormat hint_ = LogFormat::bare;

    Pending pending_ = Pending::none;
    std::string pending_text_;  // reused: no allocation per record once it has grown
    LineLoc pending_loc_;
    std::size_t pending_close_ = 0;  // CCM: position of "]LOG]!><" in pending_text_, or npos
    std::size_t pending_lines_ = 0;
    DayCache days_;
    // Reused for every record: value-initialising a fresh one per record compiled to a
    // `rep stos`, a measurable share of the per-record cost.
    LogRecord record_;
};

}  // namespace amtdiag::parsers::cmlog::detail
