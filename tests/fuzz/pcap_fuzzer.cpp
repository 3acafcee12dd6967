// Fuzzes the capture reader end to end from memory: pcap framing through libpcap, pcapng
// framing of our own, link layers, IP, UDP and TCP reassembly, and every decoder behind them,
// with small limits so the flow table's eviction and the buffers' bounds are reached.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/pcap/pcap_reader.h"

namespace pcap = amtdiag::parsers::pcap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    pcap::CaptureLimits limits;
    limits.max_flows = 4;
    limits.stream.max_pending_bytes = 2048;
    limits.max_pending_total = 4096;
    limits.max_pending_dns = 4;
    limits.idle_ns = 30'000'000'000;
    amtdiag::parsers::cert::CertificatePool pool;
    size_t items = 0;
    (void)pcap::read_capture_bytes(
        bytes, "fuzz.pcap", [&](const amtdiag::model::Evidence&) { ++items; }, &pool, limits);
    pool.emit([&](const amtdiag::model::Evidence&) { ++items; });
    return 0;
}
