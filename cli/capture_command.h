#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag capture`: live capture of hello, AMT, DHCP and DNS traffic to a pcap file.
int run_capture(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
