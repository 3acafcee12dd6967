// Loader::load(): which container a file is, reading it, then facts and key matching.
#include "parsers/cert/loader.h"

#include <array>

#include "parsers/cert/error_mark.h"
#include "parsers/cert/load_state.h"

namespace amtdiag::parsers::cert {
namespace {

using detail::DerKind;
using detail::LoadState;

constexpr std::size_t kMaxPemBlocks = 10000;
constexpr std::size_t kMaxPasswordBytes = 65536;

enum class BlockKind { certificate, trusted_certificate, pkcs7, key, other, unknown };

BlockKind block_kind(std::string_view label) {
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE") return BlockKind::certificate;
    if (label == "TRUSTED CERTIFICATE") return BlockKind::trusted_certificate;
    if (label == "PKCS7" || label == "PKCS #7 SIGNED DATA" || label == "CMS")
        return BlockKind::pkcs7;
    if (label == "PRIVATE KEY" || label == "ENCRYPTED PRIVATE KEY" || label == "RSA PRIVATE KEY" ||
        label == "EC PRIVATE KEY" || label == "DSA PRIVATE KEY")
        return BlockKind::key;
    static constexpr std::array<std::string_view, 9> kOthers = {
        "X509 CRL",      "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST",
        "PUBLIC KEY",    "RSA PUBLIC KEY",      "EC PARAMETERS",
        "DH PARAMETERS", "DSA PARAMETERS",      "PKCS12"};
    for (const auto other : kOthers)
        if (label == other) return BlockKind::other;
    return BlockKind::unknown;
}

void read_pem(std::string_view text, LoadState& state) {
    const auto blocks = detail::scan_pem(text, kMaxPemBlocks);
    if (blocks.size() >= kMaxPemBlocks)
        state.notes.push_back("more than " + std::to_string(kMaxPemBlocks) +
                              " PEM blocks: the rest are not read");
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto& block = blocks[i];
        const std::string number = "PEM block " + std::to_string(i + 1);
        const BlockKind kind = block_kind(block.label);
        // Labels are quoted only when they are ones we know: file text never reaches a note.
        const std::string where =
            kind == BlockKind::unknown ? number : number + " (" + block.label + ")";
        if (!block.problem.empty()) {
            state.notes.push_back(number + " is corrupt: " + block.problem);
            continue;
        }
        std::string problem;
        switch (kind) {
            case BlockKind::certificate:
            case BlockKind::trusted_certificate:
                // Some tools label a .p7b bundle "CERTIFICATE"; read what is really there.
                if (detail::classify_der(block.der) == DerKind::pkcs7) {
                    state.notes.push_back(where + " holds a PKCS#7 bundle: read as one");
                    problem = detail::read_pkcs7(block.der, block.line, "block", state);
                    break;
                }
                problem =
                    detail::read_der_certificate(block.der, kind == BlockKind::trusted_certificate,
                                                 "pem", block.line, "block", state);
                break;
            case BlockKind::pkcs7:
                problem = detail::read_pkcs7(block.der, block.line, "block", state);
                break;
            case BlockKind::key:
                detail::read_pem_key(block, where, state);
                break;
            case BlockKind::other:
                state.notes.push_back(where + " is not a certificate: skipped");
                break;
            case BlockKind::unknown:
                state.notes.push_back(where + " is of a type this reader does not know: skipped");
                break;
        }
        if (!problem.empty()) state.notes.push_back(where + " " + problem);
    }
}

// A DER structure of a known kind: the whole file, or the bytes of base64 text.
void read_binary(std::string_view der, DerKind kind, std::string_view certificate_container,
                 LoadState& state) {
    std::string problem;
    switch (kind) {
        case DerKind::certificate:
            problem =
                detail::read_der_certificate(der, false, certificate_container, 0, "file", state);
            break;
        case DerKind::pkcs7:
            problem = detail::read_pkcs7(der, 0, "file", state);
            break;
        case DerKind::pkcs12:
            detail::read_pkcs12(der, state);
            break;
        case DerKind::none:
            break;
    }
    if (!problem.empty()) state.error = problem;
}

bool is_blank(std::string_view text) {
    for (const char c : text)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\0') return false;
    return true;
}

bool looks_like_base64(std::string_view text) {
    std::size_t symbols = 0;
    for (const char c : text) {
        const bool symbol = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (symbol)
            ++symbols;
        else if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return symbols >= 16;
}

void replace_all(std::string& text, const std::string& secret) {
    static constexpr std::string_view kMask = "[password]";
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kMask.size()))
        text.replace(at, secret.size(), kMask);
}

