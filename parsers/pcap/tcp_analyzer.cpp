// TCP: connection attempts and their outcome, streams put back in order, and what is read
// from them: hellos (port 9971, or any port whose stream is one), TLS handshakes (16993/16995,
// or any port whose stream opens with a ClientHello), DNS over TCP.
#include <openssl/x509.h>

#include <algorithm>

#include "parsers/cert/certificate.h"
#include "parsers/pcap/capture_analyzer.h"

namespace amtdiag::parsers::pcap {

namespace {

// AMT's management ports form one range: 16992 WS-Man, 16993 WS-Man over TLS, 16994
// redirection (SOL/IDE-R), 16995 redirection over TLS.
constexpr uint16_t kWsman = 16992, kWsmanTls = 16993, kRedirectionTls = 16995;

bool amt_port(uint16_t port) {
    return port == hello::kDefaultPort || (port >= kWsman && port <= kRedirectionTls);
}
// The ports whose server this reader knows: the client is the other side.
bool known_server_port(uint16_t port) {
    return amt_port(port) || port == dns::kPort;
}

Role role_for(uint16_t server_port) {
    if (server_port == hello::kDefaultPort) return Role::hello;
    if (server_port == kWsmanTls || server_port == kRedirectionTls) return Role::tls;
    if (server_port == dns::kPort) return Role::dns;
    return Role::sniff;
}

// The hello's announced length so far: the bytes needed before it can be whole.
size_t hello_needed(std::string_view p) {
    if (p.size() < hello::kHeaderBytes) return hello::kHeaderBytes;
    const auto version = static_cast<uint8_t>(p[2]);
    if (version == hello::kVersionPsk) return hello::kHeaderBytes + 8;
    if (version != hello::kVersionPki) return hello::kHeaderBytes;
    if (p.size() < hello::kHeaderBytes + 1) return hello::kHeaderBytes + 1;
    const size_t count = static_cast<uint8_t>(p[hello::kHeaderBytes]);
    size_t at = hello::kHeaderBytes + 1;
    for (size_t i = 0; i < count; ++i) {
        if (p.size() < at + 2) return at + 2;
        at += 2 + static_cast<uint8_t>(p[at + 1]);
    }
    return at;
}

// The device's side of a connection: the AMT server ports are the device's, a hello's client
// is the device; anything else, the server.
const Endpoint& device_side(const Flow& f) {
    return f.server.port == hello::kDefaultPort ? f.client : f.server;
}

}  // namespace

Flow& CaptureAnalyzer::new_flow(const FlowKey& key, const Decoded& d, const Context& c) {
    if (flows_.size() >= limits_.max_flows) {
        FlowKey old;
        if (Flow* f = flows_.oldest(&old)) {
            if (!f->closed) notes_.add("connections closed early: too many open at once", c.packet);
            finalize(*f);
            flows_.erase(old);
        }
    }
    Flow& f = flows_.insert(key);
    const Endpoint src{d.src, d.src_port}, dst{d.dst, d.dst_port};
    const bool syn = (d.tcp.flags & kSyn) != 0, ack = (d.tcp.flags & kAck) != 0;
    bool src_is_client = true;
    if (syn)
        src_is_client = !ack;
    else if (known_server_port(d.dst_port) != known_server_port(d.src_port))
        src_is_client = known_server_port(d.dst_port);
    else
        src_is_client = d.src_port >= d.dst_port;  // ephemeral ports are the high ones
    f.client = src_is_client ? src : dst;
    f.server = src_is_client ? dst : src;
    f.first_packet = c.packet;
    f.role = role_for(f.server.port);
    if (f.role == Role::tls) f.tls = std::make_unique<tls::Connection>();
    return f;
}

void CaptureAnalyzer::tcp(const Decoded& d, const Context& c) {
    if (c.time_ns - last_idle_check_ > limits_.idle_ns / 8) {
        close_idle(c.time_ns);
        last_idle_check_ = c.time_ns;
    }
    const Endpoint src{d.src, d.src_port}, dst{d.dst, d.dst_port};
    const FlowKey key = flow_key(src, dst);
    const uint8_t flags = d.tcp.flags;
    const bool syn = (flags & kSyn) != 0, ack = (flags & kAck) != 0;
    Flow* f = flows_.find(key);
    // A SYN with a new sequence number is a new attempt on the same endpoints.
    if (f != nullptr && syn && !ack && !(f->syn && f->syn_seq == d.tcp.seq && !f->closed)) {
        finalize(*f);
        flows_.erase(key);
        f = nullptr;
    }
    if (f != nullptr && f->closed) return;  // late packets of a finished connection
    if (f == nullptr) f = &new_flow(key, d, c);
    flows_.touch(key);
    Flow& flow = *f;
    const int dir = src == flow.client ? 0 : 1;
    flow.last_packet = c.packet;
    flow.last_time = c.time_ns;
    if (syn && !ack && dir == 0 && !flow.syn) {
        flow.syn = true;
        flow.syn_seq = d.tcp.seq;
        flow.attempt_packet = c.packet;
        flow.attempt_time = c.time_ns;
        flow.half[0].syn(d.tcp.seq);
    }
    if (syn && ack && dir == 1 && !flow.syn_ack) {
        flow.syn_ack = true;
        flow.outcome_packet = c.packet;
        flow.outcome_time = c.time_ns;
        flow.half[1].syn(d.tcp.seq);
    }
    if ((flags & kRst) != 0) {
        flow.reset = true;
        if (dir == 1 && flow.syn && !flow.syn_ack) {
            flow.reset_answers_syn = true;
            flow.outcome_packet = c.packet;
            flow.outcome_time = c.time_ns;
        }
        finalize(flow);
        return;
    }
    if (!d.payload.empty()) {
        // Data on a SYN (TCP Fast Open) starts after the SYN's own sequence number.
        const uint32_t seq = syn ? d.tcp.seq + 1 : d.tcp.seq;
        const bool kept =
            flow.half[dir].segment(seq, d.payload, limits_.stream, budget_,
                                   [&](std::string_view bytes) { consume(flow, dir, bytes, c); });
        if (!kept) {
            flow.dropped = true;
            notes_.add("out-of-order TCP data dropped: buffer limit reached", c.packet);
        }
    }
    if ((flags & kFin) != 0) {
        flow.fins = static_cast<uint8_t>(flow.fins | (1 << dir));
        if (flow.fins == 3) finalize(flow);
    }
}

void CaptureAnalyzer::consume(Flow& f, int dir, std::string_view bytes, const Context& c) {
    switch (f.role) {
        case Role::hello:
            if (dir != 0) return;
            if (f.buffer[0].size() + bytes.size() > limits_.max_hello_bytes) {
                f.dropped = true;
                notes_.add("hello streams longer than any hello: the rest ignored", c.packet);
                bytes = bytes.substr(0, limits_.max_hello_bytes - f.buffer[0].size());
            }
            f.buffer[0].append(bytes);
            hello_progress(f, c);
            return;
        case Role::sniff:
            if (f.buffer[dir].size() < limits_.sniff_bytes)
                f.buffer[dir].append(bytes.substr(
                    0, std::min(bytes.size(), limits_.sniff_bytes - f.buffer[dir].size())));
            sniff(f, c);
            return;
        case Role::tls:
            feed_tls(f, dir, bytes, c);
            return;
        case Role::dns:
            f.buffer[dir].append(bytes);
            dns_stream(f, dir, c);
            return;
        case Role::ignore:
            return;
    }
}

void CaptureAnalyzer::hello_progress(Flow& f, const Context& c) {
    if (f.hello_whole || f.buffer[0].size() < hello_needed(f.buffer[0])) return;
    f.hello_whole = true;
    f.hello_packet = c.packet;
    f.hello_time = c.time_ns;
}

void CaptureAnalyzer::sniff(Flow& f, const Context& c) {
    const std::string& client = f.buffer[0];
    if (client.empty()) return;
    const bool tls_start = tls::looks_like_client_hello(client);
    if (tls_start) {
        f.role = Role::tls;
        f.tls = std::make_unique<tls::Connection>();
        std::string sent[2] = {std::move(f.buffer[0]), std::move(f.buffer[1])};
        f.buffer[0].clear();
        f.buffer[1].clear();
        feed_tls(f, 0, sent[0], c);
        feed_tls(f, 1, sent[1], c);
        return;
    }
    // Too short to tell TLS from a hello yet: wait for the record header.
    const auto b0 = static_cast<uint8_t>(client[0]);
    if (client.size() < 5 && (b0 == 0x16 || (b0 & 0x80) != 0)) return;
    const auto h = hello::classify_prefix(client, false);
    if (h == hello::HelloPrefix::no || client.size() >= limits_.sniff_bytes) {
        f.role = Role::ignore;
        f.buffer[0].clear();
        f.buffer[1].clear();
        f.buffer[0].shrink_to_fit();
        f.buffer[1].shrink_to_fit();
        return;
    }
    hello_progress(f, c);
}

void CaptureAnalyzer::feed_tls(Flow& f, int dir, std::string_view bytes, const Context& c) {
    if (!f.tls || bytes.empty()) return;
    f.tls->feed(dir == 1, bytes);
    const tls::Connection& t = *f.tls;
    // The packet that last moved the handshake on is the one its evidence cites.
    std::string state;
    state += t.client_hello().seen ? 'C' : '-';
    state += t.server_hello().seen ? 'S' : '-';
    state += std::to_string(t.alerts().size()) + "/" +
             std::to_string(t.server().certificates.size()) + "/" +
             std::to_string(t.client().certificates.size());
    state += t.established() ? 'E' : '-';
    if (state != f.tls_state) {
        f.tls_state = state;
        f.tls_packet = c.packet;
        f.tls_time = c.time_ns;
    }
    if (pool_ == nullptr) return;
    const auto& certs = dir == 1 ? t.server().certificates : t.client().certificates;
    for (size_t& i = f.certificates_added[dir]; i < certs.size(); ++i) {
        // The same certificate in every handshake of a capture is one place, described once.
        if (!certificates_seen_.insert(certs[i]).second) continue;
        const auto* p = reinterpret_cast<const unsigned char*>(certs[i].data());
        cert::Certificate cert;
        cert.x509.reset(d2i_X509(nullptr, &p, static_cast<long>(certs[i].size())));
        if (!cert.x509) {
            notes_.add("certificates in TLS handshakes OpenSSL cannot read", c.packet);
            continue;
        }
        cert.facts = cert::describe_certificate(*cert.x509);
        cert.facts.container = "tls";
        cert.facts.item = static_cast<uint32_t>(i + 1);
        model::SourceRef ref;
        ref.artifact = artifact_;
        ref.packet = c.packet;
        ref.item = cert.facts.item;
        pool_->add(cert, ref, artifact_ + "#packet " + std::to_string(c.packet));
    }
}

void CaptureAnalyzer::dns_stream(Flow& f, int dir, const Context& c) {
    std::string& b = f.buffer[dir];
    const Endpoint& src = dir == 0 ? f.client : f.server;
    const Endpoint& dst = dir == 0 ? f.server : f.client;
    size_t at = 0;
    while (b.size() - at >= 2) {
        const size_t len =
            static_cast<size_t>(static_cast<uint8_t>(b[at])) << 8 | static_cast<uint8_t>(b[at + 1]);
        if (b.size() - at - 2 < len) break;
        dns_message(std::string_view(b).substr(at + 2, len), true, src, dst, c);
        at += 2 + len;
    }
    b.erase(0, at);
}

void CaptureAnalyzer::finalize(Flow& f) {
    if (f.closed) return;
    f.closed = true;
    for (int dir = 0; dir < 2; ++dir)
        if (f.half[dir].flush(budget_)) {
            f.gap = true;
            if (f.tls) f.tls->gap(dir == 1);
        }
    if (f.gap) notes_.add("TCP streams with bytes missing from the capture", f.last_packet);
    ConnectionSummary s;
    s.client_ip = f.client.ip.text();
    s.server_ip = f.server.ip.text();
    s.device_ip = device_side(f).ip.text();
    s.client_port = f.client.port;
    s.server_port = f.server.port;
    s.to_server = f.half[0].sent();
    s.to_client = f.half[1].sent();
    const bool sniffed_hello = f.role == Role::sniff &&
                               hello::classify_prefix(f.buffer[0], true) == hello::HelloPrefix::yes;
    if ((f.role == Role::hello && !f.buffer[0].empty()) || sniffed_hello) {
        HelloSeen h;
        h.decode = hello::decode_hello(f.buffer[0]);
        if (f.gap) h.decode.problems.push_back("bytes of the stream are missing from the capture");
        if (f.dropped) h.decode.problems.push_back("the stream is longer than any hello");
        h.client_ip = s.client_ip;
        h.server_ip = s.server_ip;
        h.server_port = f.server.port;
        h.where = {artifact_, f.hello_whole ? f.hello_packet : f.last_packet,
                   f.hello_whole ? f.hello_time : f.last_time};
        emit(hello_message(h));
        record_hello(h);
    }
    // After the hello: the correlator joins IP-only evidence to the device that named the IP
    // first, and the hello names it with the UUID.
    if (amt_port(f.server.port) && (f.syn || f.syn_ack)) {
        s.outcome = f.syn_ack ? "accepted" : f.reset_answers_syn ? "reset" : "unanswered";
        const bool decided = f.syn_ack || f.reset_answers_syn;
        s.where = {artifact_, decided ? f.outcome_packet : f.attempt_packet,
                   decided ? f.outcome_time : f.attempt_time};
        emit(tcp_connection(s));
    }
    if (f.tls) {
        const tls::Connection& t = *f.tls;
        if (t.client_hello().seen || t.server_hello().seen || !t.alerts().empty()) {
            const bool reset_first = f.reset && !t.established();
            s.where = reset_first && t.outcome(true) == "reset"
                          ? Where{artifact_, f.last_packet, f.last_time}
                          : Where{artifact_, f.tls_packet, f.tls_time};
            emit(tls_handshake(s, t, f.reset));
        }
        for (const auto& note : t.notes())
            if (note.rfind("TLS 1.3", 0) == 0) notes_.add(note, f.tls_packet);
    }
    // Nothing more is read from it: give the memory back.
    for (auto& b : f.buffer) std::string().swap(b);
    f.tls.reset();
}

void CaptureAnalyzer::close_idle(int64_t now) {
    FlowKey key;
    while (Flow* f = flows_.oldest(&key)) {
        if (now - f->last_time < limits_.idle_ns) break;
        finalize(*f);
        flows_.erase(key);
    }
}

}  // namespace amtdiag::parsers::pcap
