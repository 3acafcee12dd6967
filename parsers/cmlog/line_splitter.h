#pragma once
// Splits a stream of raw buffers into physical lines in the file's own encoding (1-byte units
// for UTF-8/1252, 2-byte units for UTF-16LE). Lines inside a buffer are handed out as views;
// only a line crossing a buffer boundary is copied, into a reused carry string.
//
// Line ends are LF, CRLF and CR alone (old Mac files, some copy tools), mixed freely; a CRLF
// split between two buffers is still one line end. No other character (VT, FF, NEL, U+2028,
// ESC...) ends a line: control characters are data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "parsers/cmlog/reader.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define AMTDIAG_CMLOG_AVX2 1
#endif

namespace amtdiag::parsers::cmlog::detail {

#if defined(AMTDIAG_CMLOG_AVX2)
// First CR or LF byte in p[pos, n), or n: 32 bytes per compare on CPUs that have AVX2 (the
// build targets plain x86-64, so this is chosen at run time). Line splitting is a large share
// of the reader's time, and CRLF files need both bytes looked for.
[[gnu::target("avx2")]] inline std::size_t find_cr_or_lf_avx2(const char* p, std::size_t pos,
                                                              std::size_t n) {
    std::size_t i = pos;
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    for (; i + 32 <= n; i += 32) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        const auto m = static_cast<unsigned>(_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(x, lf), _mm256_cmpeq_epi8(x, cr))));
        if (m != 0) return i + static_cast<std::size_t>(__builtin_ctz(m));
    }
    for (; i < n; ++i) {
        if (p[i] == '\n' || p[i] == '\r') return i;
    }
    return n;
}
#endif

struct RawLine {
    std::string_view bytes;  // without its line end
    uint64_t offset = 0;     // file offset of the first byte
    uint64_t truncated = 0;  // bytes dropped from the middle (line longer than the cap)
    bool ascii = false;      // known to be 7-bit (false = not checked)
    bool terminated = true;  // false: ended by the end of the file or by damage (cut)
    bool cut = false;        // ended by damage (NUL padding, encoding change), not a line end
    bool continues = false;  // the previous piece was cut; same physical line
};

enum LineEnd : uint8_t { kCrLf = 0, kLf = 1, kCr = 2 };

class LineSplitter {
  public:
    void reset(unsigned unit, uint64_t base_offset) {
        unit_ = unit;
        offset_ = base_offset;
        carry_.clear();
        carry_offset_ = base_offset;
        carry_head_ = 0;
        carry_dropped_ = 0;
        split_ = false;
        cr_pending_ = false;
    }
    // A CR ended the previous part of the stream: a leading LF completes it (rollover).
    void set_cr_pending() { cr_pending_ = true; }
    bool cr_pending() const { return cr_pending_; }
    // The last line end, counted as a CR alone, turned out to be a CRLF split between files.
    void recount_cr_as_crlf() {
        if (ends_[kCr] > 0) --ends_[kCr];
        ++ends_[kCrLf];
    }
    // A new unit size at a damage cut (encoding change); the carry must be empty (cut()).
    void set_unit(unsigned unit) { unit_ = unit; }
    unsigned unit() const { return unit_; }
    uint64_t offset() const { return offset_; }
    // The last line handed out was complete and nothing waits for the next bytes.
    bool idle() const { return carry_.empty() && !cr_pending_ && !split_; }
    const std::array<uint64_t, 3>& line_ends() const { return ends_; }
    void clear_line_ends() { ends_ = {}; }

