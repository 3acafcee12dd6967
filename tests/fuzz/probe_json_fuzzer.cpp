// Fuzzes the probe/hello record reader: detection, the JSON walk with typed reads, hello
// decoding of whatever payload_hex holds, and hello series. Bad input must give errors, never
// crashes, exceptions, undefined behaviour or hangs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/probe/probe_record.h"

namespace pr = amtdiag::parsers::probe;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string kind;
    (void)pr::record_confidence(bytes.substr(0, 65536), kind);
    std::vector<pr::HelloSighting> sightings;
    size_t seen = 0;
    (void)pr::read_record(
        bytes, "fuzz.json", [&](const amtdiag::model::Evidence& e) { seen += e.attrs.size(); },
        &sightings);
    (void)pr::hello_series(std::move(sightings));
    int64_t ms = 0;
    (void)pr::parse_rfc3339(bytes.substr(0, 64), ms);
    return 0;
}