// The last defence of the promise in loader.h: no message may carry the password, even if
// a future message quotes file text that happens to contain it.
void scrub(LoadedFile& file, const std::optional<std::string>& password) {
    if (!password || password->empty()) return;
    replace_all(file.error, *password);
    for (auto& note : file.notes) replace_all(note, *password);
}

LoadedFile finish(LoadState& state, std::string format) {
    LoadedFile file;
    file.format = std::move(format);
    file.notes = std::move(state.notes);
    file.error = std::move(state.error);
    file.needs_password = state.needs_password;
    file.private_keys = static_cast<int>(state.keys.size());
    std::uint32_t item = 0;
    for (auto& found : state.certificates) {
        Certificate certificate;
        certificate.facts = describe_certificate(*found.x509);
        certificate.facts.item = ++item;
        certificate.facts.line = found.line;
        certificate.facts.container = std::move(found.container);
        certificate.facts.friendly_name = std::move(found.friendly_name);
        certificate.x509 = std::move(found.x509);
        file.certificates.push_back(std::move(certificate));
    }
    for (const auto& key : state.keys) {
        bool matched = false;
        for (auto& certificate : file.certificates) {
            const EVP_PKEY* public_key = X509_get0_pubkey(certificate.x509.get());
            if (public_key != nullptr && EVP_PKEY_eq(public_key, key.get()) == 1) {
                certificate.facts.has_private_key = true;
                matched = true;
            }
        }
        if (!matched) ++file.unmatched_private_keys;
    }
    if (file.error.empty() && file.certificates.empty()) {
        if (state.needs_password)
            file.error = state.options.password
                             ? "wrong password: the encrypted content does not decrypt"
                             : "encrypted: " + std::string(detail::kGivePassword);
        else
            file.error = file.private_keys > 0 ? "no certificate in the file, only private keys"
                                               : "no certificate in the file";
    }
    scrub(file, state.options.password);
    return file;
}

}  // namespace

Loader::Loader() : ctx_(OSSL_LIB_CTX_new()) {
    if (ctx_) {
        default_.reset(OSSL_PROVIDER_load(ctx_.get(), "default"));
        legacy_.reset(OSSL_PROVIDER_load(ctx_.get(), "legacy"));
    }
    // A failed provider load leaves entries on the error queue; they are ours to drop.
    ERR_clear_error();
}

LoadedFile Loader::load(std::string_view bytes, const LoadOptions& options) const {
    const detail::ErrorMark mark;
    LoadState state{options, ctx_.get(), {}, {}, {}, {}, false, false};
    if (!ctx_ || !default_) {
        state.error = "OpenSSL could not load its default provider";
        return finish(state, "");
    }
    if (options.password && options.password->size() > kMaxPasswordBytes) {
        state.error = "the password is longer than " + std::to_string(kMaxPasswordBytes) + " bytes";
        return finish(state, "");
    }
    if (bytes.empty()) {
        state.error = "empty file";
        return finish(state, "");
    }
    if (const DerKind kind = detail::classify_der(bytes); kind != DerKind::none) {
        const char* format = kind == DerKind::pkcs12  ? "pkcs12"
                             : kind == DerKind::pkcs7 ? "pkcs7"
                                                      : "der";
        read_binary(bytes, kind, "der", state);
        if (kind == DerKind::pkcs12 && !legacy_ && state.certificates.empty() &&
            !state.needs_password)
            state.notes.emplace_back(
                "OpenSSL's legacy provider is not available: PKCS#12 files "
                "protected with RC2 cannot be opened");
        return finish(state, format);
    }
    const std::string text = detail::narrow_text(bytes);
    if (detail::has_pem_begin(text)) {
        read_pem(text, state);
        return finish(state, "pem");
    }
    if (looks_like_base64(text)) {
        std::string der;
        std::size_t bad_at = 0;
        if (detail::decode_base64(text, der, bad_at)) {
            if (const DerKind kind = detail::classify_der(der); kind != DerKind::none) {
                read_binary(der, kind, "base64", state);
                return finish(state, "base64");
            }
        }
    }
    state.error = is_blank(text) ? "empty file"
                                 : "not a certificate file: no PEM block, DER structure or "
                                   "base64 text was recognised";
    return finish(state, "");
}

}  // namespace amtdiag::parsers::cert
