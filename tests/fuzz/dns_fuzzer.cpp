// Fuzzes DNS decoding through ldns and the views the capture reader takes of a message
// (answers, addresses, names, updates).
#include <cstddef>
#include <cstdint>
#include <string>

#include "parsers/dns/dns.h"

namespace dns = amtdiag::parsers::dns;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const dns::Message m = dns::decode(bytes);
    if (!m.ok) return 0;
    (void)m.answer_texts();
    (void)m.addresses();
    (void)m.names();
    (void)m.updates();
    return 0;
}
