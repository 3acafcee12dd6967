#pragma once
// Reads the records amtdiag's collectors write (schemas in docs/probe-records.md):
//   amtdiag.probe/1         "probe": "dns"  -> dns.exchange per query   (kind dns-probe)
//                           "probe": "dhcp" -> dhcp.message per message (kind dhcp-probe)
//   amtdiag.hello-record/1  -> hello.message per hello                  (kind pcap-hello)
// Pure over bytes: tests and the fuzzer call it; bad input is an error in the summary, never
// an exception.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"

namespace amtdiag::parsers::probe {

inline constexpr const char* kProbeSchema = "amtdiag.probe/1";
inline constexpr const char* kHelloSchema = "amtdiag.hello-record/1";

// A hello seen, for hello.series across every record of a run.
struct HelloSighting {
    std::string uuid;
    std::string device_ip;  // the peer
    std::string server_ip;  // the listener's address
    int64_t server_port = 0;
    int64_t time_ms = 0;
    bool has_time = false;
    model::SourceRef ref;
    // Where the record's listening window ends: its `finished` time, else the end of its
    // latest connection (0 when unknown). Hellos could have come until then.
    int64_t window_end_ms = 0;
};

struct RecordSummary {
    std::string kind;    // dns-probe, dhcp-probe, pcap-hello; empty when not a record
    std::string detail;  // "3 DNS queries from probe-host"
    std::string error;   // why the record could not be read
    size_t evidence = 0;
};

RecordSummary read_record(std::string_view bytes, const std::string& artifact,
                          const std::function<void(const model::Evidence&)>& out,
                          std::vector<HelloSighting>* sightings = nullptr);

// hello.series, one per UUID and server address (as the capture reader makes them), from
// every sighting of a run, sorted by time.
std::vector<model::Evidence> hello_series(std::vector<HelloSighting> sightings);

// 100 for a record of ours (the "schema" field near the start), else 0; `kind` is set.
int record_confidence(std::string_view head, std::string& kind);

// "2026-12-01T10:00:00.123Z" or "+01:00" offsets -> ms since the epoch, UTC.
bool parse_rfc3339(std::string_view text, int64_t& ms);

}  // namespace amtdiag::parsers::probe
