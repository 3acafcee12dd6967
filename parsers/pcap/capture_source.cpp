// Classic pcap through libpcap: both byte orders and both timestamp resolutions, read with
// nanosecond precision so microsecond files and nanosecond files come out alike.
#include "parsers/pcap/capture_source.h"

#include <pcap/pcap.h>

#include <cstring>

namespace amtdiag::parsers::pcap {

namespace {

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_close(p); }
};
using PcapPtr = std::unique_ptr<pcap_t, PcapClose>;

uint32_t le32(std::string_view s) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(s[static_cast<size_t>(i)]);
    return v;
}

class LibpcapSource final : public CaptureSource {
  public:
    LibpcapSource(PcapPtr pcap, std::string format) : pcap_(std::move(pcap)) {
        format_ = std::move(format);
        link_types_.push_back(static_cast<uint32_t>(pcap_datalink(pcap_.get())));
        good_offset_ = 24;
    }

    ReadResult next(RawPacket& packet) override {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(pcap_.get(), &header, &data);
        if (rc == 1) {
            packet.time_ns = static_cast<int64_t>(header->ts.tv_sec) * 1'000'000'000 +
                             static_cast<int64_t>(header->ts.tv_usec);
            packet.link_type = link_types_.front();
            packet.interface = 0;
            packet.original_length = header->len;
            packet.data = std::string_view(reinterpret_cast<const char*>(data), header->caplen);
            if (std::FILE* f = pcap_file(pcap_.get())) {
                const long at = std::ftell(f);
                if (at >= 0) good_offset_ = static_cast<uint64_t>(at);
            }
            return ReadResult::packet;
        }
        if (rc == PCAP_ERROR_BREAK) return ReadResult::end;
        damage_ = pcap_geterr(pcap_.get());
        // libpcap says "truncated dump file; tried to read N ... bytes, only got M".
        truncated_ = damage_.find("truncated") != std::string::npos;
        return ReadResult::damaged;
    }

  private:
    PcapPtr pcap_;
};

}  // namespace

std::string_view capture_magic(std::string_view head) {
    if (head.size() < 4) return {};
    const uint32_t m = le32(head);
    switch (m) {
        case 0xA1B2C3D4:
        case 0xD4C3B2A1:
        case 0xA1B23C4D:
        case 0x4D3CB2A1:
            return "pcap";
        case 0x0A0D0D0A:
            return "pcapng";
        default:
            return {};
    }
}

std::unique_ptr<CaptureSource> open_capture(FilePtr file, std::string& error) {
    char head[4] = {};
    const size_t got = std::fread(head, 1, sizeof head, file.get());
    const std::string_view magic = capture_magic(std::string_view(head, got));
    if (magic.empty()) {
        error = "not a pcap or pcapng capture";
        return nullptr;
    }
    if (std::fseek(file.get(), 0, SEEK_SET) != 0) {
        error = "cannot rewind the capture";
        return nullptr;
    }
    if (magic == "pcapng") return open_pcapng(std::move(file), error);

    const uint32_t m = le32(std::string_view(head, 4));
    std::string format = "pcap (";
    format += (m == 0xA1B2C3D4 || m == 0xD4C3B2A1) ? "microseconds" : "nanoseconds";
    format += (m == 0xA1B2C3D4 || m == 0xA1B23C4D) ? ", little-endian)" : ", big-endian)";
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    PcapPtr pcap(
        pcap_fopen_offline_with_tstamp_precision(file.get(), PCAP_TSTAMP_PRECISION_NANO, errbuf));
    if (!pcap) {
        error = std::string("libpcap cannot open it: ") + errbuf;
        return nullptr;  // the FILE is still ours: `file` closes it
    }
    (void)file.release();  // pcap_close() closes it from now on
    return std::make_unique<LibpcapSource>(std::move(pcap), std::move(format));
}

}  // namespace amtdiag::parsers::pcap
