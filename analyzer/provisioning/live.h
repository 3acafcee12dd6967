#pragma once
// `amtdiag sim live`: the device and the provisioning server as two real peers on loopback,
// over real TCP and real TLS (OpenSSL), so a capture tool on `lo` sees the traffic. The device
// sends its hello to the server's hello port, then listens as TLS server on its "AMT port"
// (16993's role); the server verifies the hello and connects as TLS client: with the PID as
// PSK identity and the PPS as key (one-touch PSK, TLS 1.2), or presenting the provisioning
// certificate chain the device checks against the root hash it trusts (PKI, mutual TLS).
#include <cstdint>
#include <functional>
#include <string>

namespace amtdiag::provisioning {

struct LiveOptions {
    bool psk = true;
    uint16_t hello_port = 0;  // 0: any free port
    uint16_t amt_port = 0;    // 0: any free port
    uint64_t seed = 1;
    // Faults a live run can play: the PID's check character is wrong (the server refuses the
    // hello), the server's PPS differs from the device's (the PSK handshake fails), the
    // device does not trust the provisioning root (the certificate handshake fails).
    bool bad_pid = false;
    bool pps_mismatch = false;
    bool untrusted_root = false;
    int timeout_ms = 5000;
};

struct LiveResult {
    bool provisioned = false;
    std::string failure;  // why not, in one sentence (never a secret)
};

// `say` gets one line per step (no secrets). Blocks until both peers are done.
LiveResult run_live(const LiveOptions& options, const std::function<void(const std::string&)>& say);

}  // namespace amtdiag::provisioning
