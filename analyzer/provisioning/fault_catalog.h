#pragma once
// The fault catalog (faults.yaml, compiled in): every fault names the catalog check it
// breaks and the settings that break it. `amtdiag sim faults` lists it; the closed-loop test
// runs each one through the analyzer.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/provisioning/scenario.h"
#include "analyzer/provisioning/settings.h"

namespace amtdiag::provisioning {

struct Fault {
    std::string id;
    std::string check;        // catalog check id the fault breaks
    std::string description;  // one sentence: what is wrong in the world
    Mode mode = Mode::oob;    // the provisioning mode of the device it needs
    // What the analyzer reports: "fail", or "warn" where the rule deliberately stops at a
    // warning (the guide's own uncertainty), said in the fault's description.
    std::string expect = "fail";
    Settings set;              // site keys and device.* keys
    bool unprovision = false;  // the fault shows only when the run un-provisions
    // Non-empty: the analyzer cannot yet name this fault in its first failing stage, and why.
    // The closed loop reports it as skipped with this reason instead of hiding the fault.
    std::string gap;
};

class FaultCatalog {
  public:
    // The built-in catalog. Throws ScenarioError (with faults.yaml:line) when it is broken.
    static const FaultCatalog& builtin();
    static FaultCatalog parse(std::string_view yaml, std::string_view origin);

    const std::vector<Fault>& faults() const { return faults_; }
    const Fault* find(std::string_view id) const;

  private:
    std::vector<Fault> faults_;
};

}  // namespace amtdiag::provisioning
