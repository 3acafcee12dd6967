#pragma once
// The virtual clock: milliseconds since 1970 UTC, advanced by the simulation, never read from
// the system, so a run is the same every time. Plus the seeded random numbers the model draws
// (splitmix64: tiny, fast, and the same on every platform, unlike std::uniform_*_distribution).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amtdiag::provisioning {

struct Civil {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
};

Civil civil_from_ms(int64_t ms);
int64_t ms_from_civil(const Civil& c);
// "2026-12-01T10:00:00Z" (also with .mmm); nullopt when malformed.
std::optional<int64_t> parse_utc(std::string_view text);
// RFC 3339 with milliseconds: "2026-12-01T10:00:00.000Z".
std::string rfc3339(int64_t ms);

class Rng {
  public:
    explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL) {}
    uint64_t next();
    // Uniform in [0, n) (n > 0); the bias of the modulo is irrelevant at these sizes.
    uint64_t below(uint64_t n) { return next() % n; }
    double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
    std::string bytes(size_t n);

  private:
    uint64_t state_;
};

}  // namespace amtdiag::provisioning
