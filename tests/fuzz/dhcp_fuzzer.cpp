// Fuzzes the DHCP decoder (fixed part, options, overload, option 81 and 119 names) and the
// encoder on what was decoded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "parsers/dhcp/dhcp.h"

namespace dhcp = amtdiag::parsers::dhcp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const dhcp::Decoded d = dhcp::decode(bytes);
    if (!d.ok) return 0;
    // What was decoded can be written again, and reads back as a message.
    const dhcp::Decoded again = dhcp::decode(dhcp::encode(d.message));
    if (!again.ok || again.message.xid != d.message.xid) std::abort();
    (void)dhcp::parse_ipv4(bytes);
    return 0;
}
