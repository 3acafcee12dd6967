#pragma once
// Text packed for embedding: gzip, then base64. A fleet's report is tens of megabytes of JSON
// that repeats itself (the same check, fix and milestone on thousands of devices); packed it
// is a twentieth of that, so the HTML report stays a file a ticket system accepts and a
// browser opens at once. The page unpacks it with DecompressionStream.
#include <stdexcept>
#include <string>
#include <string_view>

namespace amtdiag::report {

struct PackError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string pack_text(std::string_view text);
// Throws PackError on base64 or gzip that does not decode.
std::string unpack_text(std::string_view packed);

}  // namespace amtdiag::report
