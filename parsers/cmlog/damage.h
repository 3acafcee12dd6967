#pragma once
// Accounting of what the reader skipped or repaired in one physical file, turned into the
// FileInfo counters and short human notes at the end. Bounded: a hostile file with millions
// of damaged lines keeps counts, not lists.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog::detail {

// "1,048,576": notes are read by people.
std::string with_commas(uint64_t value);

// The first few line numbers of one kind of event, plus the total count.
struct LineList {
    uint64_t count = 0;
    std::vector<uint64_t> first;  // at most kMaxDamagedLines
    void add(uint64_t line);
    // "line 17" / "lines 17, 40, 41" / "lines 1, 2, ..., 8, ..."
    std::string describe() const;
    // Appends the list of the next piece of the same file, whose lines count from 1 after
    // `lines_before` lines: the result is the list of the whole.
    void merge(const LineList& next, uint64_t lines_before);
};

class DamageLog {
  public:
    void damaged_record(uint64_t line) { damaged_.add(line); }
    void glued_record(uint64_t line) { glued_.add(line); }
    void invalid_time(uint64_t line) { invalid_times_.add(line); }
    void inner_bom(uint64_t line) { inner_boms_.add(line); }
    void nul_run(uint64_t offset, uint64_t length);
    void stray_bytes(uint64_t count) { stray_bytes_ += count; }  // half UTF-16 units etc.
    void encoding_switch(uint64_t offset, bool to_utf16);
    void truncated_line(uint64_t line, uint64_t dropped);
    void truncated_record(uint64_t line, uint64_t dropped_bytes, uint64_t dropped_lines);
    void lying_bom(const char* says, const char* is) {
        bom_says_ = says;
        bom_is_ = is;
    }
    // Line-end styles seen: [0] CRLF, [1] LF, [2] CR alone.
    void set_line_ends(const std::array<uint64_t, 3>& counts) { line_ends_ = counts; }
    const std::array<uint64_t, 3>& line_ends() const { return line_ends_; }

    // Fills the counters and notes of `info` (ok or not).
    void fill(FileInfo& info) const;

    // Adds the log of the next piece of the same file (a file read in pieces by several
    // threads, piece_reader.cpp), whose lines count from 1 after `lines_before` lines and whose
    // offsets are the file's: the result is what one reading of both gives.
    void merge(const DamageLog& next, uint64_t lines_before);

  private:
    LineList damaged_, glued_, invalid_times_, inner_boms_, truncated_lines_, truncated_records_;
    uint64_t nul_bytes_ = 0, nul_runs_ = 0, first_nul_offset_ = 0;
    uint64_t stray_bytes_ = 0;
    uint64_t truncated_line_bytes_ = 0, truncated_record_bytes_ = 0, truncated_record_lines_ = 0;
    struct Switch {
        uint64_t offset;
        bool to_utf16;
    };
    std::vector<Switch> switches_;  // the first few
    uint64_t switch_count_ = 0;
    const char* bom_says_ = nullptr;
    const char* bom_is_ = nullptr;
    std::array<uint64_t, 3> line_ends_{};
};

}  // namespace amtdiag::parsers::cmlog::detail
