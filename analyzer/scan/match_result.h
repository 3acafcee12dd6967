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

// A capture kept as its position in a copy of the message (a remembered message, a batch's
// text), so that it can be viewed again in whichever copy is at hand.
struct CapturePlace {
    std::string_view name;  // a signature's group name: lives as long as the rule set
    uint32_t at = 0;
    uint32_t size = 0;
};

}  // namespace amtdiag::scan
