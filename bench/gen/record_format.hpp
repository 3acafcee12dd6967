// The three on-disk shapes of one AMTOPMGR record (spec cm-log-formats.md §1):
// SMS trace trailer, CCM <![LOG[...]LOG]!>, and the CMTrace copy-to-clipboard form.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "civil_time.hpp"
#include "line_buffer.hpp"

namespace amtdiag::bench {

enum class LogFormat { kSmsTrace, kCcm, kViewer };

[[nodiscard]] std::optional<LogFormat> ParseLogFormat(std::string_view name);

inline constexpr std::string_view kComponent = "SMS_AMT_OPERATION_MANAGER";

// Builds whole records (message + metadata + CRLF) into a LineBuffer. The metadata
// after the message is two cached blocks: the time part (rebuilt once per second,
// milliseconds patched in) and the thread part (cached per thread id).
class RecordFormatter {
  public:
    RecordFormatter(LogFormat format, int bias_minutes);

    // Starts a record: writes whatever precedes the message. The caller then appends
    // the message text to `out` and calls Finish.
    void Begin(LineBuffer& out) const;
    // Completes the record whose message starts at offset `message_start` of `out`.
    void Finish(LineBuffer& out, std::size_t message_start, LocalMillis time, unsigned thread);

  private:
    static constexpr std::size_t kNoMillis = static_cast<std::size_t>(-1);

    struct Block {
        std::array<char, 160> text{};
        std::size_t size = 0;
    };
    struct ThreadBlock {
        unsigned id = ~0U;
        Block block;
    };

    void BuildTimeBlock(LocalMillis second_start);
    void BuildThreadBlock(unsigned thread, Block& block) const;
    void AppendBias(LineBuffer& out) const;
    static void Store(const LineBuffer& from, Block& to);

    LogFormat format_;
    int bias_;
    TimeSplitter splitter_;
    LocalMillis cached_second_ = INT64_MIN;
    Block time_block_;
    std::size_t millis_pos_ = kNoMillis;  // offset of the 3 millisecond digits in time_block_
    std::array<ThreadBlock, 32> thread_cache_{};
};

}  // namespace amtdiag::bench
