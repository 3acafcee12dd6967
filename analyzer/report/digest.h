#pragma once
// SHA-256 for reports: SARIF's stable fingerprints and the HTML report's Content-Security-
// Policy hashes of its inline script and style.
#include <string>
#include <string_view>

namespace amtdiag::report {

std::string sha256_hex(std::string_view bytes);
std::string sha256_base64(std::string_view bytes);

}  // namespace amtdiag::report
