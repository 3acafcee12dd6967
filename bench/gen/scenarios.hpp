// Scenario mode: one small, realistic AMTOPMGR.LOG per named situation.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "civil_time.hpp"
#include "record_writer.hpp"

namespace amtdiag::bench {

[[nodiscard]] std::span<const std::string_view> ScenarioNames() noexcept;

// Returns false if `name` is not a scenario.
bool WriteScenario(std::string_view name, LocalMillis start, std::optional<unsigned> retries,
                   RecordWriter& writer);

}  // namespace amtdiag::bench
