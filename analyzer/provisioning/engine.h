#pragma once
// One simulation run: the world plays out on the virtual clock and writes the artifact
// bundle a real deployment of it would leave (docs/provisioning.md lists the files).
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/provisioning/fault_catalog.h"
#include "analyzer/provisioning/scenario.h"

namespace amtdiag::provisioning {

struct RunSummary {
    size_t devices = 0;
    std::vector<std::string> files;  // relative to the output folder, sorted
    uint64_t log_bytes = 0;          // AMTOPMGR + AMTPROXYMGR + OOBMGMT, all parts
    int rollovers = 0;
    uint64_t packets = 0;
};

// Writes into `out_dir` (created; files of an earlier run there are replaced).
// Throws ScenarioError for a scenario the world cannot be built from, std::runtime_error for
// I/O failures.
RunSummary run_scenario(const Scenario& scenario, const FaultCatalog& catalog,
                        const std::string& out_dir);

}  // namespace amtdiag::provisioning
