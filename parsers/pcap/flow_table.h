#pragma once
// TCP connections of one capture, keyed by their two endpoints, least recently active first:
// idle flows are closed from the front, and when the table is full the oldest goes.
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "parsers/pcap/packet_decode.h"
#include "parsers/pcap/tcp_stream.h"
#include "parsers/tls/tls.h"

namespace amtdiag::parsers::pcap {

struct Endpoint {
    IpAddress ip;
    uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
};

struct FlowKey {
    Endpoint a, b;  // ordered, so both directions find the flow
    bool operator==(const FlowKey&) const = default;
};
FlowKey flow_key(const Endpoint& x, const Endpoint& y);

struct FlowKeyHash {
    size_t operator()(const FlowKey& k) const;
};

// What the reader does with a connection's bytes.
enum class Role : uint8_t {
    hello,   // port 9971: the client's bytes are a hello
    tls,     // 16993/16995, or a stream that opened with a TLS ClientHello
    dns,     // port 53: length-prefixed DNS messages
    sniff,   // any other port: the first bytes decide (a hello, TLS, or nothing of ours)
    ignore,  // nothing of ours: only the byte counts are kept
};

struct Flow {
    Endpoint client, server;
    uint64_t first_packet = 0;
    bool syn = false, syn_ack = false, reset = false, reset_answers_syn = false;
    bool closed = false;  // finished: kept only so late packets do not start a new flow
    uint8_t fins = 0;     // bit 0 client, bit 1 server
    uint32_t syn_seq = 0;
    uint64_t attempt_packet = 0, outcome_packet = 0, last_packet = 0;
    int64_t attempt_time = 0, outcome_time = 0, last_time = 0;
    Role role = Role::ignore;
    TcpStream half[2];      // 0 client to server, 1 server to client
    std::string buffer[2];  // hello bytes, sniffed bytes, DNS messages being framed
    // The hello: the packet whose bytes made it whole.
    bool hello_whole = false;
    uint64_t hello_packet = 0;
    int64_t hello_time = 0;
    std::unique_ptr<tls::Connection> tls;
    std::string tls_state;  // what the handshake showed so far, to find the deciding packet
    uint64_t tls_packet = 0;
    int64_t tls_time = 0;
    bool dropped = false;                   // a limit dropped bytes of this flow
    bool gap = false;                       // bytes never seen
    size_t certificates_added[2] = {0, 0};  // into the certificate pool, per direction
};

class FlowTable {
  public:
    Flow* find(const FlowKey& key);
    Flow& insert(const FlowKey& key);  // the key must be absent
    void touch(const FlowKey& key);    // most recently active now
    void erase(const FlowKey& key);
    size_t size() const { return index_.size(); }
    // The least recently active flow, if any.
    Flow* oldest(FlowKey* key);
    // Every flow, in order of first packet (for the end of the capture).
    std::vector<Flow*> all_by_first_packet();

  private:
    using Entry = std::pair<FlowKey, std::unique_ptr<Flow>>;
    std::list<Entry> order_;
    std::unordered_map<FlowKey, std::list<Entry>::iterator, FlowKeyHash> index_;
};

}  // namespace amtdiag::parsers::pcap
