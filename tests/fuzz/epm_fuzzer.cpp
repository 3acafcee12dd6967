// Fuzzes the endpoint-manager export reader's parse (PID/PPS lists, device lists) and its
// detection: any bytes give entries or nothing, never a crash, an exception, undefined
// behaviour or a hang, and no PPS character survives into the masked line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "parsers/cmdout/cmdout.h"
#include "parsers/epm/epm_reader.h"
#include "parsers/epm/key_lists.h"

namespace epm = amtdiag::parsers::epm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::filesystem::path name("fuzz.txt");
    (void)epm::detect(amtdiag::parsers::Probe{name, bytes, size});
    const auto decoded = amtdiag::parsers::cmdout::decode(bytes);
    const epm::KeyLists lists = epm::parse_key_lists(decoded.text);
    for (const auto& p : lists.pids) {
        // A masked line keeps the PID and no 8-group passphrase.
        if (p.pid.size() != 9 || p.pid[4] != '-') std::abort();
        if (p.masked_line.find("****-****-****-****") == std::string::npos &&
            p.masked_line.find(std::string(32, '*')) == std::string::npos)
            std::abort();
    }
    for (const auto& d : lists.devices)
        if (d.uuid.size() != 36) std::abort();
    return 0;
}
