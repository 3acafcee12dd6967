#pragma once
// A time as ConfigMgr writes it: the local wall clock of the writer plus, when the line
// carries one, the Windows bias in minutes (UTC = local + bias, see docs/architecture.md).
#include <cstdint>
#include <string>

namespace amtdiag::model {

struct LogTime {
    // Milliseconds since 1970-01-01 of the *written* wall clock, read as if it were UTC.
    int64_t local_ms = 0;
    int bias_minutes = 0;
    bool has_time = false;
    bool has_bias = false;

    // Only meaningful when has_bias; otherwise the zone is unknown and this equals local_ms.
    int64_t utc_ms() const { return local_ms + int64_t{bias_minutes} * 60'000; }
    // The key used to order records: UTC when known, otherwise the local clock.
    int64_t sort_ms() const { return has_bias ? utc_ms() : local_ms; }

    // "2009-01-14T21:43:12.000Z" when the bias is known, "2009-01-14T13:43:12.000 local"
    // otherwise, "" without a time.
    std::string to_string() const;
};

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int year, unsigned month, unsigned day);
int64_t to_epoch_ms(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                    unsigned second, unsigned millis);
std::string format_epoch_ms(int64_t ms);  // "YYYY-MM-DDTHH:MM:SS.mmm"

}  // namespace amtdiag::model
