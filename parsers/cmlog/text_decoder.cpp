#include "parsers/cmlog/text_decoder.h"

#include <algorithm>
#include <cstring>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/head_check.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;
// UTF-16 units probed to recognise UTF-16LE text inside a UTF-8 file.
constexpr std::size_t kUtf16Probe = 16;
// A stretch of a UTF-16 file without a single zero byte is this long before it is probed
// for UTF-8 text (UTF-16 text of Latin scripts has a zero every other byte).
constexpr std::size_t kZeroFreeStretch = 128;
constexpr std::size_t kUtf8Probe = 256;
static_assert(kLookAhead >= kUtf8Probe + kZeroFreeStretch + 32, "probes must fit the lookahead");

unsigned char byte_at(std::string_view w, std::size_t i) {
    return static_cast<unsigned char>(w[i]);
}

// UTF-16LE text of a Latin script starts at `s`: nearly every unit is a non-zero byte and a
// zero byte.
bool utf16_at(std::string_view w, std::size_t s) {
    const std::size_t units = std::min(kUtf16Probe, (w.size() - s) / 2);
    if (units < 4 || w[s] == '\0') return false;
    std::size_t good = 0;
    for (std::size_t k = 0; k < units; ++k) {
        good += w[s + 2 * k] != '\0' && w[s + 2 * k + 1] == '\0' ? 1 : 0;
    }
    return good + units / 8 >= units;
}

// After NUL padding of odd length the text is one byte off: units (00, c) with c printable.
bool shifted_utf16(std::string_view w, std::size_t q) {
    if (q + 8 > w.size()) return false;
    for (std::size_t k = 0; k < 4; ++k) {
        const unsigned lo = byte_at(w, q + 2 * k), hi = byte_at(w, q + 2 * k + 1);
        if (lo != 0 || hi < 0x09 || hi >= 0x7F) return false;
    }
    return true;
}

// Bit k set when byte i + k of `w` is zero, for the `n` (<= 16) bytes from i.
unsigned zero_mask(std::string_view w, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
    if (n == 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w.data() + i));
        return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())));
    }
#endif
    unsigned m = 0;
    for (std::size_t k = 0; k < n; ++k) m |= w[i + k] == '\0' ? 1u << k : 0u;
    return m;
}

}  // namespace

void TextDecoder::start(bool wide, uint64_t offset, DamageLog& damage, bool after_cr) {
    damage_ = &damage;
    wide_ = wide;
    next_ = offset;
    in_padding_ = false;
    padding_start_ = padding_bytes_ = 0;
    has_odd_byte_ = false;
    ended_with_cr_ = false;
    splitter_.reset(wide ? 2 : 1, offset);
    splitter_.clear_line_ends();
    if (after_cr) splitter_.set_cr_pending();
}

std::size_t TextDecoder::push(std::string_view w, std::size_t begin, std::size_t limit, bool eof) {
    base_ = next_ - begin;
    std::size_t pos = begin;
    while (pos < limit && !has_odd_byte_) {
        const bool was_padding = in_padding_, was_wide = wide_;
        std::size_t next = 0;
        if (in_padding_) {
            next = padding(w, pos, limit, eof);
        } else if (wide_) {
            next = wide_text(w, pos, limit, eof);
        } else {
            next = narrow_text(w, pos, limit, eof);
        }
        if (next == pos && was_padding == in_padding_ && was_wide == wide_) break;  // needs more
        pos = next;
    }
    next_ = abs(pos);
    return pos;
}

void TextDecoder::feed(std::string_view w, std::size_t from, std::size_t to) {
    if (to <= from) return;
    const std::string_view chunk = w.substr(from, to - from);
    const bool wide = wide_;
    splitter_.feed(chunk, !wide && is_ascii(chunk.data(), chunk.size()),
                   [&](const RawLine& line) { target_.on_raw_line(line, wide); });
}

void TextDecoder::cut() {
    const bool wide = wide_;
    splitter_.cut([&](const RawLine& line) { target_.on_raw_line(line, wide); });
}

void TextDecoder::begin_padding(std::size_t at) {
    in_padding_ = true;
    padding_start_ = abs(at);
    padding_bytes_ = 0;
}

void TextDecoder::end_padding() {
    in_padding_ = false;
    if (padding_bytes_ > 0) damage_->nul_run(padding_start_, padding_bytes_);
}

