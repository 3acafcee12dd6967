#pragma once
// Reads every certificate container an AMT / ConfigMgr / EMA admin has, from memory: PEM
// (several blocks, keys, text around), DER, base64 without armour, PKCS#7 (DER, PEM,
// degenerate signedData) and PKCS#12 (modern AES/PBKDF2/SHA-256 and Windows' legacy
// RC2-40/3DES with a SHA-1 MAC). The format is judged from content, never from a file name.
//
// Pure functions: bytes in, facts out. Bad input never throws; it becomes `error` or `notes`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/cert/certificate.h"
#include "parsers/cert/openssl_handles.h"

namespace amtdiag::parsers::cert {

struct LoadedFile {
    // The file's encoding: "pem" (any armoured text), "der", "base64" (no armour), "pkcs7"
    // (DER PKCS#7), "pkcs12"; "" when nothing was recognised. Each certificate's `container`
    // says where it came from (a PKCS#7 block inside PEM gives format "pem", container "pkcs7").
    std::string format;
    std::vector<Certificate> certificates;
    int private_keys = 0;            // private keys decoded (an undecryptable one is a note)
    int unmatched_private_keys = 0;  // of those, keys that match no certificate of the file
    // Damage that did not stop the read: "PEM block 3 (X509 CRL) is not a certificate:
    // skipped", "PEM block 2 is corrupt: bad base64 at line 40".
    std::vector<std::string> notes;
    // Empty when the file is usable (it has at least one certificate); else what is wrong.
    std::string error;
    // Encrypted content that could not be opened: no password, or a wrong one.
    bool needs_password = false;
};
// Neither `error` nor `notes` ever contains the password: the reader never writes it, never
// quotes unvetted file text in them, and scrubs both on the way out as a last defence.
// Certificate facts are the certificate's own public bytes and are never altered.

struct LoadOptions {
    std::optional<std::string> password;  // for PKCS#12 and encrypted PEM keys
    // Key-derivation iterations (PKCS#12 MAC, PBES1/PBES2) above this are refused: a file
    // asking for billions would hang the analysis. Real files use 2,000 to 600,000.
    std::uint64_t max_kdf_iterations = 10'000'000;
    // Certificates read from one file at most; the rest are skipped with a note.
    std::size_t max_certificates = 1000;
};

// Owns an OpenSSL library context with the default and the legacy providers loaded, so the
// PKCS#12 files Windows writes (RC2-40 certificate bags, 3DES keys, SHA-1 MAC) open without
// touching process-global provider state. One Loader can serve many load() calls, also from
// several threads (OpenSSL library contexts are thread-safe).
//
// Only decryption runs in this context. Certificates are decoded in OpenSSL's default
// context on purpose: they outlive the Loader, and an X509 keeps a plain pointer to its
// library context. Private keys never leave load().
class Loader {
  public:
    Loader();
    Loader(const Loader&) = delete;
    Loader& operator=(const Loader&) = delete;
    Loader(Loader&&) noexcept = default;
    Loader& operator=(Loader&&) noexcept = default;
    ~Loader() = default;

    // False when the legacy provider could not be loaded (its module is missing); legacy
    // PKCS#12 files then fail with a message that says so.
    bool has_legacy_provider() const { return legacy_ != nullptr; }

    LoadedFile load(std::string_view bytes, const LoadOptions& options = {}) const;

  private:
    // Declared before the providers: members are destroyed in reverse order, and the
    // providers must be unloaded before their context is freed.
    OsslLibCtxPtr ctx_;
    OsslProviderPtr default_;
    OsslProviderPtr legacy_;
};

// How sure we are that a file is a certificate container: 0 = not one; higher = surer.
// Judged from `head` (up to the first 64 KiB) only, content before name:
//   100 PEM certificate or PKCS#7 block at the start of a line, 95 PKCS#12, 90 DER
//   certificate (v2/v3; 60 for a v1 one, whose first bytes say less) or PKCS#7 signedData,
//   80 base64 text of a DER certificate, PKCS#7 or PKCS#12, 40 PEM with only keys,
//   20 PEM with other blocks (CRL, CSR), 10 a certificate file name (.cer .crt .der .pem
//   .p7b .p7c .pfx .p12) whose content is nothing else we know.
int detect_confidence(std::string_view head, std::string_view file_name);

}  // namespace amtdiag::parsers::cert
