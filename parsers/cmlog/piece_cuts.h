#pragma once
// Where a file read in pieces is cut (piece_reader.cpp). A cut is only a guess at a record
// boundary: the piece before it checks that its stream is clean there and reads on when it is
// not, so a bad guess costs time, never correctness.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::cmlog::detail {

// The bytes of one file by position.
class PositionalBytes {
  public:
    virtual ~PositionalBytes() = default;
    // Up to `size` bytes at `offset`, fewer only at the end; -1 with error() on failure.
    virtual std::ptrdiff_t read_at(char* data, std::size_t size, uint64_t offset) = 0;
    virtual uint64_t size() const = 0;  // when the read began
    int error() const { return error_; }

  protected:
    int error_ = 0;
};

// What the head of the file says, as the whole-file read decides it (LogStream::begin_part).
struct FileLayout {
    uint64_t text_begin = 0;  // after the byte order mark
    bool wide = false;        // UTF-16LE
    LogFormat hint = LogFormat::bare;
};
// nullopt when the head is not text (the whole-file read reports why).
std::optional<FileLayout> file_layout(std::string_view head);

// Piece starts, ascending, the first 0: one near every `piece_bytes`, moved to the first line
// start after it that follows what looks like the end of a record in the file's format. With
// `anywhere` the nominal offsets themselves (tests: every cut must then be checked).
std::vector<uint64_t> choose_cuts(PositionalBytes& bytes, const FileLayout& layout,
                                  uint64_t piece_bytes, bool anywhere = false);

}  // namespace amtdiag::parsers::cmlog::detail
