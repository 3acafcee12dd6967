// Packet dispatch, DHCP and DNS (with query/response pairing), notes, the end of a capture.
// TCP is in tcp_analyzer.cpp.
#include "parsers/pcap/capture_analyzer.h"

#include <algorithm>

namespace amtdiag::parsers::pcap {

namespace {

bool is_dhcp(const Decoded& d) {
    return d.src_port == dhcp::kServerPort || d.src_port == dhcp::kClientPort ||
           d.dst_port == dhcp::kServerPort || d.dst_port == dhcp::kClientPort;
}

std::string ep_text(const Endpoint& e) {
    return e.ip.text() + "#" + std::to_string(e.port);
}

}  // namespace

void NoteCounter::add(const std::string& what, uint64_t packet) {
    auto [it, added] = index_.try_emplace(what, notes_.size());
    if (added) notes_.push_back({what, 0, packet});
    notes_[it->second].count++;
}

std::vector<std::string> NoteCounter::sentences() const {
    std::vector<std::string> out;
    for (const auto& n : notes_)
        out.push_back(n.what + (n.count == 1
                                    ? " (packet " + std::to_string(n.first) + ")"
                                    : " (" + std::to_string(n.count) + " times, first at packet " +
                                          std::to_string(n.first) + ")"));
    return out;
}

CaptureAnalyzer::CaptureAnalyzer(std::string artifact, EvidenceOut out, cert::CertificatePool* pool,
                                 const CaptureLimits& limits)
    : artifact_(std::move(artifact)), out_(std::move(out)), pool_(pool), limits_(limits) {
    budget_.limit = limits.max_pending_total;
}

void CaptureAnalyzer::emit(const model::Evidence& e) {
    if (e.kind == "hello.message") ++hellos_;
    if (e.kind == "dhcp.message") ++dhcp_;
    if (e.kind == "dns.exchange") ++dns_;
    if (e.kind == "tls.handshake") ++tls_;
    out_(e);
}

std::vector<std::string> CaptureAnalyzer::provides() const {
    std::vector<std::string> out;
    if (hellos_ > 0) out.push_back("pcap-hello");
    if (dhcp_ > 0) out.push_back("pcap-dhcp");
    if (dns_ > 0) out.push_back("pcap-dns");
    if (tls_ > 0) out.push_back("pcap-tls");
    return out;
}

void CaptureAnalyzer::packet(uint64_t number, const RawPacket& raw) {
    const Context c{number, raw.time_ns};
    if (raw.problem.empty()) latest_ns_ = std::max(latest_ns_, raw.time_ns);
    if (!raw.problem.empty()) {
        ++undecoded_;
        notes_.add("packet records not read: " + std::string(raw.problem), number);
        return;
    }
    const Decoded d = decode_packet(raw.link_type, raw.data);
    if (!d.problem.empty()) {
        ++undecoded_;
        notes_.add("packets not decoded: " + d.problem, number);
        return;
    }
    if (d.truncated) notes_.add("packets cut by the capture's snapshot length", number);
    if (d.fragment) {
        notes_.add("IP fragments not reassembled", number);
        return;
    }
    if (d.transport == Transport::udp) udp(d, c);
    if (d.transport == Transport::tcp) tcp(d, c);
}

void CaptureAnalyzer::udp(const Decoded& d, const Context& c) {
    if (d.src_port == dns::kMdnsPort || d.dst_port == dns::kMdnsPort) return;
    if (d.src_port == dns::kPort || d.dst_port == dns::kPort) {
        dns_message(d.payload, false, {d.src, d.src_port}, {d.dst, d.dst_port}, c);
        return;
    }
    if (!is_dhcp(d)) return;
    const dhcp::Decoded m = dhcp::decode(d.payload);
    if (!m.ok) {
        notes_.add("DHCP messages too short to read", c.packet);
        return;
    }
    if (!m.problems.empty()) notes_.add("DHCP messages with malformed options", c.packet);
    emit(dhcp_message(m, d.src.text(), where(c)));
}

void CaptureAnalyzer::dns_message(std::string_view wire, bool tcp, const Endpoint& src,
                                  const Endpoint& dst, const Context& c) {
    dns::Message m = dns::decode(wire);
    if (!m.ok) {
        notes_.add("DNS messages ldns could not decode", c.packet);
        return;
    }
    const Endpoint& client = m.response ? dst : src;
    const Endpoint& server = m.response ? src : dst;
    const std::string key = std::string(tcp ? "tcp " : "udp ") + std::to_string(m.id) + " " +
                            ep_text(client) + " " + ep_text(server);
    if (!m.response) {
        if (pending_index_.count(key) != 0) return;  // a retransmitted query: the same one
        if (pending_.size() >= limits_.max_pending_dns) flush_oldest_query();
        pending_index_[key] = c.packet;
        // An unanswered query is reported at its own packet.
        pending_[c.packet] = {std::move(m), client.ip.text(), server.ip.text(), c.time_ns, key};
        return;
    }
    auto it = pending_index_.find(key);
    if (it == pending_index_.end()) {
        emit(dns_exchange({nullptr, &m, client.ip.text(), server.ip.text(), where(c)}));
        return;
    }
    auto q = pending_.find(it->second);
    emit(dns_exchange({&q->second.query, &m, q->second.client, q->second.server, where(c)}));
    pending_.erase(q);
    pending_index_.erase(it);
}

void CaptureAnalyzer::flush_oldest_query() {
    auto q = pending_.begin();
    if (q == pending_.end()) return;
    notes_.add("DNS queries reported unanswered early: too many waiting", q->first);
    const Where w{artifact_, q->first, q->second.time_ns};
    emit(dns_exchange({&q->second.query, nullptr, q->second.client, q->second.server, w}));
    pending_index_.erase(q->second.key);
    pending_.erase(q);
}

void CaptureAnalyzer::finish() {
    for (Flow* f : flows_.all_by_first_packet()) finalize(*f);
    while (!pending_.empty()) {
        auto q = pending_.begin();
        const Where w{artifact_, q->first, q->second.time_ns};
        emit(dns_exchange({&q->second.query, nullptr, q->second.client, q->second.server, w}));
        pending_.erase(q);
    }
    pending_index_.clear();
    for (auto& s : series_) {
        std::sort(s.hellos.begin(), s.hellos.end());
        s.window_end_ns = latest_ns_;
        emit(hello_series(s));
    }
}

void CaptureAnalyzer::record_hello(const HelloSeen& h) {
    if (!h.decode.header_ok) return;
    const std::string key =
        h.decode.hello.uuid + " " + h.server_ip + " " + std::to_string(h.server_port);
    auto [it, added] = series_index_.try_emplace(key, series_.size());
    if (added) {
        HelloSeries s;
        s.uuid = h.decode.hello.uuid;
        s.device_ip = h.client_ip;
        s.server_ip = h.server_ip;
        s.server_port = h.server_port;
        s.artifact = artifact_;
        series_.push_back(std::move(s));
    }
    HelloSeries& s = series_[it->second];
    const std::pair<int64_t, uint64_t> point{h.where.time_ns, h.where.packet};
    if (s.hellos.size() < limits_.max_series_hellos) {
        s.hellos.push_back(point);
        return;
    }
    if (s.more++ == 0)
        notes_.add("hello series longer than the hellos kept: counted only", h.where.packet);
    s.latest = std::max(s.latest, point);
}

}  // namespace amtdiag::parsers::pcap
