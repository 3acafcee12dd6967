// Fuzzes the host-text parsers (ipconfig, nslookup, rpc/MeshCmd/MEInfo) through decoding,
// detection and evidence: any bytes, UTF-16 or not, must give evidence or nothing, never a
// crash, an exception, undefined behaviour or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/hosttext/hosttext_evidence.h"
#include "parsers/hosttext/hosttext_reader.h"
#include "parsers/hosttext/text.h"

namespace ht = amtdiag::parsers::hosttext;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string text = ht::to_utf8(bytes);
    (void)ht::classify_text(text);
    size_t seen = 0;
    (void)ht::emit_host_text(text, "fuzz.txt",
                             [&](const amtdiag::model::Evidence& e) { seen += e.attrs.size(); });
    return 0;
}
