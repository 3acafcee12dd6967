#pragma once
// `ipconfig /all` as Windows prints it (English), whole or as a pasted excerpt: the global
// block (Host Name, Primary Dns Suffix, DNS Suffix Search List) and one block per adapter.
// Dot leaders, column widths and CRLF vary between Windows versions and pastes; lines that
// are not ipconfig's are skipped.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hosttext {

struct IpconfigAdapter {
    std::string adapter;  // "Ethernet adapter Ethernet" -> "Ethernet"
    std::string type;     // "Ethernet", "Wireless LAN", "Tunnel", ...
    std::string description;
    std::string physical_address;  // as printed
    std::string media_state;       // "disconnected" for "Media disconnected", else as printed
    std::string connection_suffix;
    std::optional<bool> dhcp_enabled;
    std::vector<std::string> ip_addresses;  // IPv4 and IPv6, "(Preferred)" and zones removed
    std::vector<std::string> dns_servers;
    std::vector<std::string> gateways;
    std::string dhcp_server;
    uint64_t line = 0;  // the adapter's header line
};

struct IpconfigReport {
    std::string host_name;
    std::string primary_dns_suffix;
    std::vector<std::string> dns_suffix_search;
    std::vector<IpconfigAdapter> adapters;
    uint64_t line = 0;            // first ipconfig line seen
    size_t recognised_lines = 0;  // label lines understood (0: no ipconfig here)
};

IpconfigReport parse_ipconfig(std::string_view utf8_text);

// 0-100: how much this text looks like ipconfig output.
int ipconfig_confidence(std::string_view utf8_text);

}  // namespace amtdiag::parsers::hosttext
