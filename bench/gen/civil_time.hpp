// Local wall-clock time as milliseconds since 1970-01-01 00:00 (zone-less), and
// the three text forms the log formats need.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace amtdiag::bench {

using LocalMillis = std::int64_t;

struct CivilDate {
    int year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

[[nodiscard]] std::int64_t DaysFromCivil(CivilDate date) noexcept;
[[nodiscard]] CivilDate CivilFromDays(std::int64_t days) noexcept;

// Parses "MM-DD-YYYY HH:MM:SS.mmm" (the SMS-trace form; ".mmm" optional).
[[nodiscard]] std::optional<LocalMillis> ParseStartTime(std::string_view text);

// Splits a timestamp into the fields the formatters print. Caches the date of the
// last call so that per-line use costs a few integer divisions.
class TimeSplitter {
  public:
    struct Fields {
        CivilDate date;
        unsigned hour, minute, second, millis;
    };
    [[nodiscard]] Fields Split(LocalMillis t) noexcept;

  private:
    std::int64_t cached_day_ = INT64_MIN;
    CivilDate cached_date_{1970, 1, 1};
};

}  // namespace amtdiag::bench
