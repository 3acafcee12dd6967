#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag probe dns|dhcp`: ask the site's DNS or DHCP server what a device would ask.
int run_probe(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