    // `chunk` holds whole code units and directly follows what was fed or skipped before.
    template <class OnLine>
    void feed(std::string_view chunk, bool chunk_ascii, OnLine&& on_line) {
        std::size_t pos = 0;
        if (cr_pending_) {  // the previous chunk ended with CR: is this LF its second half?
            cr_pending_ = false;
            if (lf_at(chunk, 0)) {
                ++ends_[kCrLf];
                pos = unit_;
            } else {
                ++ends_[kCr];
            }
        }
        for (;;) {
            const std::size_t eol = find_eol(chunk, pos);
            if (eol == std::string_view::npos) break;
            std::size_t next = eol + unit_;
            if (chunk[eol] == '\r') {
                if (next >= chunk.size()) {
                    cr_pending_ = true;
                } else if (lf_at(chunk, next)) {
                    ++ends_[kCrLf];
                    next += unit_;
                } else {
                    ++ends_[kCr];
                }
            } else {
                ++ends_[kLf];
            }
            const std::string_view piece = chunk.substr(pos, eol - pos);
            if (!carry_.empty()) {
                append_carry(piece);
                deliver(carry_, carry_offset_, false, true, false, on_line);
                clear_carry();
            } else {
                deliver(piece, offset_ + pos, chunk_ascii, true, false, on_line);
            }
            pos = next;
        }
        if (pos < chunk.size()) {
            if (carry_.empty()) carry_offset_ = offset_ + pos;
            append_carry(chunk.substr(pos));
        }
        offset_ += chunk.size();
    }

    // Bytes at the very end of the file that do not form a whole unit (odd UTF-16 tail).
    void append_tail(std::string_view bytes) {
        if (carry_.empty()) carry_offset_ = offset_;
        carry_.append(bytes);
        offset_ += bytes.size();
    }

    // Bytes of the file that are not text (NUL padding, a byte order mark): not fed.
    void skip(uint64_t bytes) {
        settle_cr();
        offset_ += bytes;
    }

    // Damage ends the current line without a line end: what was collected is handed out as a
    // cut piece, and the text after the damage continues the same physical line.
    template <class OnLine>
    void cut(OnLine&& on_line) {
        settle_cr();
        if (carry_.empty()) return;
        deliver(carry_, carry_offset_, false, false, true, on_line);
        clear_carry();
        split_ = true;
    }

    template <class OnLine>
    void finish(OnLine&& on_line) {
        settle_cr();
        if (!carry_.empty()) deliver(carry_, carry_offset_, false, false, false, on_line);
        clear_carry();
    }

  private:
    bool lf_at(std::string_view chunk, std::size_t i) const {
        return i < chunk.size() && chunk[i] == '\n' &&
               (unit_ == 1 || (i + 1 < chunk.size() && chunk[i + 1] == '\0'));
    }

    // A CR that ended the last chunk is a line end of its own when no LF follows it.
    void settle_cr() {
        if (cr_pending_) ++ends_[kCr];
        cr_pending_ = false;
    }

    // First CR or LF byte at or after `pos`: one pass finds both, so CR-only and CRLF files
    // cost what LF files cost.
    std::size_t find_cr_or_lf(const char* p, std::size_t pos, std::size_t n) const {
#if defined(AMTDIAG_CMLOG_AVX2)
        if (avx2_) {
            const std::size_t at = find_cr_or_lf_avx2(p, pos, n);
            return at == n ? std::string_view::npos : at;
        }
#endif
        std::size_t i = pos;
#if defined(__SSE2__)
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        for (; i + 32 <= n; i += 32) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
            const auto ma = static_cast<unsigned>(
                _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(a, lf), _mm_cmpeq_epi8(a, cr))));
            const auto mb = static_cast<unsigned>(
                _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(b, cr))));
            if ((ma | mb) != 0) {
                return i + static_cast<std::size_t>(__builtin_ctz(ma | (mb << 16)));
            }
        }
