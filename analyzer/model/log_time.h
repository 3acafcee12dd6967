#pragma once
// A time as ConfigMgr writes it: the local wall clock of the writer plus, when the line
// carries one, the Windows bias in minutes (UTC = local + bias, see docs/architecture.md).
//
// Impossible stamps (Feb 30, month 13, hour 25) are kept as written and marked invalid
// (valid == false) instead of being normalised: a calendar library would turn Feb 30 into
// Mar 2 and silently move the record in time.
//
// Ordering rule: records are kept in reading order (their position in the log). Time
// comparisons and arithmetic use sort_ms() and only when has_time is true. An invalid time
// has has_time == false, so it never takes part in them: its record is ordered by position,
// like a record without a time.
#include <cstdint>
#include <string>

namespace amtdiag::model {

struct LogTime {
    // has_time: milliseconds since 1970-01-01 of the *written* wall clock, read as if it were
    // UTC. !valid: the written fields packed as the decimal number YYYYMMDDhhmmssmmm (see
    // written()); never a point in time.
    int64_t local_ms = 0;
    int bias_minutes = 0;
    bool has_time = false;  // a usable time: valid and present
    bool has_bias = false;
    bool valid = true;  // false only when a stamp was written but cannot exist

    // Only meaningful when has_bias; otherwise the zone is unknown and this equals local_ms.
    int64_t utc_ms() const { return local_ms + int64_t{bias_minutes} * 60'000; }
    // The key used to order records: UTC when known, otherwise the local clock. Only for
    // has_time (see the ordering rule above).
    int64_t sort_ms() const { return has_bias ? utc_ms() : local_ms; }

    // The calendar fields of the stamp as written (also for valid times).
    struct Fields {
        unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    };
    Fields written() const;
    // An impossible stamp, kept as written. Each field is clamped to its written width
    // (year 4 digits, millis 3, others 2), which is all the grammars can hold.
    static LogTime invalid_as_written(const Fields& fields, bool has_bias, int bias_minutes);

    // "2009-01-14T21:43:12.000Z" when the bias is known, "2009-01-14T13:43:12.000 local"
    // otherwise, "" without a time. An invalid stamp prints in ConfigMgr's field order, as
    // written, with a marker: "02-30-2009 13:43:12.000+480 (invalid date)".
    std::string to_string() const;
};

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int year, unsigned month, unsigned day);
int64_t to_epoch_ms(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                    unsigned second, unsigned millis);
std::string format_epoch_ms(int64_t ms);  // "YYYY-MM-DDTHH:MM:SS.mmm"

// Days in `month` (1..12) of `year` (Gregorian leap rule); 0 for a month out of range.
unsigned days_in_month(int year, unsigned month);

}  // namespace amtdiag::model
