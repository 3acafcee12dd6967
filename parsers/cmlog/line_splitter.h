#pragma once
// Splits a stream of raw buffers into physical lines in the file's own encoding (1-byte units
// for UTF-8/1252, 2-byte units for UTF-16LE). Lines inside a buffer are handed out as views;
// only a line crossing a buffer boundary is copied, into a reused carry string.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace amtdiag::parsers::cmlog::detail {

struct RawLine {
    std::string_view bytes;  // without LF / CRLF
    uint64_t offset = 0;     // file offset of the first byte
    bool ascii = false;      // known to be 7-bit (false = not checked)
    bool terminated = true;  // false: last line of the file without a line end
    bool continues = false;  // the previous piece was cut at kMaxLine; same physical line
};

class LineSplitter {
  public:
    // A line longer than this is handed out in pieces so memory stays bounded.
    static constexpr std::size_t kMaxLine = std::size_t{1} << 20;

    void reset(unsigned unit, uint64_t base_offset) {
        unit_ = unit;
        offset_ = base_offset;
        carry_.clear();
        carry_offset_ = base_offset;
        split_ = false;
    }

    // `chunk` holds whole code units and directly follows the previous chunk in the file.
    template <class OnLine>
    void feed(std::string_view chunk, bool chunk_ascii, OnLine&& on_line) {
        std::size_t pos = 0;
        for (;;) {
            const std::size_t eol = find_eol(chunk, pos);
            if (eol == std::string_view::npos) break;
            const std::string_view piece = chunk.substr(pos, eol - pos);
            if (!carry_.empty()) {
                carry_.append(piece);
                deliver(carry_, carry_offset_, false, true, on_line);
                carry_.clear();
            } else {
                deliver(piece, offset_ + pos, chunk_ascii, true, on_line);
            }
            pos = eol + unit_;
        }
        if (pos < chunk.size()) {
            if (carry_.empty()) carry_offset_ = offset_ + pos;
            carry_.append(chunk.substr(pos));
            if (carry_.size() > kMaxLine) {
                deliver(carry_, carry_offset_, false, false, on_line);
                split_ = true;
                carry_offset_ += carry_.size();
                carry_.clear();
            }
        }
        offset_ += chunk.size();
    }

    // Bytes at the very end of the file that do not form a whole unit (odd UTF-16 tail).
    void append_tail(std::string_view bytes) {
        if (carry_.empty()) carry_offset_ = offset_;
        carry_.append(bytes);
        offset_ += bytes.size();
    }

    template <class OnLine>
    void finish(OnLine&& on_line) {
        if (!carry_.empty()) deliver(carry_, carry_offset_, false, false, on_line);
        carry_.clear();
    }

  private:
    std::size_t find_eol(std::string_view chunk, std::size_t pos) const {
        const char* base = chunk.data();
        while (pos < chunk.size()) {
            const void* hit = std::memchr(base + pos, '\n', chunk.size() - pos);
            if (hit == nullptr) return std::string_view::npos;
            const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
            // UTF-16LE: LF is the unit 0A 00 at an even position.
            if (unit_ == 1 || (at % 2 == 0 && at + 1 < chunk.size() && base[at + 1] == '\0')) {
                return at;
            }
            pos = at + 1;
        }
        return std::string_view::npos;
    }

    template <class OnLine>
    void deliver(std::string_view bytes, uint64_t offset, bool ascii, bool terminated,
                 OnLine& on_line) {
        if (unit_ == 1) {
            if (!bytes.empty() && bytes.back() == '\r') bytes.remove_suffix(1);
        } else if (bytes.size() >= 2 && bytes[bytes.size() - 2] == '\r' && bytes.back() == '\0') {
            bytes.remove_suffix(2);
        }
        RawLine line;
        line.bytes = bytes;
        line.offset = offset;
        line.ascii = ascii;
        line.terminated = terminated;
        line.continues = split_;
        split_ = false;
        on_line(line);
    }

    unsigned unit_ = 1;
    uint64_t offset_ = 0;  // file offset of the next chunk
    std::string carry_;
    uint64_t carry_offset_ = 0;
    bool split_ = false;
};

}  // namespace amtdiag::parsers::cmlog::detail
