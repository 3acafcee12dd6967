// Fuzzes the whoami /groups reader through decoding, detection, parsing (table, CSV, list)
// and evidence: any bytes must give evidence or nothing, never a crash, an exception,
// undefined behaviour or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmdout/cmdout.h"
#include "parsers/whoami/groups.h"
#include "parsers/whoami/whoami_evidence.h"

namespace wh = amtdiag::parsers::whoami;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto decoded = amtdiag::parsers::cmdout::decode(bytes);
    (void)wh::whoami_confidence(decoded.text);
    const wh::WhoamiOutput out = wh::parse_whoami(decoded.text);
    size_t seen = 0;
    wh::emit_whoami(out, "fuzz.csv",
                    [&](const amtdiag::model::Evidence& e) { seen += e.attrs.size(); });
    return seen == static_cast<size_t>(-1);
}
