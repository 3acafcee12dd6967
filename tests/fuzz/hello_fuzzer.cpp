// Fuzzes the hello decoder, the encoder's round trip and the prefix classifier the capture
// reader uses on streams to other ports. Bad input must give problems, never crashes or reads
// past the buffer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/hello/hello.h"

namespace hello = amtdiag::parsers::hello;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // An exact-size copy: a read one byte past the input is caught by ASan.
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const hello::HelloDecode d = hello::decode_hello(bytes);
    // A complete decode is the message's whole meaning: encoding it again gives the bytes.
    if (d.complete && hello::encode_hello(d.hello) != bytes) std::abort();
    if (d.header_ok) {
        const hello::HelloDecode again = hello::decode_hello(hello::encode_hello(d.hello));
        if ((d.hello.version == 2 || d.hello.version == 3) && !(again.hello == d.hello) &&
            d.complete)
            std::abort();
    }
    for (const bool ended : {false, true}) {
        const auto c = hello::classify_prefix(bytes, ended);
        // The classifier never accepts what the decoder calls broken.
        if (c == hello::HelloPrefix::yes && !d.complete) std::abort();
    }
    (void)hello::pid_checksum_ok(bytes);
    (void)hello::pid_check_character(bytes);
    (void)hello::uuid_to_smbios_bytes(bytes);
    return 0;
}
