#pragma once
// What the fixture generator's two files share: the capture's clock, the addresses of the lab
// network, a timeline of packets, and the helpers each side uses from the other.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../tls/tls_records.h"
#include "capture_writer.h"
#include "parsers/dhcp/dhcp.h"
#include "parsers/dns/dns.h"

namespace amtdiag::testing::capture::fixtures {

namespace dhcp = parsers::dhcp;
namespace dns = parsers::dns;
namespace t = testing::tls;

constexpr int64_t kBase = 1'763'632'800'000'000'000;  // 2025-11-20T10:00:00Z
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMs = 1'000'000;

inline const Ip kDevice = Ip::parse("192.168.2.148");
inline const Ip kDevice2 = Ip::parse("192.168.2.134");
inline const Ip kServer = Ip::parse("192.168.2.10");
inline const Ip kDns = Ip::parse("192.168.2.11");
inline const Ip kDhcp = Ip::parse("192.168.2.1");

// Packets in time order, all on one interface unless said otherwise.
class Timeline {
  public:
    explicit Timeline(Link link, int vlans = 0) : link_(link), vlans_(vlans) {}
    void at(int64_t time_ns, const std::string& ip, uint32_t interface = 0,
            std::optional<Link> link = std::nullopt) {
        packets_.push_back({time_ns, frame(link.value_or(link_), ip, vlans_), interface});
    }
    // Several packets a millisecond apart from `time_ns` on.
    void burst(int64_t time_ns, const std::vector<std::string>& ips) {
        for (size_t i = 0; i < ips.size(); ++i) at(time_ns + static_cast<int64_t>(i) * kMs, ips[i]);
    }
    const std::vector<Packet>& packets() const { return packets_; }

  private:
    Link link_;
    int vlans_;
    std::vector<Packet> packets_;
};

// One hello connection: handshake, the hello in `pieces` segments, FINs.
std::vector<std::string> hello_connection(const Ip& device, uint16_t cport, const Ip& server,
                                          uint16_t sport, const std::string& hello, uint32_t isn,
                                          size_t pieces = 1);
// DISCOVER, OFFER, REQUEST, ACK for one client; the replies carry option 15 when asked to.
void dhcp_exchange(Timeline& tl, int64_t start, uint32_t xid, const std::string& mac,
                   uint32_t yiaddr, bool with_domain);
std::string dns_wire(uint16_t id, bool response, const std::string& rcode,
                     std::vector<std::string> questions, std::vector<std::string> answers = {},
                     std::vector<std::string> authority = {}, const std::string& opcode = "QUERY");

// make_fixtures_network.cpp
void dns_capture(const std::string& dir);
void tcp_capture(const std::string& dir);
void tls_capture(const std::string& dir, const std::string& certs);
void ipv6_capture(const std::string& dir);
void two_interfaces(const std::string& dir);

}  // namespace amtdiag::testing::capture::fixtures
