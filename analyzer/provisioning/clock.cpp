#include "analyzer/provisioning/clock.h"

#include <cstdio>

namespace amtdiag::provisioning {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

Civil civil_from_ms(int64_t ms) {
    int64_t days = ms / 86'400'000;
    int64_t rest = ms % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        --days;
    }
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    Civil c;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2));
    c.hour = static_cast<int>(rest / 3'600'000);
    c.minute = static_cast<int>(rest / 60'000 % 60);
    c.second = static_cast<int>(rest / 1000 % 60);
    c.millis = static_cast<int>(rest % 1000);
    return c;
}

int64_t ms_from_civil(const Civil& c) {
    const int64_t days =
        days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
    return ((days * 24 + c.hour) * 60 + c.minute) * 60'000 + c.second * 1000 + c.millis;
}

std::optional<int64_t> parse_utc(std::string_view t) {
    Civil c;
    int n = 0;
    const std::string s(t);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &c.year, &c.month, &c.day, &c.hour,
                    &c.minute, &c.second, &n) != 6)
        return std::nullopt;
    size_t pos = static_cast<size_t>(n);
    if (pos < s.size() && s[pos] == '.') {
        int ms = 0, digits = 0;
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) ms = ms * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        for (int i = digits; i < 3; ++i) ms *= 10;
        c.millis = ms;
    }
    if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
    if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 ||
        c.second > 59 || c.year < 1971 || c.year > 9999)
        return std::nullopt;
    return ms_from_civil(c);
}

std::string rfc3339(int64_t ms) {
    const Civil c = civil_from_ms(ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day,
                  c.hour, c.minute, c.second, c.millis);
    return buf;
}

uint64_t Rng::next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::string Rng::bytes(size_t n) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(next() & 0xFF);
    return out;
}

}  // namespace amtdiag::provisioning
