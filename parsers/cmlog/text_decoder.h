#pragma once
// Between the raw bytes of one file and its lines: skips NUL padding (what a crash leaves),
// follows a change of encoding in the middle of the file (a UTF-16LE log appended with UTF-8
// text by another writer, and the reverse) and feeds the line splitter in the current
// encoding. Both kinds of damage end the current line as a cut: the record it belongs to is
// delivered as damaged and the text after the damage starts afresh.
//
// Bytes arrive as a window: [0, begin) was processed before (look-behind), [begin, limit) is
// to be processed now, [limit, size) is lookahead. Every decision depends only on bytes within
// kLookBehind before and kLookAhead after the position decided, so the result never depends
// on where reads end (the tests and the fuzzer compare one-shot and tiny reads).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/cmlog/damage.h"
#include "parsers/cmlog/line_splitter.h"

namespace amtdiag::parsers::cmlog::detail {

inline constexpr std::size_t kLookBehind = 4;
inline constexpr std::size_t kLookAhead = 512;

class LineTarget {
  public:
    virtual ~LineTarget() = default;
    // `wide`: the line's bytes are UTF-16LE units, else UTF-8 / Windows-1252.
    virtual void on_raw_line(const RawLine& line, bool wide) = 0;
};

class TextDecoder {
  public:
    explicit TextDecoder(LineTarget& target) : target_(target) {}

    // A new file: text starts at absolute `offset` (after any BOM); `damage` outlives the file.
    // `after_cr`: the previous file of a rollover pair ended with a CR (a leading LF is its
    // second half).
    void start(bool wide, uint64_t offset, DamageLog& damage, bool after_cr = false);
    // Returns how far it got (<= limit); the caller keeps the rest for the next call. At the
    // end of the file (eof) it gets to `limit` except for a final odd UTF-16 byte.
    std::size_t push(std::string_view window, std::size_t begin, std::size_t limit, bool eof);
    // End of the file. A final odd UTF-16 byte becomes U+FFFD unless `take_odd_byte` receives
    // it (a .lo_ whose last character continues in the .log); true when it did.
    bool finish(unsigned char* take_odd_byte = nullptr);
    // After finish(): the file's last line end was a CR (its LF may open the next file).
    bool ended_with_cr() const { return ended_with_cr_; }
    // The CR it ended with was half of a CRLF split between the files.
    void recount_last_cr_as_crlf(DamageLog& damage) {
        splitter_.recount_cr_as_crlf();
        damage.set_line_ends(splitter_.line_ends());
    }

    bool wide() const { return wide_; }
    // Nothing is carried past the bytes processed so far (no partial line, CR, padding run or
    // odd byte) and the text is in the encoding given: a decoder started afresh there with
    // that encoding continues exactly as this one would.
    bool at_line_start(bool wide) const {
        return wide_ == wide && !in_padding_ && !has_odd_byte_ && splitter_.idle();
    }
    // Line-end styles counted so far (finish() also hands them to the damage log).
    const std::array<uint64_t, 3>& line_ends() const { return splitter_.line_ends(); }

  private:
    std::size_t narrow_text(std::string_view w, std::size_t pos, std::size_t limit, bool eof);
    std::size_t wide_text(std::string_view w, std::size_t pos, std::size_t limit, bool eof);
    std::size_t padding(std::string_view w, std::size_t pos, std::size_t limit, bool eof);
    void feed(std::string_view w, std::size_t from, std::size_t to);
    void cut();
    void begin_padding(std::size_t at);
    void end_padding();
    uint64_t abs(std::size_t window_pos) const { return base_ + window_pos; }
    bool utf8_region(std::string_view w, std::size_t s, bool eof) const;

    LineTarget& target_;
    LineSplitter splitter_;
    DamageLog* damage_ = nullptr;
    bool wide_ = false;
    uint64_t next_ = 0;  // absolute offset of the next byte to process
    uint64_t base_ = 0;  // absolute offset of window[0] during push()
    bool in_padding_ = false;
    uint64_t padding_start_ = 0, padding_bytes_ = 0;
    bool has_odd_byte_ = false;
    unsigned char odd_byte_ = 0;
    bool ended_with_cr_ = false;
};

}  // namespace amtdiag::parsers::cmlog::detail
