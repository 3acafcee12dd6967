#pragma once
// One read: one file, or NAME.lo_ + NAME.log as one stream. Owns the buffer, the decoder and
// the record assembler; everything is allocated once per read and reused for every line.
#include <cstddef>
#include <cstdint>
#include <optional>
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
