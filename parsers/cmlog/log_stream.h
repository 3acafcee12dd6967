#pragma once
// One read: one file, or NAME.lo_ + NAME.log as one stream. Owns the buffer, the decoder and
// the record assembler; everything is allocated once per read and reused for every line.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cmlog/byte_source.h"
#include "parsers/cmlog/record_assembler.h"
#include "parsers/cmlog/sha256.h"
#include "parsers/cmlog/text_decoder.h"

namespace amtdiag::parsers::cmlog::detail {

class LogStream final : public LineTarget {
  public:
    LogStream(const RecordSink& sink, std::vector<std::string> names, const ReadOptions& options);

    // Reads part `index` from `source`; `more_follow`: the next part continues this one (a
    // last line without a line end is completed by the next part's first line).
    FileInfo read_part(std::size_t index, ByteSource& source, bool more_follow);
    // The same for a part held in memory, processed in one step without copying (unless the
    // options ask for small reads).
    FileInfo read_part_bytes(std::size_t index, std::string_view bytes, bool more_follow);
    // Part `index` could not be opened: what the previous part left open stands alone.
    void part_missing() { flush_stash(); }

    // End of stream; fills the per-file tallies into `infos` (parallel to the names).
    void finish(const std::vector<FileInfo*>& infos);

    void on_raw_line(const RawLine& line, bool wide) override;

    // --- Piece mode: one file read in pieces by several streams (piece_reader.cpp). ---
    // Where a piece starts. The first piece (offset 0) detects encoding and format from the
    // head as read_part does; a later one takes what that detection found and starts at a
    // line start the whole-file read reaches in a clean state (see at_clean_boundary()).
    struct PieceStart {
        uint64_t offset = 0;
        bool wide = false;
        LogFormat hint = LogFormat::bare;
        // Read in context: counting goes on from the tally and the line count of everything
        // before the piece (a piece whose own tally cannot be merged exactly, FileTally::merge).
        const FileTally* tally_before = nullptr;
        uint64_t lines_before = 0;
    };
    struct PieceStop {
        std::size_t cuts_passed = 0;  // cuts run past because the stream was not clean there
        bool at_eof = false;          // the piece ran to the end of the file
        uint64_t end = 0;             // file offset where it stopped
    };
    // Reads part 0 from `source`, which yields the file's bytes from
    // start.offset - min(kLookBehind, start.offset), and stops at the first of `cuts`
    // (ascending file offsets) where the stream is clean, else at the end of the file.
    // Lines count from 1 at start.offset. Nothing is hashed. `info` gets the path, the
    // encoding (first piece), bytes read and read errors.
    PieceStop read_piece(ByteSource& source, const PieceStart& start,
                         std::span<const uint64_t> cuts, FileInfo& info);
    // After read_piece: what the piece counted.
    FileTally& piece_tally() { return assembler_.tally(0); }
    uint64_t piece_lines() const { return line_no_; }
    bool piece_used_cp1252() const { return used_cp1252_; }

  private:
    // Detection from the head; false (and `info` failed) when the part is not text.
    bool begin_part(std::size_t index, std::string_view head, FileInfo& info,
                    std::size_t& text_begin);
    void end_part(FileInfo& info, std::optional<Sha256>& sha);
    // The .log's first byte completes the half character the .lo_ ended with.
    void join_odd_byte(char first, bool& after_cr);
    std::string_view decode(std::string_view raw, bool ascii, bool wide, LineSource& source,
                            std::string& out);
    void flush_stash();
    // Decodes window[begin, target), the bytes after `target` being lookahead; returns how far
    // it got (short of `target` only by half a UTF-16 unit).
    std::size_t push_until(std::string_view window, std::size_t begin, std::size_t target, bool eof,
                           std::size_t chunk);
    // Bytes per read, and the read buffer grown to hold a window of them (returns its size).
    std::size_t read_chunk() const;
    std::size_t reserve_window(std::size_t chunk);
    // Drops what is decoded from the front of the window but its look-behind; returns how
    // many bytes moved out.
    static std::size_t slide_window(char* buf, std::size_t& have, std::size_t& begin);
    // Nothing is carried across the bytes processed so far: a piece may end here and the next
    // one start afresh with the file's encoding (`wide`).
    bool at_clean_boundary(bool wide) const {
        return !has_stash_ && !has_odd_byte_ && assembler_.idle() && decoder_.at_line_start(wide);
    }

    std::vector<std::string> names_;
    RecordAssembler assembler_;
    ReadOptions options_;
    TextDecoder decoder_;
    std::vector<char> buffer_;
    std::string scratch_;  // decoded text of the current line when it is not a plain view

    // Per part.
    std::size_t index_ = 0;
    uint64_t line_no_ = 0;
    uint64_t text_begin_ = 0;
    bool more_follow_ = false;
    bool first_line_ = true;
    bool used_cp1252_ = false;

    // The last line of a .lo_ that ends without EOL, raw: the .log's first line completes it
    // (raw, so that a character split between the files is joined before decoding).
    std::string stash_;
    bool stash_wide_ = false;
    LineLoc stash_loc_;
    bool has_stash_ = false;
    bool stash_cut_ = false;  // flushed because the next part does not continue it
    // A .lo_ in UTF-16 that ended on half a character. When its last line was complete, that
    // half starts a line of its own, which exists only if the .log does not turn the
    // character into a line end (phantom until then).
    bool has_odd_byte_ = false;
    char odd_byte_ = 0;
    bool stash_phantom_ = false;
    bool previous_ended_with_cr_ = false;
    std::vector<uint64_t> part_lines_;  // physical lines per part, final in finish()
};

}  // namespace amtdiag::parsers::cmlog::detail
