#pragma once
// Everything the reader does with the packets of one capture: DHCP and DNS over UDP, TCP
// connections put back in order (hellos, TLS handshakes, DNS over TCP), and at the end the
// hello series. Evidence goes out as soon as an item is whole; the certificates of TLS
// handshakes go into the run's certificate pool.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyzer/model/evidence.h"
#include "parsers/cert/cert_evidence.h"
#include "parsers/pcap/capture_source.h"
#include "parsers/pcap/evidence.h"
#include "parsers/pcap/flow_table.h"

namespace amtdiag::parsers::pcap {

struct CaptureLimits {
    size_t max_flows = 65536;              // open TCP connections tracked at once
    int64_t idle_ns = 600'000'000'000;     // a connection silent this long is closed
    StreamLimits stream;                   // out-of-order bytes per direction
    size_t max_pending_total = 64u << 20;  // out-of-order bytes over all connections
    size_t max_hello_bytes = 70'000;       // the longest hello possible is 65,560 bytes
    size_t sniff_bytes = 8192;             // bytes looked at to recognise a stream
    size_t max_pending_dns = 65536;        // queries waiting for their response
    size_t max_series_hellos = 4096;       // hellos of one series kept for its intervals
};

using EvidenceOut = std::function<void(const model::Evidence&)>;

// Repeated conditions become one note with a count and the first packet.
class NoteCounter {
  public:
    void add(const std::string& what, uint64_t packet);
    std::vector<std::string> sentences() const;

  private:
    struct Note {
        std::string what;
        uint64_t count = 0;
        uint64_t first = 0;
    };
    std::vector<Note> notes_;
    std::unordered_map<std::string, size_t> index_;
};

class CaptureAnalyzer {
  public:
    CaptureAnalyzer(std::string artifact, EvidenceOut out, cert::CertificatePool* pool,
                    const CaptureLimits& limits);
    void packet(uint64_t number, const RawPacket& raw);
    void finish();  // closes every connection, answers nothing more: unanswered queries

    std::vector<std::string> notes() const { return notes_.sentences(); }
    // Catalog evidence kinds this capture held: pcap-hello, pcap-dhcp, pcap-dns, pcap-tls.
    std::vector<std::string> provides() const;
    uint64_t undecoded() const { return undecoded_; }

  private:
    struct Context {
        uint64_t packet = 0;
        int64_t time_ns = 0;
    };
    struct PendingQuery {
        dns::Message query;
        std::string client, server;
        int64_t time_ns = 0;
        std::string key;  // in pending_index_
    };

    void emit(const model::Evidence& e);
    Where where(const Context& c) const { return {artifact_, c.packet, c.time_ns}; }
    void udp(const Decoded& d, const Context& c);
    void dns_message(std::string_view wire, bool tcp, const Endpoint& src, const Endpoint& dst,
                     const Context& c);
    void flush_oldest_query();

    // TCP (tcp_analyzer.cpp)
    void tcp(const Decoded& d, const Context& c);
    Flow& new_flow(const FlowKey& key, const Decoded& d, const Context& c);
    void consume(Flow& f, int dir, std::string_view bytes, const Context& c);
    void sniff(Flow& f, const Context& c);
    void feed_tls(Flow& f, int dir, std::string_view bytes, const Context& c);
    void dns_stream(Flow& f, int dir, const Context& c);
    void hello_progress(Flow& f, const Context& c);
    void finalize(Flow& f);
    void close_idle(int64_t now);
    void record_hello(const HelloSeen& h);

    std::string artifact_;
    EvidenceOut out_;
    cert::CertificatePool* pool_;
    CaptureLimits limits_;
    NoteCounter notes_;
    FlowTable flows_;
    PendingBudget budget_;
    std::map<uint64_t, PendingQuery> pending_;  // by query packet: oldest first
    std::unordered_map<std::string, uint64_t> pending_index_;
    // Hello series: (uuid, server ip, server port) in order of first hello.
    std::vector<HelloSeries> series_;
    std::map<std::string, size_t> series_index_;
    // Certificates already in the pool from this capture (DER): each is described once.
    std::unordered_set<std::string> certificates_seen_;
    uint64_t undecoded_ = 0;
    uint64_t hellos_ = 0, dhcp_ = 0, dns_ = 0, tls_ = 0;
    int64_t last_idle_check_ = 0;
    int64_t latest_ns_ = 0;  // the latest packet time: where the capture's window ends
};

}  // namespace amtdiag::parsers::pcap
