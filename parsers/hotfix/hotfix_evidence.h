#pragma once
// Hot-fix inventories as typed evidence (docs/rules.md, "Hot-fix inventories"): one
// `hotfix.inventory` per host, over every file given. A host's systeminfo and its
// `wmic qfe` output in two files become one inventory: the union of the hot fixes, the OS
// from whichever part names it. The evidence names no device: a site server is not an AMT
// device; rules join an inventory to a device by `host_name` where they need to.
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "parsers/hotfix/inventory.h"

namespace amtdiag::parsers::hotfix {

class InventoryMerger {
  public:
    // One file's inventory; `artifact` names the file in the evidence.
    void add(const Inventory& inventory, const std::string& artifact);
    // One evidence per host, in order of first appearance. Pure: the same adds give the same
    // evidence.
    std::vector<model::Evidence> evidence() const;

  private:
    struct Part {
        HostInventory host;
        std::string artifact;
    };
    std::vector<std::vector<Part>> hosts_;  // parts per host
    std::vector<std::string> keys_;         // the host key of each
};

// "CM01: Windows Server 2003 SP1, 12 hot fixes" for an artifact's detail line.
std::string describe(const HostInventory& host);

}  // namespace amtdiag::parsers::hotfix
