#include "parsers/cmlog/time_fields.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "parsers/cmlog/text_scan.h"

namespace amtdiag::parsers::cmlog::detail {

std::size_t parse_date(std::string_view s, std::size_t i, char sep, Date& out) {
    uint32_t v = 0;
    i = read_uint(s, i, 2, v);
    if (i == npos || !expect(s, i, sep)) return npos;
    out.month = v;
    i = read_uint(s, i + 1, 2, v);
    if (i == npos || !expect(s, i, sep)) return npos;
    out.day = v;
    const std::size_t year_begin = i + 1;
    i = read_uint(s, year_begin, 4, v);
    if (i == npos || i - year_begin != 4) return npos;
    out.year = v;
    return i;
}

std::size_t parse_clock(std::string_view s, std::size_t i, bool allow_bias, Clock& out) {
    uint32_t v = 0;
    i = read_uint(s, i, 2, v);
    if (i == npos || !expect(s, i, ':')) return npos;
    out.hour = v;
    const std::size_t minute_begin = i + 1;
    i = read_uint(s, minute_begin, 2, v);
    if (i == npos || i - minute_begin != 2 || !expect(s, i, ':')) return npos;
    out.minute = v;
    const std::size_t second_begin = i + 1;
    i = read_uint(s, second_begin, 2, v);
    if (i == npos || i - second_begin != 2) return npos;
    out.second = v;
    out.millis = 0;
    if (expect(s, i, '.')) {
        const std::size_t frac_begin = i + 1;
        std::size_t k = frac_begin;
        unsigned millis = 0;
        while (k < s.size() && is_digit(s[k]) && k - frac_begin < 7) {
            if (k - frac_begin < 3) millis = millis * 10 + static_cast<unsigned>(s[k] - '0');
            ++k;
        }
        if (k == frac_begin) return npos;
        for (std::size_t d = k - frac_begin; d < 3; ++d) millis *= 10;  // ".5" is 500 ms
        out.millis = millis;
        i = k;
    }
    out.has_bias = false;
    out.bias_minutes = 0;
    if (allow_bias && i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const bool negative = s[i] == '-';
        const std::size_t k = read_uint(s, i + 1, 3, v);
        if (k == npos) return npos;
        out.has_bias = true;
        out.bias_minutes = negative ? -static_cast<int>(v) : static_cast<int>(v);
        i = k;
    }
    return i;
}

namespace {

// One 8-byte slice of the stamp's shape: which bytes must be digits, which must equal a
// separator ('?' = not checked).
struct WordShape {
    uint64_t digits = 0, sep_mask = 0, sep_value = 0;
};

constexpr WordShape word_shape(const char* pattern) {
    WordShape s;
    for (unsigned k = 0; k < 8; ++k) {
        const uint64_t byte = uint64_t{0xFF} << (8 * k);
        if (pattern[k] == 'd') {
            s.digits |= byte;
        } else if (pattern[k] != '?') {
            s.sep_mask |= byte;
            s.sep_value |= uint64_t{static_cast<unsigned char>(pattern[k])} << (8 * k);
        }
    }
    return s;
}

// Eight bytes checked at once: separators by mask, digits by "high nibble is 3 and the low
// nibble plus 6 does not carry".
inline bool matches(uint64_t w, const WordShape& s) {
    constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kLow = 0x0F0F0F0F0F0F0F0FULL;
    if ((w & s.sep_mask) != s.sep_value) return false;
    if ((w & s.digits & kHigh) != (0x3030303030303030ULL & s.digits)) return false;
    return (((w & s.digits & kLow) + (0x0606060606060606ULL & s.digits)) & s.digits & kHigh) == 0;
}

inline uint64_t load_le(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
    return w;
}

constexpr WordShape kStamp0 = word_shape("dd-dd-dd");  // "MM-DD-YYYY HH:MM:SS.mmm"
constexpr WordShape kStamp1 = word_shape("dd dd:dd");
constexpr WordShape kStamp2 = word_shape(":dd.ddd?");

}  // namespace

bool parse_fixed_stamp(const char* p, Date& date, Clock& clock) {
    if (!matches(load_le(p), kStamp0) || !matches(load_le(p + 8), kStamp1) ||
        !matches(load_le(p + 16), kStamp2)) {
        return false;
    }
    const auto d = [p](std::size_t k) { return static_cast<unsigned>(p[k] - '0'); };
    date.month = d(0) * 10 + d(1);
    date.day = d(3) * 10 + d(4);
    date.year = d(6) * 1000 + d(7) * 100 + d(8) * 10 + d(9);
    clock.hour = d(11) * 10 + d(12);
    clock.minute = d(14) * 10 + d(15);
    clock.second = d(17) * 10 + d(18);
    clock.millis = d(20) * 100 + d(21) * 10 + d(22);
    clock.has_bias = false;
    clock.bias_minutes = 0;
    return true;
}

namespace {

void set_clock(int64_t day_ms, const Clock& clock, model::LogTime& out) {
    // A leap second is shown as :59 rather than rolling the date over.
    const unsigned second = clock.second == 60 ? 59 : clock.second;
    out.local_ms =
        day_ms + ((int64_t{clock.hour} * 60 + clock.minute) * 60 + second) * 1000 + clock.millis;
    out.bias_minutes = clock.bias_minutes;
    out.has_time = true;
    out.has_bias = clock.has_bias;
    out.valid = true;
}

}  // namespace

void set_time(const Date& date, const Clock& clock, DayCache* cache, model::LogTime& out) {
    if (cache != nullptr && cache->year == date.year && cache->month == date.month &&
        cache->day == date.day && clock.hour <= 23 && clock.minute <= 59 && clock.second <= 60) {
        // Same day as the previous record: already known to exist.
        set_clock(cache->day_ms, clock, out);
        return;
    }
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.year < 1601 ||
        date.day > model::days_in_month(static_cast<int>(date.year), date.month) ||
        clock.hour > 23 || clock.minute > 59 || clock.second > 60) {
        // Kept as written, never normalised (Feb 30 is not Mar 2): see model::LogTime.
        out = model::LogTime::invalid_as_written(
            {date.year, date.month, date.day, clock.hour, clock.minute, clock.second, clock.millis},
            clock.has_bias, clock.bias_minutes);
        return;
    }
    const int64_t day_ms =
        model::to_epoch_ms(static_cast<int>(date.year), date.month, date.day, 0, 0, 0, 0);
    if (cache != nullptr) *cache = {date.year, date.month, date.day, day_ms};
    set_clock(day_ms, clock, out);
}

model::LogTime make_time(const Date& date, const Clock& clock, DayCache* cache) {
    model::LogTime t;
    set_time(date, clock, cache, t);
    return t;
}

}  // namespace amtdiag::parsers::cmlog::detail
