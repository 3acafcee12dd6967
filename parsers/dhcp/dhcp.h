#pragma once
// BOOTP/DHCP messages (RFC 2131, 2132): the fields and options a provisioning diagnosis reads.
// AMT takes its DNS suffix from option 15 and registers its name with option 81 (client
// FQDN), so those two are decoded with care; the rest are the usual suspects.
//
// Pure functions over bytes: no I/O, no exceptions for bad input, never a read past the
// buffer. An encoder builds messages for tests and for DHCP probes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::dhcp {

inline constexpr uint16_t kServerPort = 67;
inline constexpr uint16_t kClientPort = 68;
inline constexpr size_t kFixedBytes = 236;  // op .. file, before the magic cookie

// Option codes this library names.
namespace option {
inline constexpr uint8_t pad = 0, netmask = 1, routers = 3, dns_servers = 6, host_name = 12,
                         domain = 15, requested_ip = 50, lease = 51, overload = 52,
                         message_type = 53, server_id = 54, parameter_list = 55, client_id = 61,
                         client_fqdn = 81, domain_search = 119, end = 255;
}

// Message types (option 53).
enum class MessageType : uint8_t {
    none = 0,  // plain BOOTP: no option 53
    discover = 1,
    offer = 2,
    request = 3,
    decline = 4,
    ack = 5,
    nak = 6,
    release = 7,
    inform = 8,
};
// "DISCOVER", "OFFER", ..., "INFORM"; RFC 3203/4388 names for 9-13; "BOOTP" for none;
// "TYPE-N" otherwise.
std::string message_type_name(uint8_t type);

struct Option {
    uint8_t code = 0;
    std::string data;  // every instance of the code concatenated (RFC 3396)

    bool operator==(const Option&) const = default;
};

// The fixed part as on the wire; addresses in network byte order packed into uint32_t as
// a.b.c.d = a << 24 | b << 16 | c << 8 | d.
struct Message {
    uint8_t op = 1;  // 1 request (client to server), 2 reply
    uint8_t htype = 1;
    uint8_t hlen = 6;
    uint8_t hops = 0;
    uint32_t xid = 0;
    uint16_t secs = 0;
    uint16_t flags = 0;
    uint32_t ciaddr = 0, yiaddr = 0, siaddr = 0, giaddr = 0;
    std::string chaddr;           // up to 16 bytes (the first hlen are the hardware address)
    std::string sname;            // up to 64 raw bytes (options when overloaded)
    std::string file;             // up to 128 raw bytes (options when overloaded)
    std::vector<Option> options;  // in order of first appearance

    const Option* find(uint8_t code) const;
    bool operator==(const Message&) const = default;
};

// Option 81 (RFC 4702).
struct ClientFqdn {
    uint8_t flags = 0;  // S 0x01, O 0x02, E 0x04 (name in DNS wire format), N 0x08
    uint8_t rcode1 = 0, rcode2 = 0;
    std::string name;      // ASCII, no trailing dot (whichever encoding the E flag says)
    bool partial = false;  // wire format without the root label: a name to complete
};

struct Decoded {
    bool ok = false;  // the fixed part was there
    Message message;
    bool has_cookie = false;
    uint8_t type = 0;                        // option 53; 0 when absent
    std::string type_name;                   // message_type_name(type)
    std::string mac;                         // chaddr as "00-1A-2B-3C-4D-5E" for Ethernet, else hex
    std::optional<std::string> domain;       // option 15
    std::optional<ClientFqdn> client_fqdn;   // option 81
    std::optional<std::string> host_name;    // option 12
    std::vector<std::string> dns_servers;    // option 6
    std::vector<std::string> routers;        // option 3
    std::optional<uint32_t> lease_seconds;   // option 51
    std::optional<std::string> server_id;    // option 54
    std::optional<std::string> netmask;      // option 1
    std::vector<std::string> domain_search;  // option 119
    std::vector<uint8_t> option_codes;       // every code present, in order of appearance
    std::vector<std::string> problems;       // what was malformed, one sentence each
};

Decoded decode(std::string_view payload);

// The wire form: fixed part, magic cookie, options (a value over 255 bytes split into several
// instances, RFC 3396), end, padded to the 300 bytes BOOTP relays expect.
std::string encode(const Message& message);

// Builders for options.
Option text_option(uint8_t code, std::string_view text);
Option u8_option(uint8_t code, uint8_t value);
Option u32_option(uint8_t code, uint32_t value);
Option ipv4_option(uint8_t code, const std::vector<uint32_t>& addresses);
Option client_fqdn_option(uint8_t flags, std::string_view name);     // wire format when E is set
Option domain_search_option(const std::vector<std::string>& names);  // uncompressed

std::string ipv4_text(uint32_t address);
std::optional<uint32_t> parse_ipv4(std::string_view text);
std::string mac_text(std::string_view hardware_address);  // "00-1A-2B-3C-4D-5E"
// DNS wire form of a name ("a.b" -> 1 a 1 b 0); labels over 63 bytes are cut.
std::string dns_wire_name(std::string_view name, bool terminate = true);

}  // namespace amtdiag::parsers::dhcp
