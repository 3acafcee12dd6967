// A sequence of line tables (with repeats and prefixes) walked one line at a time.
// Fixed capacity: building and walking a program never allocates.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "figure_lines.hpp"

namespace amtdiag::bench {

class StepProgram {
  public:
    static constexpr std::size_t kAll = static_cast<std::size_t>(-1);

    struct Next {
        const Step* step;
        unsigned lead_ms;     // extra delay before this line (segment lead)
        unsigned repetition;  // 1-based repetition of the segment ({k})
    };

    void Clear() noexcept;
    // Appends `table` (its first `count` lines), repeated `repeat` times; `lead_ms`
    // is added before the first line of each repetition.
    void Add(StepTable table, unsigned repeat = 1, unsigned lead_ms = 0, std::size_t count = kAll);
    [[nodiscard]] std::optional<Next> Pop() noexcept;

  private:
    struct Segment {
        StepTable steps;
        std::size_t count = 0;
        unsigned repeat = 1;
        unsigned lead_ms = 0;
    };
    std::array<Segment, 12> segments_{};
    std::size_t size_ = 0;
    std::size_t segment_ = 0;
    std::size_t index_ = 0;
    unsigned repetition_ = 0;
};

}  // namespace amtdiag::bench