std::size_t TextDecoder::narrow_text(std::string_view w, std::size_t pos, std::size_t limit,
                                     bool eof) {
    // NULs a few bytes past `limit` are looked at too: UTF-16 text starts one byte before its
    // first NUL (three with a byte order mark), and that byte must not be fed yet.
    const std::size_t search_end = std::min(w.size(), limit + kLookBehind);
    std::size_t from = pos;
    while (from < search_end) {
        const void* hit = std::memchr(w.data() + from, 0, search_end - from);
        if (hit == nullptr) break;
        const auto z = static_cast<std::size_t>(static_cast<const char*>(hit) - w.data());
        std::size_t run = 0;
        while (z + run < w.size() && w[z + run] == '\0' && run < kNulPaddingUnits) ++run;
        const bool to_the_end = eof && z + run == w.size();
        std::size_t event = npos;
        bool utf16 = false, bom = false;
        if (run == 1 && z >= pos + 1 && utf16_at(w, z - 1)) {
            utf16 = true;
            event = z - 1;
            bom =
                event >= pos + 2 && byte_at(w, event - 2) == 0xFF && byte_at(w, event - 1) == 0xFE;
            if (bom) event -= 2;
        } else if (run >= kNulPaddingUnits || to_the_end) {
            event = z;
        } else {
            from = z + run;  // a few NULs inside a line are data, like other control bytes
            continue;
        }
        if (event >= limit) break;  // decided again, identically, in the next call
        feed(w, pos, event);
        cut();
        if (!utf16) {
            begin_padding(event);
            return event;
        }
        damage_->encoding_switch(abs(event), true);
        std::size_t start = event;
        if (bom) {
            splitter_.skip(2);
            start += 2;
        }
        wide_ = true;
        splitter_.set_unit(2);
        return start;
    }
    feed(w, pos, limit);
    return limit;
}

