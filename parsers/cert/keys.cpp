// Private keys in PEM blocks, and the work a password-based algorithm asks for.
#include <cstring>
#include <limits>

#include <openssl/pem.h>

#include "parsers/cert/load_state.h"

namespace amtdiag::parsers::cert::detail {
namespace {

constexpr std::uint64_t kUnreadable = std::numeric_limits<std::uint64_t>::max();

std::uint64_t integer_or_max(const ASN1_INTEGER* value, std::uint64_t if_absent) {
    if (value == nullptr) return if_absent;
    std::uint64_t out = 0;
    // Negative or absurd values are refused like huge ones: OpenSSL's own handling of them
    // is no better defined.
    return ASN1_INTEGER_get_uint64(&out, value) == 1 ? out : kUnreadable;
}

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > kUnreadable / a) return kUnreadable;
    return a * b;
}

const ASN1_STRING* sequence_parameter(const X509_ALGOR* algorithm, const ASN1_OBJECT** oid) {
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(oid, &type, &value, algorithm);
    return type == V_ASN1_SEQUENCE ? static_cast<const ASN1_STRING*>(value) : nullptr;
}

// The PEM decoder asks for the password through this; `asked` tells a missing password
// from a damaged key afterwards.
struct PasswordPrompt {
    const std::optional<std::string>* password = nullptr;
    bool asked = false;
};

int prompt_password(char* buffer, int size, int /*rwflag*/, void* user) {
    auto* prompt = static_cast<PasswordPrompt*>(user);
    prompt->asked = true;
    if (!prompt->password->has_value()) return -1;  // never OpenSSL's terminal prompt
    const std::string& password = **prompt->password;
    if (size < 0 || password.size() > static_cast<std::size_t>(size)) return -1;
    std::memcpy(buffer, password.data(), password.size());
    return static_cast<int>(password.size());
}

}  // namespace

std::optional<std::uint64_t> kdf_cost(const X509_ALGOR* algorithm) {
    if (algorithm == nullptr) return std::nullopt;
    const ASN1_OBJECT* oid = nullptr;
    const ASN1_STRING* params = sequence_parameter(algorithm, &oid);
    if (params == nullptr) return std::nullopt;
    if (OBJ_obj2nid(oid) != NID_pbes2) {
        // PKCS#5 v1.5 and PKCS#12 PBE: SEQUENCE { salt, iterations }
        const std::unique_ptr<PBEPARAM, Deleter<PBEPARAM_free>> pbe(
            static_cast<PBEPARAM*>(ASN1_item_unpack(params, ASN1_ITEM_rptr(PBEPARAM))));
        if (!pbe) return std::nullopt;
        return integer_or_max(pbe->iter, 1);
    }
    const std::unique_ptr<PBE2PARAM, Deleter<PBE2PARAM_free>> pbe2(
        static_cast<PBE2PARAM*>(ASN1_item_unpack(params, ASN1_ITEM_rptr(PBE2PARAM))));
    if (!pbe2 || pbe2->keyfunc == nullptr) return std::nullopt;
    const ASN1_OBJECT* kdf_oid = nullptr;
    const ASN1_STRING* kdf_params = sequence_parameter(pbe2->keyfunc, &kdf_oid);
    if (kdf_params == nullptr) return std::nullopt;
    if (OBJ_obj2nid(kdf_oid) == NID_id_scrypt) {
        const std::unique_ptr<SCRYPT_PARAMS, Deleter<SCRYPT_PARAMS_free>> scrypt(
            static_cast<SCRYPT_PARAMS*>(
                ASN1_item_unpack(kdf_params, ASN1_ITEM_rptr(SCRYPT_PARAMS))));
        if (!scrypt) return std::nullopt;
        return saturating_product(
            saturating_product(integer_or_max(scrypt->costParameter, kUnreadable),
                               integer_or_max(scrypt->blockSize, kUnreadable)),
            integer_or_max(scrypt->parallelizationParameter, kUnreadable));
    }
    const std::unique_ptr<PBKDF2PARAM, Deleter<PBKDF2PARAM_free>> pbkdf2(
        static_cast<PBKDF2PARAM*>(ASN1_item_unpack(kdf_params, ASN1_ITEM_rptr(PBKDF2PARAM))));
    if (!pbkdf2) return std::nullopt;
    return integer_or_max(pbkdf2->iter, 1);
}

bool kdf_cost_allowed(const X509_ALGOR* algorithm, const LoadOptions& options) {
    const auto cost = kdf_cost(algorithm);
    return !cost || *cost <= options.max_kdf_iterations;
}

void read_pem_key(const PemBlock& block, std::string_view where, LoadState& state) {
    const auto& password = state.options.password;
    const std::string prefix(where);
    if (block.label == "ENCRYPTED PRIVATE KEY") {
        // Decoded by hand so the iteration count is checked before any work is done.
        const auto* p = reinterpret_cast<const unsigned char*>(block.der.data());
        const X509SigPtr sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(block.der.size())));
        if (!sig) {
            state.notes.push_back(prefix + " is corrupt: it does not decode as an encrypted key");
            return;
        }
        const X509_ALGOR* algorithm = nullptr;
        X509_SIG_get0(sig.get(), &algorithm, nullptr);
        if (!kdf_cost_allowed(algorithm, state.options)) {
            state.notes.push_back(prefix + " asks for more key-derivation iterations than " +
                                  std::to_string(state.options.max_kdf_iterations) +
                                  ": not decrypted");
            return;
        }
        if (!password) {
            state.needs_password = true;
            state.notes.push_back(prefix + " is encrypted: " + std::string(kGivePassword));
            return;
        }
        const Pkcs8InfoPtr info(PKCS8_decrypt_ex(
            sig.get(), password->data(), static_cast<int>(password->size()), state.ctx, nullptr));
        if (!info) {
            state.needs_password = true;
            state.notes.push_back(prefix + " does not decrypt with the given password");
            return;
        }
        EvpPkeyPtr key(EVP_PKCS82PKEY_ex(info.get(), state.ctx, nullptr));
        if (!key)
            state.notes.push_back(prefix + " is corrupt: it does not decode as a private key");
        else
            state.keys.push_back(std::move(key));
        return;
    }
    // PKCS#8 and the traditional RSA/EC/DSA forms, also with Proc-Type encryption (one MD5
    // round, no iteration count to check), through OpenSSL's decoders in our context.
    const BioPtr bio(
        BIO_new_mem_buf(block.armoured.data(), static_cast<int>(block.armoured.size())));
    PasswordPrompt prompt{&password};
    EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, prompt_password, &prompt,
                                                    state.ctx, nullptr)
                       : nullptr);
    if (key) {
        state.keys.push_back(std::move(key));
    } else if (prompt.asked && !password) {
        state.needs_password = true;
        state.notes.push_back(prefix + " is encrypted: " + std::string(kGivePassword));
    } else if (prompt.asked) {
        state.needs_password = true;
        state.notes.push_back(prefix + " does not decrypt with the given password");
    } else {
        state.notes.push_back(prefix + " is corrupt: it does not decode as a private key");
    }
}

}  // namespace amtdiag::parsers::cert::detail
