#include "analyzer/engine/expression/time_format.h"

#include <array>
#include <cstdio>
#include <limits>

namespace amtdiag::engine::expr {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

// Howard Hinnant's days_from_civil / civil_from_days (public domain). Duplicated from
// analyzer/model on purpose: the expression library must not depend on the log model.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[pos]; advances pos.
std::optional<unsigned> digits(std::string_view text, size_t& pos, size_t n) {
    if (pos + n > text.size()) return std::nullopt;
    unsigned v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view text, size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) {
    size_t pos = 0;
    const auto year = digits(text, pos, 4);
    if (!year || !expect(text, pos, '-')) return std::nullopt;
    const auto month = digits(text, pos, 2);
    if (!month || !expect(text, pos, '-')) return std::nullopt;
    const auto day = digits(text, pos, 2);
    if (!day) return std::nullopt;
    if (!expect(text, pos, 'T') && !expect(text, pos, 't')) return std::nullopt;
    const auto hour = digits(text, pos, 2);
    if (!hour || !expect(text, pos, ':')) return std::nullopt;
    const auto minute = digits(text, pos, 2);
    if (!minute || !expect(text, pos, ':')) return std::nullopt;
    const auto second = digits(text, pos, 2);
    if (!second) return std::nullopt;
    if (*year < 1 || *month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month) ||
        *hour > 23 || *minute > 59 || *second > 59) {
        return std::nullopt;
    }
    int64_t millis = 0;
    if (expect(text, pos, '.')) {
        size_t n = 0;
        int64_t scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;  // digits past the third add 0: truncation
            scale /= 10;
            ++pos;
            ++n;
        }
        if (n == 0 || n > 9) return std::nullopt;
    }
    int64_t offset_minutes = 0;
    if (!expect(text, pos, 'Z') && !expect(text, pos, 'z')) {
        if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        const auto oh = digits(text, pos, 2);
        if (!oh || !expect(text, pos, ':')) return std::nullopt;
        const auto om = digits(text, pos, 2);
        if (!om || *oh > 23 || *om > 59) return std::nullopt;
        offset_minutes = sign * static_cast<int64_t>(*oh * 60 + *om);
    }
    if (pos != text.size()) return std::nullopt;
    const int64_t local = days_from_civil(*year, *month, *day) * kMsPerDay +
                          ((*hour * 60 + *minute) * 60 + *second) * int64_t{1000} + millis;
    return Timestamp{local - offset_minutes * 60'000};
}

std::string format_timestamp(Timestamp t) {
    int64_t days = t.ms / kMsPerDay;
    int64_t rem = t.ms % kMsPerDay;
    if (rem < 0) {
        rem += kMsPerDay;
        --days;
    }
    const Civil c = civil_from_days(days);
    const int64_t secs = rem / 1000;
    const int64_t millis = rem % 1000;
    std::array<char, 64> buf{};
    int n = std::snprintf(
        buf.data(), buf.size(), "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
        static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secs / 3600),
        static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
    std::string out(buf.data(), static_cast<size_t>(n));
    if (millis != 0) {
        n = std::snprintf(buf.data(), buf.size(), ".%03lld", static_cast<long long>(millis));
        out.append(buf.data(), static_cast<size_t>(n));
    }
    out += 'Z';
    return out;
}

std::optional<Duration> parse_duration(std::string_view text) {
    // Work in nanoseconds like Go so "1.0000005s" style inputs behave identically, then
    // truncate to ms. int64 ns covers +-292 years, plenty for rule thresholds.
    size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
        negative = text[pos] == '-';
        ++pos;
    }
    if (text.substr(pos) == "0") return Duration{0};
    if (pos == text.size()) return std::nullopt;
    int64_t total_ns = 0;
    while (pos < text.size()) {
        int64_t whole = 0;
        size_t whole_digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (__builtin_mul_overflow(whole, 10, &whole) ||
                __builtin_add_overflow(whole, text[pos] - '0', &whole)) {
                return std::nullopt;
            }
            ++pos;
            ++whole_digits;
        }
        int64_t frac = 0;
        int64_t frac_scale = 1;
        size_t frac_digits = 0;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (frac_scale < 1'000'000'000'000'000LL) {  // more digits cannot matter
                    frac = frac * 10 + (text[pos] - '0');
                    frac_scale *= 10;
                }
                ++pos;
                ++frac_digits;
            }
        }
        if (whole_digits == 0 && frac_digits == 0) return std::nullopt;
        const size_t unit_start = pos;
        while (pos < text.size() && (text[pos] < '0' || text[pos] > '9') && text[pos] != '.') {
            ++pos;
        }
        const std::string_view unit = text.substr(unit_start, pos - unit_start);
        int64_t unit_ns = 0;
        if (unit == "ns")
            unit_ns = 1;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
            unit_ns = 1'000;
        else if (unit == "ms")
            unit_ns = 1'000'000;
        else if (unit == "s")
            unit_ns = 1'000'000'000;
        else if (unit == "m")
            unit_ns = 60'000'000'000;
        else if (unit == "h")
            unit_ns = 3'600'000'000'000;
        else
            return std::nullopt;
        int64_t part = 0;
        if (__builtin_mul_overflow(whole, unit_ns, &part)) return std::nullopt;
        // frac < frac_scale <= 1e18 and unit_ns <= 3.6e12: use long double to avoid overflow;
        // the result is below unit_ns so precision loss is sub-nanosecond.
        const auto frac_ns = static_cast<int64_t>(static_cast<long double>(frac) * unit_ns /
                                                  static_cast<long double>(frac_scale));
        if (__builtin_add_overflow(part, frac_ns, &part) ||
            __builtin_add_overflow(total_ns, part, &total_ns)) {
            return std::nullopt;
        }
    }
    const int64_t ms = total_ns / 1'000'000;
    return Duration{negative ? -ms : ms};
}

std::string format_duration(Duration d) {
    const bool negative = d.ms < 0;
    // Negate via unsigned so INT64_MIN does not overflow.
    const uint64_t abs_ms =
        negative ? 0 - static_cast<uint64_t>(d.ms) : static_cast<uint64_t>(d.ms);
    std::string out = negative ? "-" : "";
    out += std::to_string(abs_ms / 1000);
    if (abs_ms % 1000 != 0) {
        std::array<char, 8> buf{};
        const int n =
            std::snprintf(buf.data(), buf.size(), ".%03u", static_cast<unsigned>(abs_ms % 1000));
        out.append(buf.data(), static_cast<size_t>(n));
    }
    out += 's';
    return out;
}

}  // namespace amtdiag::engine::expr
