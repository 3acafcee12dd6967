// Fuzzes the hot-fix inventory reader through decoding (UTF-16LE, UTF-8, mixed runs),
// detection, parsing and the per-host evidence: any bytes must give evidence or nothing, never
// a crash, an exception, undefined behaviour or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/cmdout/cmdout.h"
#include "parsers/hotfix/hotfix_evidence.h"
#include "parsers/hotfix/inventory.h"

namespace hf = amtdiag::parsers::hotfix;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto decoded = amtdiag::parsers::cmdout::decode(bytes);
    (void)hf::inventory_confidence(decoded.text);
    const hf::Inventory inv = hf::parse_inventory(decoded.text);
    hf::InventoryMerger merger;
    merger.add(inv, "fuzz-a.txt");
    merger.add(inv, "fuzz-b.txt");  // the same hosts again: merged
    size_t seen = 0;
    for (const auto& e : merger.evidence()) seen += e.attrs.size();
    for (const auto& h : inv.hosts) seen += hf::describe(h).size();
    return seen == static_cast<size_t>(-1);
}
