#pragma once
// Text an engineer collects from Windows hosts of the simulated site, in the shapes Windows
// prints them: `reg query` + `systeminfo` of the site server (hot-fix inventory), `wmic`
// for the client agent's version, `ipconfig /all`, `rpc amtinfo`, `whoami /groups /fo csv`.
#include <string>

#include "analyzer/provisioning/world.h"

namespace amtdiag::provisioning {

std::string site_server_inventory(const World& w);
// AMTSPSETUP.LOG: the role setup log ("<MM/DD/YY HH:MM:SS> message"), a day before the run.
std::string service_point_setup_log(const World& w);
std::string client_inventory(const World& w, const Device& d);
std::string ipconfig_all(const World& w, const Device& d);
std::string amtinfo_text(const World& w, const Device& d);
std::string whoami_groups_csv(const World& w);

}  // namespace amtdiag::provisioning
