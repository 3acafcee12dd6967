#pragma once
// `amtdiag probe dns`: asks a DNS server what AMT asks it (spec §1.4: provisionserver.<suffix>,
// A and AAAA, for each suffix the device may know) and checks site hosts forward and back
// (A/AAAA, then the PTR of each address). Every query is one result with rcode, answers and
// timing; the whole run is one probe record (docs/probe-records.md).
#include <string>
#include <vector>

#include "analyzer/collect/record_io.h"

namespace amtdiag::collect {

struct DnsProbeOptions {
    std::vector<std::string> suffixes;
    std::vector<std::string> hosts;
    std::string server;  // "IP", "IP:PORT", "[IPv6]:PORT"; empty: /etc/resolv.conf's first
    int timeout_ms = 3000;
    int retries = 1;
};

// {"ip": ..., "port": ...}; false when `text` is no address.
bool parse_server(const std::string& text, std::string& ip, unsigned& port);

// The probe record. `error` is set (and the record empty) only when no query could be sent at
// all (no usable server); answers such as NXDOMAIN or timeouts are results, not errors.
Json run_dns_probe(const DnsProbeOptions& options, std::string& error);

}  // namespace amtdiag::collect
