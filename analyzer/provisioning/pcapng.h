#pragma once
// A pcapng writer (one Ethernet interface, microsecond stamps) and the frames the simulated
// network puts on it: Ethernet/IPv4 with UDP (DHCP, DNS) and TCP (hello on 9971, TLS on
// 16993) with correct checksums, so tcpdump and Wireshark read the file as they would a real
// capture.
#include <cstdint>
#include <fstream>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::provisioning {

struct Endpoint {
    std::string mac;  // 6 raw bytes
    uint32_t ip = 0;  // host order
    uint16_t port = 0;
};

std::string mac_bytes(std::string_view text);  // "00-1A-2B-3C-4D-5E" or with ':'
uint32_t ipv4(std::string_view dotted);        // 0 when malformed
std::string ipv4_text(uint32_t ip);

class Pcapng {
  public:
    explicit Pcapng(const std::string& path);
    Pcapng(const Pcapng&) = delete;
    Pcapng& operator=(const Pcapng&) = delete;

    void frame(int64_t utc_us, std::string_view bytes);
    void udp(int64_t utc_us, const Endpoint& from, const Endpoint& to, std::string_view payload);
    // A TCP segment; flags as on the wire (0x02 SYN, 0x10 ACK, 0x01 FIN, 0x04 RST, 0x08 PSH).
    void tcp(int64_t utc_us, const Endpoint& from, const Endpoint& to, uint32_t seq, uint32_t ack,
             uint8_t flags, std::string_view payload);
    uint64_t packets() const { return packets_; }

    // Frames of the future (a device's later hellos, played while the clock moves on to other
    // devices) are held and written in time order once the capture reaches them.
    void set_deferring(bool on) { deferring_ = on; }
    // The capture stops at its last written frame: held frames up to it are written, later
    // ones dropped.
    void finish();

  private:
    struct Held {
        int64_t us;
        uint64_t seq;
        std::string bytes;
        bool operator>(const Held& o) const { return us != o.us ? us > o.us : seq > o.seq; }
    };
    void write_frame(int64_t utc_us, std::string_view bytes);
    void release_until(int64_t utc_us);

    std::ofstream out_;
    uint64_t packets_ = 0;
    uint16_t ip_id_ = 1;
    bool deferring_ = false;
    uint64_t held_seq_ = 0;
    int64_t last_us_ = 0;
    std::priority_queue<Held, std::vector<Held>, std::greater<>> held_;
};

// One TCP connection played out on a capture: handshake, data both ways, orderly close.
class TcpFlow {
  public:
    TcpFlow(Pcapng& cap, Endpoint client, Endpoint server, uint32_t client_isn, uint32_t server_isn)
        : cap_(cap),
          c_(std::move(client)),
          s_(std::move(server)),
          cseq_(client_isn),
          sseq_(server_isn) {}

    enum class Answer { accept, reset, silence };
    // Returns the time after the handshake; `answer` decides SYN-ACK, RST or retransmits.
    int64_t open(int64_t us, Answer answer);
    int64_t client_sends(int64_t us, std::string_view data);
    int64_t server_sends(int64_t us, std::string_view data);
    int64_t client_closes(int64_t us);

  private:
    // Data from one side in MSS-sized segments, acknowledged by the other.
    int64_t sends(int64_t us, std::string_view data, bool from_client);

    Pcapng& cap_;
    Endpoint c_, s_;
    uint32_t cseq_, sseq_;
};

}  // namespace amtdiag::provisioning
