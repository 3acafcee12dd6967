// Fuzzes the TLS connection decoder: the input is split into client and server bytes and fed
// in pieces whose sizes come from the input, so records and handshake messages are cut
// everywhere.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/tls/tls.h"

namespace tls = amtdiag::parsers::tls;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    // First byte: where the server's bytes start (as a fraction); second: the piece size.
    const size_t split = size * data[0] / 256;
    const size_t piece = static_cast<size_t>(data[1] % 64) + 1;
    const std::string_view all(reinterpret_cast<const char*>(data) + 2, size - 2);
    const std::string_view client = all.substr(0, std::min(split, all.size()));
    const std::string_view server = all.substr(client.size());
    tls::Connection c;
    size_t ci = 0, si = 0;
    while (ci < client.size() || si < server.size()) {
        if (ci < client.size()) {
            c.feed(false, client.substr(ci, piece));
            ci += piece;
        }
        if (si < server.size()) {
            c.feed(true, server.substr(si, piece));
            si += piece;
        }
    }
    (void)c.outcome(false);
    (void)c.outcome(true);
    for (const auto& a : c.alerts()) (void)a.text();
    (void)tls::looks_like_client_hello(all);
    return 0;
}
