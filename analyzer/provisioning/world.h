#pragma once
// The world a run plays: the scenario's site settings with every fault applied, and each
// device with its identity (derived from the seed where the scenario leaves it open) and its
// own settings.
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/fault_catalog.h"
#include "analyzer/provisioning/scenario.h"
#include "analyzer/provisioning/settings.h"

namespace amtdiag::provisioning {

struct Device {
    size_t index = 0;
    std::string host;  // as the OS and MEBX know it (may carry a bad character on purpose)
    std::string fqdn;
    std::string uuid;  // canonical uppercase
    std::string mac;   // "00-1A-4B-00-00-01"
    std::string ip;
    std::string pid;  // one-touch PID, 8 characters
    int machine_id = 0;
    Mode mode = Mode::oob;
    Settings s;  // site settings merged with the device's own
};

struct World {
    Scenario scenario;
    Settings site;
    std::vector<Device> devices;
    int64_t start_ms = 0;

    std::string domain() const { return site.get("site.domain"); }
    std::string server_fqdn() const;
    std::string server_domain() const;
    bool unprovision() const { return site.on("unprovision.run"); }
};

// Applies the faults of the scenario; throws ScenarioError for a fault id the catalog lacks.
World build_world(const Scenario& scenario, const FaultCatalog& catalog);

}  // namespace amtdiag::provisioning
