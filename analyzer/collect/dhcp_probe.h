#pragma once
// `amtdiag probe dhcp`: what the segment's DHCP server tells a device that asks (AMT reads the
// domain from option 15 and registers through option 81). Sends a DHCPDISCOVER from an
// interface (UDP broadcast socket bound to it: needs root or CAP_NET_RAW and
// CAP_NET_BIND_SERVICE), records every OFFER, optionally REQUESTs the first offered address
// with option 81 and records the ACK/NAK. One probe record (docs/probe-records.md).
#include <string>

#include "analyzer/collect/record_io.h"

namespace amtdiag::collect {

struct DhcpProbeOptions {
    std::string interface;
    std::string mac;  // empty: the interface's own
    int timeout_s = 5;
    bool request = false;
    std::string client_fqdn;  // option 81 in the REQUEST (default: none)
    std::string host_name;    // option 12
};

// The record; `error` set (record empty) when nothing could be sent: no such interface, no
// rights, a bad MAC.
Json run_dhcp_probe(const DhcpProbeOptions& options, std::string& error);

}  // namespace amtdiag::collect
