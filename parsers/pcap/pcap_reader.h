#pragma once
// The packet-capture reader behind the registry seam (parsers/reader.h): pcap (microsecond
// and nanosecond, either byte order) and pcapng (several interfaces, a link type each). It
// emits network evidence (docs/rules.md, "Network evidence"):
//   hello.message, hello.series   AMT hellos and their resend pattern
//   dhcp.message                  DHCP with options 15, 81, 12, 6, 3, 51, 54, 1, 119
//   dns.exchange                  a query with its response (UPDATE too)
//   tcp.connection                attempts to 9971 and 16992-16995 and their outcome
//   tls.handshake                 versions, cipher, SNI, alerts, certificates per side
// and the certificates of TLS handshakes as cert.certificate / cert.chain, in finish(), with
// those of certificate files. A damaged capture is read up to the damage.
#include <memory>
#include <string>
#include <string_view>

#include "parsers/cert/cert_evidence.h"
#include "parsers/pcap/capture_analyzer.h"
#include "parsers/reader.h"

namespace amtdiag::parsers::pcap {

inline constexpr const char* kArtifactKind = "pcap";

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

// One capture file; evidence to `out`, TLS certificates into `pool` (nullptr: dropped).
model::Artifact read_capture(const std::string& path, const EvidenceOut& out,
                             cert::CertificatePool* pool, const CaptureLimits& limits = {},
                             bool sha256 = true);
// The same from bytes in memory (the fuzzer; tests), named `name` in the evidence.
model::Artifact read_capture_bytes(std::string_view bytes, const std::string& name,
                                   const EvidenceOut& out, cert::CertificatePool* pool,
                                   const CaptureLimits& limits = {});

}  // namespace amtdiag::parsers::pcap
