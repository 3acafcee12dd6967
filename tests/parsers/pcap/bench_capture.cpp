// Throughput of the capture reader on a large generated capture.
//   pcap_bench write FILE MEGABYTES   a capture of that size: rounds of a hello, a TLS
//                                     handshake with a certificate chain, DNS, DHCP, and a
//                                     bulk TCP transfer with reordered and repeated segments
//   pcap_bench read FILE              reads it (no SHA-256), prints packets, evidence, MB/s
// Peak memory: run `read` under /usr/bin/time -v.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "../hello/hello_vectors.h"
#include "../tls/tls_records.h"
#include "capture_writer.h"
#include "parsers/dhcp/dhcp.h"
#include "parsers/dns/dns.h"
#include "parsers/pcap/pcap_reader.h"

namespace w = amtdiag::testing::capture;
namespace t = amtdiag::testing::tls;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

w::Ip ip(int net, int round, int host) {
    return w::Ip::parse("10." + std::to_string(net) + "." + std::to_string((round / 250) % 250) +
                        "." + std::to_string(round % 250 + host));
}

std::string dns_wire(uint16_t id, bool response, const std::string& q, const std::string& a) {
    amtdiag::parsers::dns::MessageSpec s;
    s.id = id;
    s.response = response;
    s.questions = {q};
    if (response && !a.empty()) s.answers = {a};
    if (response && a.empty()) s.rcode = "NXDOMAIN";
    return amtdiag::parsers::dns::encode(s);
}

int write(const std::string& path, size_t megabytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << w::pcap_header(w::Link::ethernet);
    const std::string cert(1200, 'C');  // not a certificate: the pool's cost is not measured
    const std::string hello = amtdiag::testing::hello_vector(0);
    const std::string bulk(1448, 'b');
    size_t written = 24;
    int64_t now = 1'763'632'800 * kSecond;
    auto emit = [&](const std::string& packet) {
        const std::string r =
            w::pcap_record({now += 50'000, w::frame(w::Link::ethernet, packet), 0});
        out << r;
        written += r.size();
    };
    for (int round = 0; written < megabytes * 1'000'000; ++round) {
        const w::Ip dev = ip(1, round, 2), srv = ip(2, 0, 10), ns = ip(2, 0, 11);
        const auto port = static_cast<uint16_t>(40000 + round % 20000);
        w::TcpConversation h(dev, port, srv, 9971, 1000u + static_cast<uint32_t>(round), 77);
        for (const auto& p : {h.syn(), h.syn_ack(), h.ack(), h.client_data(hello), h.client_fin(),
                              h.server_fin(), h.ack()})
            emit(p);
        w::TcpConversation s(srv, port, dev, 16993, 5u * static_cast<uint32_t>(round), 9);
        for (const auto& p :
             {s.syn(), s.syn_ack(), s.ack(),
              s.client_data(t::record(22, t::client_hello({0x0303, "amt", 10, {}}))),
              s.server_data(t::record(22, t::server_hello(0x0303, 0xC030) +
                                              t::certificate({cert, cert}) +
                                              t::server_hello_done())),
              s.client_data(t::change_cipher_spec() + t::record(22, std::string(40, 'f'))),
              s.server_data(t::change_cipher_spec() + t::record(22, std::string(40, 'f'))),
              s.client_data(t::application_data(600)), s.server_data(t::application_data(3000)),
              s.client_fin(), s.server_fin(), s.ack()})
            emit(p);
        for (int q = 0; q < 4; ++q) {
            const auto id = static_cast<uint16_t>(round * 4 + q);
            const std::string name = "host" + std::to_string(round) + ".vprolab.com.";
            emit(w::udp_packet(dev, ns, static_cast<uint16_t>(50000 + q), 53,
                               dns_wire(id, false, name + " A", "")));
            emit(w::udp_packet(
                ns, dev, 53, static_cast<uint16_t>(50000 + q),
                dns_wire(id, true, name + " A", q % 2 ? name + " 60 IN A 10.9.9.9" : "")));
        }
        namespace d = amtdiag::parsers::dhcp;
        d::Message m;
        m.xid = static_cast<uint32_t>(round);
        m.chaddr = std::string("\x00\x1a\x2b", 3) + std::string(3, static_cast<char>(round));
        m.options = {d::u8_option(53, 5), d::text_option(15, "vprolab.com")};
        emit(w::udp_packet(srv, dev, 67, 68, d::encode(m)));
        // Bulk data on a port the reader does not read: classification, then byte counts.
        w::TcpConversation b(dev, static_cast<uint16_t>(port + 1), srv, 445, 7, 8);
        emit(b.syn());
        emit(b.syn_ack());
        for (int seg = 0; seg < 60; ++seg) {
            if (seg % 17 == 5) emit(b.client_data_at(static_cast<uint32_t>(seg) * 1448, bulk));
            emit(b.client_data(bulk));
        }
        emit(b.client_fin());
    }
    std::printf("wrote %zu bytes to %s\n", written, path.c_str());
    return 0;
}

int read(const std::string& path) {
    std::map<std::string, size_t> kinds;
    amtdiag::parsers::cert::CertificatePool pool;
    const auto start = std::chrono::steady_clock::now();
    const auto a = amtdiag::parsers::pcap::read_capture(
        path, [&](const amtdiag::model::Evidence& e) { ++kinds[e.kind]; }, &pool, {}, false);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s\n%s\n", a.detail.c_str(), a.error.c_str());
    for (const auto& n : a.notes) std::printf("note: %s\n", n.c_str());
    for (const auto& [k, n] : kinds) std::printf("%-16s %zu\n", k.c_str(), n);
    std::printf("%.1f MB in %.2f s: %.1f MB/s\n", static_cast<double>(a.size) / 1e6, s,
                static_cast<double>(a.size) / 1e6 / s);
    return a.status == amtdiag::model::ReadStatus::ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 2 ? argv[1] : "";
    if (mode == "write" && argc == 4) return write(argv[2], std::stoul(argv[3]));
    if (mode == "read" && argc == 3) return read(argv[2]);
    std::fprintf(stderr, "usage: pcap_bench write FILE MEGABYTES | pcap_bench read FILE\n");
    return 2;
}
