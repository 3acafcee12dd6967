#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace amtdiag::model {

// A finding's verdict. Order matters: worse() picks the more severe of two stage inputs.
enum class Status : uint8_t { pass, fail, warn, unknown, manual, skipped };

std::string_view to_string(Status status);
std::optional<Status> status_from_string(std::string_view text);

}  // namespace amtdiag::model
