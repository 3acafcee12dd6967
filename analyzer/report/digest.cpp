#include "analyzer/report/digest.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace amtdiag::report {

namespace {

std::array<unsigned char, 32> sha256(std::string_view bytes) {
    std::array<unsigned char, 32> md{};
    unsigned int size = 0;
    // One-shot digest: no context object to own.
    if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != md.size())
        throw std::runtime_error("SHA-256 failed");
    return md;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : sha256(bytes)) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0xF]);
    }
    return out;
}

std::string sha256_base64(std::string_view bytes) {
    const auto md = sha256(bytes);
    unsigned char out[48] = {};
    const int n = EVP_EncodeBlock(out, md.data(), static_cast<int>(md.size()));
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

}  // namespace amtdiag::report
