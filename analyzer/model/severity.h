#pragma once
#include <cstdint>
#include <string_view>

namespace amtdiag::model {

// Severity of one log record, as CMTrace would colour it.
enum class Severity : uint8_t { none, info, warning, error };

std::string_view to_string(Severity severity);

}  // namespace amtdiag::model
