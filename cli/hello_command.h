#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag hello send`: play an unprovisioned device's hello (ZTCLocalAgent's role) to a
// provisioning server's listener.
int run_hello(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
