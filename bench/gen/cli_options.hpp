// Command line of amtdiag_gen_logs (see Usage()).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "civil_time.hpp"
#include "encoded_sink.hpp"
#include "record_format.hpp"

namespace amtdiag::bench {

enum class Mode { kScenario, kBulk, kHelp };

struct Options {
    Mode mode = Mode::kHelp;
    std::string scenario;  // scenario mode only
    std::string out;
    Encoding encoding = Encoding::kUtf8;
    LogFormat format = LogFormat::kSmsTrace;
    int bias_minutes = 480;
    LocalMillis start = 0;
    std::optional<unsigned> retries;  // scenario mode; default depends on the scenario
    std::uint64_t size = 0;           // bulk mode, bytes
    unsigned devices = 2000;          // bulk mode
    std::uint64_t seed = 1;           // bulk mode
    unsigned workers = 6;             // bulk mode: concurrent work threads
    unsigned noise = 0;               // bulk mode: routine lines after each task line
};

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

[[nodiscard]] std::string_view Usage() noexcept;

// Throws UsageError on bad input.
[[nodiscard]] Options ParseOptions(const std::vector<std::string_view>& args);

// "1G", "512M", "64K", "1000" -> bytes (binary multiples). nullopt on bad input.
[[nodiscard]] std::optional<std::uint64_t> ParseByteSize(std::string_view text);

}  // namespace amtdiag::bench
