#include "analyzer/collect/capture.h"

#include <pcap/pcap.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>

namespace amtdiag::collect {

namespace {

struct PcapClose {
    void operator()(pcap_t* p) const { pcap_close(p); }
};
struct DumperClose {
    void operator()(pcap_dumper_t* d) const { pcap_dump_close(d); }
};
struct ProgramFree {
    void operator()(bpf_program* p) const {
        pcap_freecode(p);
        delete p;
    }
};
using Pcap = std::unique_ptr<pcap_t, PcapClose>;
using Dumper = std::unique_ptr<pcap_dumper_t, DumperClose>;
using Program = std::unique_ptr<bpf_program, ProgramFree>;

std::string activation_error(int status, pcap_t* p, const std::string& interface) {
    switch (status) {
        case PCAP_ERROR_NO_SUCH_DEVICE:
            return "interface '" + interface + "' does not exist (see `ip link`)";
        case PCAP_ERROR_PERM_DENIED:
            return "no capture rights on '" + interface +
                   "': run as root, or give amtdiag CAP_NET_RAW (sudo setcap "
                   "cap_net_raw,cap_net_admin=eip $(command -v amtdiag))";
        case PCAP_ERROR_IFACE_NOT_UP:
            return "interface '" + interface + "' is down";
        default:
            return "cannot capture on '" + interface + "': " + pcap_geterr(p);
    }
}

struct DumpState {
    pcap_dumper_t* dumper;
    uint64_t packets;
};

void on_packet(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto* state = reinterpret_cast<DumpState*>(user);
    pcap_dump(reinterpret_cast<u_char*>(state->dumper), header, bytes);
    ++state->packets;
}

}  // namespace

CaptureResult run_capture(const CaptureOptions& options) {
    CaptureResult result;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    Pcap pcap(pcap_create(options.interface.c_str(), errbuf));
    if (!pcap) {
        result.error = "cannot capture on '" + options.interface + "': " + errbuf;
        return result;
    }
    pcap_set_snaplen(pcap.get(), 65535);
    pcap_set_promisc(pcap.get(), 0);
    pcap_set_timeout(pcap.get(), 100);
    // Packets as they come: the capture may be stopped any moment and must hold them.
    pcap_set_immediate_mode(pcap.get(), 1);
    const int status = pcap_activate(pcap.get());
    if (status < 0) {
        result.error = activation_error(status, pcap.get(), options.interface);
        return result;
    }
    Program program(new bpf_program{});
    if (pcap_compile(pcap.get(), program.get(), options.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) !=
        0) {
        // pcap_freecode() on a program that failed to compile is a no-op: the deleter is safe.
        result.error = "bad capture filter: " + std::string(pcap_geterr(pcap.get()));
        return result;
    }
    if (pcap_setfilter(pcap.get(), program.get()) != 0) {
        result.error = "cannot set the capture filter: " + std::string(pcap_geterr(pcap.get()));
        return result;
    }
    const std::string partial = options.output + ".partial";
    Dumper dumper(pcap_dump_open(pcap.get(), partial.c_str()));
    if (!dumper) {
        result.error = "cannot write " + options.output + ": " + pcap_geterr(pcap.get());
        return result;
    }
    pcap_setnonblock(pcap.get(), 1, errbuf);
    const int pfd = pcap_get_selectable_fd(pcap.get());
    DumpState state{dumper.get(), 0};
    using Clock = std::chrono::steady_clock;
    const auto end_at = Clock::now() + std::chrono::seconds(std::max(1, options.seconds));
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(end_at - Clock::now()).count();
        if (left <= 0) break;
        pollfd fds[2] = {{pfd, POLLIN, 0}, {options.stop_fd, POLLIN, 0}};
        const int n =
            poll(fds, options.stop_fd >= 0 ? 2 : 1, static_cast<int>(std::min<int64_t>(left, 200)));
        if (n < 0 && errno != EINTR) break;
        if (options.stop_fd >= 0 && (fds[1].revents & POLLIN) != 0) {
            result.stopped_early = true;
            break;
        }
        pcap_dispatch(pcap.get(), -1, on_packet, reinterpret_cast<u_char*>(&state));
    }
    pcap_dispatch(pcap.get(), -1, on_packet, reinterpret_cast<u_char*>(&state));
    pcap_stat stats{};
    if (pcap_stats(pcap.get(), &stats) == 0) result.dropped = stats.ps_drop;
    pcap_dump_flush(dumper.get());
    dumper.reset();
    if (std::rename(partial.c_str(), options.output.c_str()) != 0) {
        result.error = "cannot write " + options.output;
        std::remove(partial.c_str());
        return result;
    }
    result.packets = state.packets;
    result.ok = true;
    return result;
}

}  // namespace amtdiag::collect