bool TextDecoder::utf8_region(std::string_view w, std::size_t s, bool eof) const {
    // The probe is the zero-free stretch from `s`, up to kUtf8Probe bytes: UTF-16 text may
    // follow it again.
    const std::size_t room = std::min(kUtf8Probe, w.size() - s);
    const void* zero = std::memchr(w.data() + s, 0, room);
    const std::size_t n =
        zero == nullptr ? room
                        : static_cast<std::size_t>(static_cast<const char*>(zero) - w.data()) - s;
    if (n < 4 || (!eof && zero == nullptr && n < kUtf8Probe)) return false;
    std::string_view probe = w.substr(s, n);
    std::size_t plain = 0;
    for (const char ch : probe) {
        const auto c = static_cast<unsigned char>(ch);
        plain += (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    }
    if (plain * 10 < n * 9) return false;
    // A sequence cut by the end of the probe is not an error.
    if (s + n < w.size()) {
        std::size_t k = probe.size();
        while (k > 0 && probe.size() - k < 3 && (byte_at(probe, k - 1) & 0xC0) == 0x80) --k;
        if (k > 0 && byte_at(probe, k - 1) >= 0xC0) probe = probe.substr(0, k - 1);
    }
    return is_valid_utf8(probe);
}

std::size_t TextDecoder::wide_text(std::string_view w, std::size_t pos, std::size_t limit,
                                   bool eof) {
    const std::size_t end = pos + ((limit - pos) & ~std::size_t{1});  // whole units only
    // Zero-free stretches are followed into the lookahead so that a UTF-8 region starting
    // before `end` is found even when its evidence lies beyond it.
    const std::size_t size = w.size();
    const std::size_t scan_end =
        pos + ((std::min(size, end + kZeroFreeStretch + 32) - pos) & ~std::size_t{1});
    // A stretch may only start right after a zero byte.
    std::size_t last_zero = pos > 0 && w[pos - 1] == '\0' ? pos - 1 : npos;
    std::size_t probed = npos;
    std::size_t i = pos;
    std::size_t switch_at = npos;
    while (i < scan_end) {
        const std::size_t n = std::min<std::size_t>(16, scan_end - i);
        const unsigned zm = zero_mask(w, i, n);
        // The stretch since the last zero, measured to its end (the first zero of this block)
        // or to the end of this block: never by where blocks happen to start.
        const std::size_t reach = zm != 0 ? i + static_cast<std::size_t>(__builtin_ctz(zm)) : i + n;
        if (last_zero != npos && last_zero + 1 != probed &&
            reach - (last_zero + 1) >= kZeroFreeStretch) {
            probed = last_zero + 1;
            if (probed >= end) break;
            if (utf8_region(w, probed, eof)) {
                switch_at = probed;
                break;
            }
        }
        const unsigned before_end = end <= i ? 0u : end - i >= 16 ? 0xFFFFu : (1u << (end - i)) - 1;
        const unsigned zero_units = zm & (zm >> 1) & 0x5555u & before_end;
        if (zero_units != 0) {
            const std::size_t u = i + static_cast<std::size_t>(__builtin_ctz(zero_units));
            std::size_t run = 0;
            while (u + 2 * run + 1 < size && w[u + 2 * run] == '\0' && w[u + 2 * run + 1] == '\0' &&
                   run < kNulPaddingUnitsWide) {
                ++run;
            }
            if (run >= kNulPaddingUnitsWide || (eof && u + 2 * run + 1 >= size)) {
                feed(w, pos, u);
                cut();
                begin_padding(u);
                return u;
            }
            last_zero = u + 2 * run - 1;  // a short run of NUL characters is data
            i = u + 2 * run;
            continue;
        }
        if (zm != 0) last_zero = i + 31 - static_cast<std::size_t>(__builtin_clz(zm));
        i += n;
    }
    // At the end of the file a short UTF-8 tail has no room for a full stretch: the scan
    // reached the end, so everything after the last zero byte is zero-free.
    if (switch_at == npos && eof && scan_end + 1 >= size && last_zero != npos &&
        last_zero + 1 < end && last_zero + 1 != probed && utf8_region(w, last_zero + 1, eof)) {
        switch_at = last_zero + 1;
    }
    if (switch_at == npos) {
        feed(w, pos, end);
        if (eof && limit == size && end < limit) {  // an odd byte at the very end of the file
            has_odd_byte_ = true;
            odd_byte_ = byte_at(w, end);
            return limit;
        }
        return end;
    }
    // The UTF-16 text ended on an odd byte: its zero is half a unit, not text.
    const bool odd = (switch_at - pos) % 2 != 0;
    feed(w, pos, switch_at - (odd ? 1 : 0));
    if (odd) {
        splitter_.skip(1);
        damage_->stray_bytes(1);
    }
    cut();
    damage_->encoding_switch(abs(switch_at), false);
    wide_ = false;
    splitter_.set_unit(1);
    return switch_at;
}

std::size_t TextDecoder::padding(std::string_view w, std::size_t pos, std::size_t limit, bool eof) {
    const bool final = eof && limit == w.size();  // nothing after `limit` in the file
    std::size_t q = pos;
    if (!wide_) {
        while (q < limit && w[q] == '\0') ++q;
    } else {
        while (q + 2 <= limit && w[q] == '\0' && w[q + 1] == '\0') q += 2;
        if (q + 1 == limit && w[q] == '\0' && final) ++q;  // half a zero unit at the very end
    }
    splitter_.skip(q - pos);
    padding_bytes_ += q - pos;
    // The run ends at a non-zero unit; a lone byte before `limit` is decided with more data.
    if (q < limit && (!wide_ || q + 2 <= limit || final)) {
        if (wide_ && shifted_utf16(w, q)) {  // odd-length padding: realign on the text
            splitter_.skip(1);
            ++padding_bytes_;
            ++q;
        }
        end_padding();
    }
    return q;
}

bool TextDecoder::finish(unsigned char* take_odd_byte) {
    if (in_padding_) end_padding();
    bool took = false;
    if (has_odd_byte_) {
        if (take_odd_byte != nullptr) {
            *take_odd_byte = odd_byte_;
            took = true;
        } else {
            const char c = static_cast<char>(odd_byte_);
            splitter_.append_tail(std::string_view(&c, 1));
        }
        has_odd_byte_ = false;
    }
    ended_with_cr_ = splitter_.cr_pending();
    const bool wide = wide_;
    splitter_.finish([&](const RawLine& line) { target_.on_raw_line(line, wide); });
    damage_->set_line_ends(splitter_.line_ends());
    return took;
}

}  // namespace amtdiag::parsers::cmlog::detail
