// Fuzzes the scenario loader (analyzer/provisioning/scenario.cpp): a scenario is written by
// people and shared, so any bytes must give a Scenario or a ScenarioError with file:line,
// never a crash, a hang or another exception. A scenario that loads must survive its own
// copy (the bundle's scenario.yaml) unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analyzer/provisioning/scenario.h"

namespace prov = amtdiag::provisioning;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const prov::Scenario s = prov::parse_scenario(text, "fuzz.yaml");
        const std::string copy = prov::scenario_to_yaml(s);
        const prov::Scenario again = prov::parse_scenario(copy, "copy.yaml");
        if (prov::scenario_to_yaml(again) != copy) std::abort();
    } catch (const prov::ScenarioError& e) {
        if (std::string(e.what()).rfind("fuzz.yaml", 0) != 0) std::abort();
    }
    return 0;
}
