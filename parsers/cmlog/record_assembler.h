#pragma once
// Turns decoded physical lines into records: picks the grammar per line, keeps a record that
// spans several lines (CCM message with newlines, SMS trace message continued until its
// trailer) and splits lines that hold several records (SMS trace trailers, CCM records glued
// without a newline).
//
// Recovery: a record ends at the next record boundary whatever happened to it: a damaged SMS
// trailer, a new CCM opener while a record is open, a line cut by damage (NUL padding, an
// encoding change), the end of the stream. Such a record is delivered with what could be read
// and counted as damaged in the tally of the file it starts in.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cmlog/component_counter.h"
#include "parsers/cmlog/damage.h"
#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/reader.h"
#include "parsers/cmlog/time_fields.h"

namespace amtdiag::parsers::cmlog::detail {

struct LineLoc {
    std::size_t file = 0;  // index into the stream's file paths
    uint64_t line = 0;
    uint64_t offset = 0;
    LineSource source = LineSource::utf8;
    bool cut = false;        // ended by damage, not by a line end: no record continues past it
    bool truncated = false;  // longer than the line cap: its middle was dropped
    // A line joined across a rollover (.lo_ + .log): text from `split` on (decoded position,
    // npos when not joined) is the .log's first line, at file `next_file`, byte `next_offset`.
    std::size_t split = std::string_view::npos;
    std::size_t next_file = 0;
    uint64_t next_offset = 0;
};

struct FileTally {
    uint64_t records = 0;
    std::array<uint64_t, 4> by_format{};  // indexed by LogFormat
    ComponentCounter components;
    DamageLog damage;

    // Adds the tally of the next piece of the same file, whose lines count from 1 after
    // `lines_before` lines. False, with nothing changed, when the sum would not be what one
    // reading of both gives (the piece's component counter overflowed): count it again.
    bool merge(const FileTally& next, uint64_t lines_before) {
        if (!components.merge(next.components)) return false;
        records += next.records;
        for (std::size_t i = 0; i < by_format.size(); ++i) by_format[i] += next.by_format[i];
        damage.merge(next.damage, lines_before);
        return true;
    }
};

class RecordAssembler {
  public:
    // `paths` backs LogRecord::file and must outlive the assembler; one tally per path.
    RecordAssembler(const RecordSink& sink, const std::vector<std::string>& paths);

    // Dominant format of the file the next lines come from. Only SMS trace files treat a line
    // without metadata as the start of a message continued on the next line; only CCM files
    // look for records after garbage on a line.
    void set_format_hint(LogFormat hint) { hint_ = hint; }
    void on_line(std::string_view text, const LineLoc& loc);
    // End of the stream: a record still waiting for its end is delivered as damaged.
    void finish() { flush_pending(); }

    FileTally& tally(std::size_t file) { return tallies_[file]; }
    // No record is waiting for more lines: the next line starts afresh.
    bool idle() const { return pending_ == Pending::none; }

  private:
    enum class Pending : uint8_t { none, ccm, sms };

    void process(std::string_view text, const LineLoc& loc);
    void process_plain(std::string_view text, const LineLoc& loc);
    // `text` starts at a record opener; its message starts at `message_begin`.
    void start_ccm(std::string_view text, LineLoc loc, std::size_t message_begin, bool damaged);
    void continue_ccm(std::string_view text, const LineLoc& loc);
    // What follows a complete CCM record on its line: returns where a glued record starts in
    // `rest` (setting its message start and whether its opener is damaged), or npos when the
    // rest was handled as text.
    std::size_t after_ccm(std::string_view rest, const LineLoc& loc, std::size_t& message_begin,
                          bool& damaged);
    void flush_pending();

    void begin_pending(Pending kind, std::string_view text, const LineLoc& loc);
    void append_pending(std::string_view text);

    // `from_pending`: the record was assembled in pending_text_ (it may have lost text to the
    // record cap, which is accounted for with it).
    void emit_ccm(std::string_view message, std::string_view attrs, bool has_attrs,
                  const LineLoc& loc, bool damaged, bool from_pending = false);
    void emit_bare(std::string_view text, const LineLoc& loc, bool damaged,
                   bool from_pending = false);
    LogRecord& blank_record();
    void emit(LogRecord& record, const LineLoc& loc, bool from_pending = false);
    [[gnu::noinline]] void account(LogRecord& record, DamageLog& damage, uint64_t line,
                                   bool from_pending);

    const RecordSink& sink_;
    const std::vector<std::string>& paths_;
    std::vector<FileTally> tallies_;
    LogFormat hint_ = LogFormat::bare;

    Pending pending_ = Pending::none;
    std::string pending_text_;  // reused: no allocation per record once it has grown
    LineLoc pending_loc_;
    bool pending_damaged_ = false;        // CCM: the opener was damaged
    uint64_t pending_dropped_ = 0;        // bytes beyond kMaxRecordBytes
    uint64_t pending_dropped_lines_ = 0;  // whole lines beyond it
    bool pending_truncated_ = false;      // one of its lines was truncated
    bool line_truncated_ = false;         // the line being processed was truncated
    DayCache days_;
    // Reused for every record: value-initialising a fresh one per record compiled to a
    // `rep stos`, a measurable share of the per-record cost.
    LogRecord record_;
};

}  // namespace amtdiag::parsers::cmlog::detail
