#pragma once
// What one load() collects before the facts are extracted, shared by the container readers
// (PEM, DER, PKCS#7, PKCS#12, keys). Internal to the certificate reader.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cert/der_shape.h"
#include "parsers/cert/loader.h"
#include "parsers/cert/pem.h"

namespace amtdiag::parsers::cert::detail {

// The one sentence that tells a user how to give a password (the CLI's words).
inline constexpr std::string_view kGivePassword =
    "give the password with --pfx-password-file or AMTDIAG_PFX_PASSWORD";

struct FoundCertificate {
    X509Ptr x509;
    std::string container;
    std::uint64_t line = 0;
    std::string friendly_name;
};

struct LoadState {
    const LoadOptions& options;
    OSSL_LIB_CTX* ctx;  // the Loader's: default + legacy providers
    std::vector<FoundCertificate> certificates;
    std::vector<EvpPkeyPtr> keys;
    std::vector<std::string> notes;
    std::string error;
    bool needs_password = false;
    bool capped = false;

    // Keeps a certificate unless the per-file limit is reached (noted once).
    void add_certificate(X509Ptr x509, std::string_view container, std::uint64_t line,
                         std::string friendly_name = {});
};

// "truncated: the DER structure claims N bytes, the <what> has M" when `der` is shorter than
// its outer header says, else "".
std::string truncation(std::string_view der, std::string_view what);

// A DER certificate (`trusted`: OpenSSL's TRUSTED CERTIFICATE form). Returns "" or the
// problem, phrased to follow "<where> ".
std::string read_der_certificate(std::string_view der, bool trusted, std::string_view container,
                                 std::uint64_t line, std::string_view what, LoadState& state);

// The certificates of a PKCS#7 (signedData, also degenerate, or signedAndEnveloped).
std::string read_pkcs7(std::string_view der, std::uint64_t line, std::string_view what,
                       LoadState& state);

// A whole PKCS#12 file: sets state.error / needs_password itself.
void read_pkcs12(std::string_view der, LoadState& state);

// A private-key PEM block, plain or encrypted; problems become notes.
void read_pem_key(const PemBlock& block, std::string_view where, LoadState& state);

// Iterations (or scrypt's N*r*p) a password-based algorithm asks for; nullopt when the
// parameters cannot be read (OpenSSL then refuses them itself).
std::optional<std::uint64_t> kdf_cost(const X509_ALGOR* algorithm);

// False (and a note or error from the caller) when `algorithm` asks for more work than allowed.
bool kdf_cost_allowed(const X509_ALGOR* algorithm, const LoadOptions& options);

}  // namespace amtdiag::parsers::cert::detail