#endif
        for (; i < n; ++i) {
            if (p[i] == '\n' || p[i] == '\r') return i;
        }
        return std::string_view::npos;
    }

    // Position of the next line-end unit (CR or LF) at or after `pos`, or npos.
    std::size_t find_eol(std::string_view chunk, std::size_t pos) const {
        const char* base = chunk.data();
        while (pos < chunk.size()) {
            const std::size_t at = find_cr_or_lf(base, pos, chunk.size());
            if (at == std::string_view::npos) return at;
            // UTF-16LE: the unit 0A 00 / 0D 00 at an even position.
            if (unit_ == 1 || (at % 2 == 0 && at + 1 < chunk.size() && base[at + 1] == '\0')) {
                return at;
            }
            pos = at + 1;
        }
        return std::string_view::npos;
    }

    // Where a cut may fall at or before `at` without splitting a character.
    std::size_t char_start_before(std::string_view s, std::size_t at) const {
        if (unit_ == 1) {
            for (int k = 0; k < 3 && at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
                 ++k) {
                --at;
            }
            return at;
        }
        at &= ~std::size_t{1};
        if (at >= 2 && (static_cast<unsigned char>(s[at - 1]) & 0xFC) == 0xD8) at -= 2;
        return at;
    }
    // Where a kept tail may start at or after `at` without starting mid-character.
    std::size_t char_start_after(std::string_view s, std::size_t at) const {
        if (unit_ == 1) {
            for (int k = 0;
                 k < 3 && at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
                 ++k) {
                ++at;
            }
            return at;
        }
        at = (at + 1) & ~std::size_t{1};
        if (at + 1 < s.size() && (static_cast<unsigned char>(s[at + 1]) & 0xFC) == 0xDC) at += 2;
        return at;
    }

    // Keeps the carry within the line cap: its head and its most recent tail. Only bytes that
    // can survive are copied, so one huge chunk costs no more memory than the cap.
    void append_carry(std::string_view bytes) {
        constexpr std::size_t kCap = kMaxLineBytes + 2 * kLineTailBytes;
        if (carry_.size() + bytes.size() <= kCap) {
            carry_.append(bytes);
            return;
        }
        if (carry_.size() < kCap) {  // both even in UTF-16: whole units stay whole
            const std::size_t room = kCap - carry_.size();
            carry_.append(bytes.substr(0, room));
            bytes.remove_prefix(room);
        }
        if (bytes.size() > kLineTailBytes) {
            const std::size_t drop = bytes.size() - kLineTailBytes;
            carry_dropped_ += drop;
            bytes.remove_prefix(drop);
        }
        carry_.append(bytes);
        if (carry_.size() <= kCap) return;
        if (carry_head_ == 0) carry_head_ = char_start_before(carry_, kMaxLineBytes);
        const std::size_t tail = char_start_after(carry_, carry_.size() - kLineTailBytes);
        carry_dropped_ += tail - carry_head_;
        carry_.erase(carry_head_, tail - carry_head_);
    }

    void clear_carry() {
        carry_.clear();
        carry_head_ = 0;
        carry_dropped_ = 0;
    }

    template <class OnLine>
    void deliver(std::string_view bytes, uint64_t offset, bool ascii, bool terminated, bool cut,
                 OnLine& on_line) {
        RawLine line;
        line.truncated = carry_dropped_;
        if (bytes.size() > kMaxLineBytes + kLineTailBytes) {  // a long line inside one chunk
            const std::size_t head = char_start_before(bytes, kMaxLineBytes);
            const std::size_t tail = char_start_after(bytes, bytes.size() - kLineTailBytes);
            long_line_.assign(bytes.substr(0, head));
            long_line_.append(bytes.substr(tail));
            line.truncated += tail - head;
            bytes = long_line_;
        }
        line.bytes = bytes;
        line.offset = offset;
        line.ascii = ascii;
        line.terminated = terminated;
        line.cut = cut;
        line.continues = split_;
        split_ = false;
        on_line(line);
    }

    unsigned unit_ = 1;
    uint64_t offset_ = 0;  // file offset of the next chunk
    std::string carry_;
    uint64_t carry_offset_ = 0;
    std::size_t carry_head_ = 0;  // end of the kept head once the carry was truncated
    uint64_t carry_dropped_ = 0;
    std::string long_line_;  // reused: head + tail of a long line found inside one chunk
    bool split_ = false;
    bool cr_pending_ = false;
    std::array<uint64_t, 3> ends_{};
#if defined(AMTDIAG_CMLOG_AVX2)
    bool avx2_ = __builtin_cpu_supports("avx2");
#endif
};

}  // namespace amtdiag::parsers::cmlog::detail
