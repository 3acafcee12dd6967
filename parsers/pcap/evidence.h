#pragma once
// The capture reader's evidence, one builder per kind (the vocabulary is in docs/rules.md,
// "Network evidence"). Every item: ref.artifact the capture, ref.packet the 1-based number of
// the packet that completes it, time that packet's time in UTC, ref.excerpt a one-line
// summary.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/model/evidence.h"
#include "parsers/dhcp/dhcp.h"
#include "parsers/dns/dns.h"
#include "parsers/hello/hello.h"
#include "parsers/tls/tls.h"

namespace amtdiag::parsers::pcap {

struct Where {
    std::string artifact;
    uint64_t packet = 0;
    int64_t time_ns = 0;
};

// A packet time as the model keeps times: UTC (bias 0), millisecond precision.
model::LogTime utc_time(int64_t time_ns);

struct HelloSeen {
    hello::HelloDecode decode;
    std::string client_ip, server_ip;
    uint16_t server_port = 0;
    Where where;
};
model::Evidence hello_message(const HelloSeen& h);

struct HelloSeries {
    std::string uuid, device_ip, server_ip;
    uint16_t server_port = 0;
    std::vector<std::pair<int64_t, uint64_t>> hellos;  // (time_ns, packet), in time order
    // Hellos beyond those kept in `hellos` (a flood): counted, and the latest of them.
    uint64_t more = 0;
    std::pair<int64_t, uint64_t> latest{0, 0};
    std::string artifact;
    int64_t window_end_ns = 0;  // the capture's last packet: hellos could have come until then
};
model::Evidence hello_series(const HelloSeries& s);

model::Evidence dhcp_message(const dhcp::Decoded& d, const std::string& source_ip,
                             const Where& where);

struct DnsExchange {
    const dns::Message* query = nullptr;     // nullptr: only the response was seen
    const dns::Message* response = nullptr;  // nullptr: unanswered
    std::string client, server;
    Where where;
};
model::Evidence dns_exchange(const DnsExchange& x);

struct ConnectionSummary {
    std::string client_ip, server_ip, device_ip;
    uint16_t client_port = 0, server_port = 0;
    std::string outcome;  // tcp.connection: accepted / reset / unanswered
    uint64_t to_server = 0, to_client = 0;
    Where where;
};
model::Evidence tcp_connection(const ConnectionSummary& c);
model::Evidence tls_handshake(const ConnectionSummary& c, const tls::Connection& t, bool tcp_reset);

}  // namespace amtdiag::parsers::pcap
