#pragma once
// `amtdiag capture`: a live libpcap capture of what provisioning puts on the wire (hello port
// 9971, AMT 16992-16995, DHCP 67/68, DNS 53), written as a classic pcap file (libpcap writes
// no pcapng; the capture reader reads both, by magic number, whatever the file is called).
#include <cstdint>
#include <string>

namespace amtdiag::collect {

inline constexpr const char* kCaptureFilter =
    "tcp port 9971 or tcp portrange 16992-16995 or udp port 67 or udp port 68 or port 53";

struct CaptureOptions {
    std::string interface;
    std::string output;
    int seconds = 60;
    std::string filter = kCaptureFilter;
    int stop_fd = -1;  // readable = stop (StopSignals::fd())
};

struct CaptureResult {
    bool ok = false;
    std::string error;     // no rights, no such interface, bad filter, cannot write
    uint64_t packets = 0;  // written to the file
    uint64_t dropped = 0;  // by the kernel (pcap_stats)
    bool stopped_early = false;
};

CaptureResult run_capture(const CaptureOptions& options);

}  // namespace amtdiag::collect
