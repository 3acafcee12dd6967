#include "civil_time.hpp"

#include <charconv>

namespace amtdiag::bench {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t DaysFromCivil(CivilDate date) noexcept {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t m = date.month;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t days) noexcept {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return CivilDate{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

namespace {

bool ReadNumber(std::string_view& text, std::size_t digits, unsigned& out) {
    if (text.size() < digits) return false;
    const auto* first = text.data();
    const auto result = std::from_chars(first, first + digits, out);
    if (result.ec != std::errc{} || result.ptr != first + digits) return false;
    text.remove_prefix(digits);
    return true;
}

bool Expect(std::string_view& text, char c) {
    if (text.empty() || text.front() != c) return false;
    text.remove_prefix(1);
    return true;
}

}  // namespace

std::optional<LocalMillis> ParseStartTime(std::string_view text) {
    unsigned month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!ReadNumber(text, 2, month) || !Expect(text, '-') || !ReadNumber(text, 2, day) ||
        !Expect(text, '-') || !ReadNumber(text, 4, year) || !Expect(text, ' ') ||
        !ReadNumber(text, 2, hour) || !Expect(text, ':') || !ReadNumber(text, 2, minute) ||
        !Expect(text, ':') || !ReadNumber(text, 2, second)) {
        return std::nullopt;
    }
    if (!text.empty() && (!Expect(text, '.') || !ReadNumber(text, 3, millis) || !text.empty())) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    const std::int64_t days = DaysFromCivil({static_cast<int>(year), month, day});
    return ((days * 24 + hour) * 60 + minute) * 60'000LL + second * 1000LL + millis;
}

TimeSplitter::Fields TimeSplitter::Split(LocalMillis t) noexcept {
    constexpr std::int64_t kDay = 86'400'000;
    std::int64_t day = t / kDay;
    std::int64_t rest = t % kDay;
    if (rest < 0) {
        rest += kDay;
        --day;
    }
    if (day != cached_day_) {
        cached_day_ = day;
        cached_date_ = CivilFromDays(day);
    }
    const auto ms = static_cast<unsigned>(rest);
    return Fields{cached_date_, ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000};
}

}  // namespace amtdiag::bench
