#pragma once
// The few DHCP messages the probe sends (DISCOVER, REQUEST with option 81) and the reading of
// what servers answer (RFC 2131/2132, option 81 per RFC 4702). Our own small encoder: the
// capture branch's decoder (parsers/dhcp) reads packets from files, not what we send.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::collect {

using Mac = std::array<uint8_t, 6>;

struct DhcpRequestSpec {
    uint8_t message_type = 1;  // 1 DISCOVER, 3 REQUEST
    uint32_t xid = 0;
    Mac mac{};
    uint32_t requested_ip = 0;  // network order; REQUEST only
    uint32_t server_id = 0;     // network order; REQUEST only
    std::string client_fqdn;    // option 81 when not empty
    std::string host_name;      // option 12 when not empty
};

std::string encode_dhcp(const DhcpRequestSpec& spec);

struct DhcpOption {
    uint8_t code = 0;
    std::string data;
};

struct DhcpReply {
    uint8_t op = 0;
    uint32_t xid = 0;
    Mac chaddr{};
    std::string yiaddr, siaddr, giaddr;
    std::vector<DhcpOption> options;
    // Decoded options (empty / nullopt when absent).
    uint8_t message_type = 0;
    std::string server_id;
    std::optional<uint32_t> lease_seconds;
    std::vector<std::string> routers, dns_servers;
    std::optional<std::string> domain;  // option 15, trailing NULs removed
    std::string host_name;              // option 12
    struct Fqdn {
        uint8_t flags = 0, rcode1 = 0, rcode2 = 0;
        std::string name;
    };
    std::optional<Fqdn> client_fqdn;  // option 81
};

// nullopt when `bytes` is no BOOTP reply with the DHCP magic cookie.
std::optional<DhcpReply> decode_dhcp(std::string_view bytes);

const char* message_type_name(uint8_t type);
std::string mac_text(const Mac& mac);  // "02:00:5e:10:00:01"
bool parse_mac(std::string_view text, Mac& mac);

}  // namespace amtdiag::collect
