// Fuzzes the certificate reader end to end: detection, load without and with a password,
// and chain building over what was read. Bad input must give errors, never crashes, leaks,
// undefined behaviour or hangs.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/cert/chain.h"
#include "parsers/cert/loader.h"

namespace cert = amtdiag::parsers::cert;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // One Loader for the process (its OpenSSL context is costly to make); const, no state.
    static const cert::Loader loader;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)cert::detect_confidence(bytes.substr(0, 65536), "input.pfx");

    cert::LoadOptions options;
    // The seeds use 2,048 iterations; more only slows every execution down.
    options.max_kdf_iterations = 4096;
    for (const bool with_password : {false, true}) {
        // The seed fixtures' password (tests/parsers/cert/fixtures/password.txt), so
        // mutations of the encrypted seeds get past the MAC.
        if (with_password) options.password = "vPro-Lab!2024";
        const auto file = loader.load(bytes, options);
        std::vector<const cert::Certificate*> pool;
        for (const auto& c : file.certificates) pool.push_back(&c);
        (void)cert::build_chains(pool);
    }
    return 0;
}
