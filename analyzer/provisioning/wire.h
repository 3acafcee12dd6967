#pragma once
// Payloads the simulated network carries: DHCP (RFC 2131/2132, option 81 of RFC 4702), DNS
// (RFC 1035) and the TLS 1.2 handshake records a capture shows in clear (RFC 5246). Only
// the bytes: addresses and timing are the capture's business (pcapng.h).
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/provisioning/clock.h"

namespace amtdiag::provisioning {

struct DhcpMessage {
    uint8_t type = 1;  // 1 DISCOVER, 2 OFFER, 3 REQUEST, 5 ACK
    uint32_t xid = 0;
    std::string mac;          // 6 raw bytes
    uint32_t yiaddr = 0;      // offered address (replies)
    uint32_t server = 0;      // option 54 (replies)
    uint32_t requested = 0;   // option 50 (REQUEST)
    std::string host_name;    // option 12 (client)
    std::string domain;       // option 15 (replies; empty: not sent)
    std::string client_fqdn;  // option 81 (empty: not sent)
    uint8_t fqdn_flags = 0;
    std::vector<uint32_t> dns_servers;  // option 6
    uint32_t router = 0;
};
std::string dhcp_bytes(const DhcpMessage& m);

struct DnsAnswer {
    uint16_t type = 1;  // 1 A, 12 PTR
    std::string data;   // dotted address (A) or a name (PTR)
};
std::string dns_query(uint16_t id, const std::string& qname, uint16_t qtype);
std::string dns_response(uint16_t id, const std::string& qname, uint16_t qtype, uint8_t rcode,
                         const std::vector<DnsAnswer>& answers);
// "30.20.168.192.in-addr.arpa" for 192.168.20.30.
std::string reverse_name(uint32_t ip);

// TLS 1.2 handshake records in the order the two peers send them.
std::string tls_client_hello(Rng& rng, const std::string& server_name);
std::string tls_server_hello_flight(Rng& rng, const std::string& cert_der);
std::string tls_client_key_exchange_flight(Rng& rng);
std::string tls_server_finished_flight(Rng& rng);
std::string tls_application_data(Rng& rng, size_t n);
// A fatal alert in clear (e.g. 42 bad_certificate, 48 unknown_ca).
std::string tls_alert(uint8_t description);

}  // namespace amtdiag::provisioning
