#pragma once
// A scenario: the environment (site settings), the devices, the faults switched on. Read
// from YAML written by people, so the loader treats it as untrusted input: every problem is
// a ScenarioError that names file:line:column, nothing else escapes it.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/provisioning/settings.h"

namespace amtdiag::provisioning {

enum class Mode { oob, inband, onetouch_psk, onetouch_pki };

std::string_view mode_name(Mode mode);
std::optional<Mode> parse_mode(std::string_view name);

struct DeviceSpec {
    std::string host;  // short host name; the FQDN is host + "." + site.domain
    Mode mode = Mode::oob;
    std::string uuid;    // canonical uppercase; empty: derived from the seed
    std::string mac;     // "00-1A-2B-..."; empty: derived
    std::string ip;      // empty: derived
    std::string pid;     // one-touch: 8 characters, no dash; empty: derived
    int machine_id = 0;  // ConfigMgr resource id; 0: derived
    Settings settings;   // device.* keys
    int count = 1;       // the entry stands for this many devices (host01, host02, ...)
};

struct FaultUse {
    std::string id;
    std::vector<std::string> devices;  // host names; empty: every device
    int line = 0;                      // where the scenario names it (errors), 0: not from a file
};

struct Scenario {
    std::string origin;  // the file it was read from ("" when built in code)
    std::string name = "scenario";
    uint64_t seed = 1;
    // The virtual clock's start (UTC, RFC 3339). Evidence dates follow it, certificates are
    // valid around it.
    std::string start = "2026-12-01T10:00:00Z";
    Settings site;  // every key but device.*
    std::vector<DeviceSpec> devices;
    std::vector<FaultUse> faults;
};

class ScenarioError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// `origin` names the text in errors ("lab.yaml"). Throws ScenarioError.
Scenario parse_scenario(std::string_view text, std::string_view origin);
Scenario load_scenario_file(const std::string& path);

// The scenario as YAML, with secrets (device PIDs stay, they are public; PPS and passwords
// are never part of a scenario) — the copy a bundle carries.
std::string scenario_to_yaml(const Scenario& scenario);

}  // namespace amtdiag::provisioning
