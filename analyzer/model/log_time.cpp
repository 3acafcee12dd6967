#include "analyzer/model/log_time.h"

#include <cstdio>
#include <cstdlib>

namespace amtdiag::model {

int64_t days_from_civil(int year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t to_epoch_ms(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                    unsigned second, unsigned millis) {
    const int64_t days = days_from_civil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60'000 + int64_t{second} * 1000 + millis;
}

std::string format_epoch_ms(int64_t ms) {
    int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    int64_t rest = ms - days * 86'400'000;
    // civil_from_days, the inverse of days_from_civil.
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
    const auto hour = static_cast<unsigned>(rest / 3'600'000);
    const auto minute = static_cast<unsigned>(rest / 60'000 % 60);
    const auto second = static_cast<unsigned>(rest / 1000 % 60);
    const auto millis = static_cast<unsigned>(rest % 1000);
    if (year < 0 || year > 9999) {  // rare: snprintf knows how to print these
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03u",
                      static_cast<long long>(year), month, day, hour, minute, second, millis);
        return buf;
    }
    // Digits written by hand: every citation of every finding carries a time, and snprintf
    // was 4,000 instructions of each (2 % of a fleet's run). Same bytes as the format above.
    std::string out = "0000-00-00T00:00:00.000";
    auto put = [&out](size_t at, unsigned value, size_t digits) {
        for (size_t i = digits; i-- > 0; value /= 10)
            out[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(year), 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, hour, 2);
    put(14, minute, 2);
    put(17, second, 2);
    put(20, millis, 3);
    return out;
}

unsigned days_in_month(int year, unsigned month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

namespace {

// Decimal weights of the packed YYYYMMDDhhmmssmmm form of an invalid stamp.
constexpr int64_t kMillis = 1, kSecond = 1'000, kMinute = 100'000, kHour = 10'000'000,
                  kDay = 1'000'000'000, kMonth = 100'000'000'000, kYear = 10'000'000'000'000;

}  // namespace

LogTime::Fields LogTime::written() const {
    Fields f;
    if (!valid) {
        const auto part = [&](int64_t weight, int64_t range) {
            return static_cast<unsigned>(local_ms / weight % range);
        };
        f.year = part(kYear, 10'000);
        f.month = part(kMonth, 100);
        f.day = part(kDay, 100);
        f.hour = part(kHour, 100);
        f.minute = part(kMinute, 100);
        f.second = part(kSecond, 100);
        f.millis = part(kMillis, 1'000);
        return f;
    }
    const std::string iso = format_epoch_ms(local_ms);  // cold path: reports only
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    if (std::sscanf(iso.c_str(), "%u-%u-%uT%u:%u:%u.%u", &y, &mo, &d, &h, &mi, &s, &ms) == 7) {
        f = {y, mo, d, h, mi, s, ms};
    }
    return f;
}

LogTime LogTime::invalid_as_written(const Fields& fields, bool has_bias, int bias_minutes) {
    const auto clamp = [](unsigned v, unsigned max) { return int64_t{v > max ? max : v}; };
    LogTime t;
    t.valid = false;
    t.has_time = false;
    t.has_bias = has_bias;
    t.bias_minutes = has_bias ? bias_minutes : 0;
    t.local_ms = clamp(fields.year, 9'999) * kYear + clamp(fields.month, 99) * kMonth +
                 clamp(fields.day, 99) * kDay + clamp(fields.hour, 99) * kHour +
                 clamp(fields.minute, 99) * kMinute + clamp(fields.second, 99) * kSecond +
                 clamp(fields.millis, 999) * kMillis;
    return t;
}

std::string LogTime::to_string() const {
    if (!valid) {
        const Fields f = written();
        char buf[80];
        std::snprintf(buf, sizeof buf, "%02u-%02u-%04u %02u:%02u:%02u.%03u", f.month, f.day, f.year,
                      f.hour, f.minute, f.second, f.millis);
        std::string out = buf;
        if (has_bias) {
            // Appended piecewise: "+" + std::string trips GCC 12's -Wrestrict at -O3.
            out += bias_minutes < 0 ? '-' : '+';
            out += std::to_string(std::abs(bias_minutes));
        }
        out += " (invalid date)";
        return out;
    }
    if (!has_time) return {};
    if (has_bias) return format_epoch_ms(utc_ms()) + "Z";
    return format_epoch_ms(local_ms) + " local";
}

}  // namespace amtdiag::model
