#pragma once
// Date and clock fields shared by the CCM, SMS trace and viewer grammars (§1, §5).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/model/log_time.h"

namespace amtdiag::parsers::cmlog::detail {

struct Date {
    unsigned year = 0, month = 0, day = 0;
};
struct Clock {
    unsigned hour = 0, minute = 0, second = 0, millis = 0;
    bool has_bias = false;
    int bias_minutes = 0;
};

// "M-D-YYYY" / "MM/DD/YYYY" with `sep` between the parts; returns the index after the year or
// npos.
std::size_t parse_date(std::string_view s, std::size_t i, char sep, Date& out);
// "H:MM:SS[.f{1,7}][(+|-)d{1,3}]"; a fraction longer than 3 digits keeps milliseconds.
// Returns the index after the clock or npos.
std::size_t parse_clock(std::string_view s, std::size_t i, bool allow_bias, Clock& out);

// Consecutive records almost always share the date: remembering the last day saves the
// calendar arithmetic. One per reader (no shared state).
struct DayCache {
    unsigned year = 0, month = 0, day = 0;
    int64_t day_ms = 0;
};

// Range-checks (calendar included: no Feb 30) and converts. An impossible stamp gives
// valid=false, has_time=false and the fields as written (model::LogTime::invalid_as_written).
model::LogTime make_time(const Date& date, const Clock& clock, DayCache* cache = nullptr);
// Same, written field by field into `out`: on the hot path, returning the struct and copying
// it caused store-forwarding stalls (a wide load over freshly written narrow fields).
void set_time(const Date& date, const Clock& clock, DayCache* cache, model::LogTime& out);

// Fast path for the fixed-width "MM-DD-YYYY HH:MM:SS.mmm" (23 bytes) of SMS trace trailers;
// false when `p` does not hold exactly that shape. Reads 24 bytes at `p`.
bool parse_fixed_stamp(const char* p, Date& date, Clock& clock);

}  // namespace amtdiag::parsers::cmlog::detail
