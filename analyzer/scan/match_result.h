#pragma once
// What a signature matcher reports for one message: the signatures that matched and their
// named groups.
#include <cstdint>
#include <string_view>

namespace amtdiag::scan {

// Named-group values of one match. Views point into the scanned message.
struct Capture {
    std::string_view name;
    std::string_view value;
};

// One matching signature: its index into the matcher's signatures and its captures, a range
// of the matcher's capture buffer.
struct MatchHit {
    int signature;
    uint32_t first_capture;
    uint32_t capture_count;
};

}  // namespace amtdiag::scan
