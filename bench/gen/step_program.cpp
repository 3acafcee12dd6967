#include "step_program.hpp"

#include <algorithm>
#include <stdexcept>

namespace amtdiag::bench {

void StepProgram::Clear() noexcept {
    size_ = 0;
    segment_ = 0;
    index_ = 0;
    repetition_ = 0;
}

void StepProgram::Add(StepTable table, unsigned repeat, unsigned lead_ms, std::size_t count) {
    if (size_ == segments_.size()) throw std::logic_error("StepProgram: too many segments");
    if (repeat == 0) return;
    segments_[size_++] = Segment{table, std::min(count, table.size()), repeat, lead_ms};
}

std::optional<StepProgram::Next> StepProgram::Pop() noexcept {
    while (segment_ < size_) {
        const Segment& s = segments_[segment_];
        if (index_ < s.count) {
            const Next next{&s.steps[index_], index_ == 0 ? s.lead_ms : 0, repetition_ + 1};
            ++index_;
            return next;
        }
        index_ = 0;
        if (++repetition_ >= s.repeat) {
            repetition_ = 0;
            ++segment_;
        }
    }
    return std::nullopt;
}

}  // namespace amtdiag::bench
