// PKCS#12 (.pfx/.p12), bag by bag, so certificate order, friendly names and every key survive
// (PKCS12_parse keeps one key and loses both).
//
// The legacy route: OpenSSL 3.0 has no d2i_PKCS12_ex, but PKCS12_init_ex() makes an empty
// PKCS12 whose authSafe carries a library context, and d2i_PKCS12() decoding *into* that
// object keeps it (OpenSSL's own `openssl pkcs12` reads files this way). PKCS12_verify_mac()
// and PKCS12_unpack_p7encdata() take the context from the authSafe (3.0 propagates it to
// each unpacked safe); shrouded keys get it explicitly through PKCS12_decrypt_skey_ex(). So
// RC2-40 runs in our context with the legacy provider, and the default context is untouched.
#include <climits>

#include "parsers/cert/load_state.h"

namespace amtdiag::parsers::cert::detail {
namespace {

constexpr int kMaxNesting = 4;  // safeContents bags inside safeContents bags

struct Password {
    const char* data = nullptr;  // nullptr and "" are different PKCS#12 passwords
    int size = 0;
};

class BagReader {
  public:
    BagReader(LoadState& state, Password password) : state_(state), password_(password) {}

    void read(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth) {
        for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i)
            read_bag(*sk_PKCS12_SAFEBAG_value(bags, i), depth);
    }

  private:
    void read_bag(const PKCS12_SAFEBAG& bag, int depth) {
        switch (PKCS12_SAFEBAG_get_nid(&bag)) {
            case NID_certBag:
                read_certificate(bag);
                break;
            case NID_keyBag:
                add_key(PKCS12_SAFEBAG_get0_p8inf(&bag));
                break;
            case NID_pkcs8ShroudedKeyBag:
                read_shrouded_key(bag);
                break;
            case NID_safeContentsBag:
                if (depth >= kMaxNesting)
                    state_.notes.emplace_back("PKCS#12 bags nested too deep: skipped");
                else
                    read(PKCS12_SAFEBAG_get0_safes(&bag), depth + 1);
                break;
            case NID_crlBag:
                state_.notes.emplace_back("PKCS#12 CRL bag skipped");
                break;
            default:
                state_.notes.emplace_back("PKCS#12 bag of another type skipped");
                break;
        }
    }

    void read_certificate(const PKCS12_SAFEBAG& bag) {
        if (PKCS12_SAFEBAG_get_bag_nid(&bag) != NID_x509Certificate) {
            state_.notes.emplace_back("PKCS#12 certificate bag of a non-X.509 type skipped");
            return;
        }
        X509Ptr x509(PKCS12_SAFEBAG_get1_cert(&bag));
        if (!x509) {
            state_.notes.emplace_back("PKCS#12 certificate bag is corrupt: skipped");
            return;
        }
        const OpensslMemPtr<char> name(PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(&bag)));
        state_.add_certificate(std::move(x509), "pkcs12", 0, name ? std::string(name.get()) : "");
    }

    void read_shrouded_key(const PKCS12_SAFEBAG& bag) {
        const X509_SIG* sig = PKCS12_SAFEBAG_get0_pkcs8(&bag);
        const X509_ALGOR* algorithm = nullptr;
        if (sig != nullptr) X509_SIG_get0(sig, &algorithm, nullptr);
        if (!kdf_cost_allowed(algorithm, state_.options)) {
            state_.notes.push_back("PKCS#12 key asks for more key-derivation iterations than " +
                                   std::to_string(state_.options.max_kdf_iterations) +
                                   ": not decrypted");
            return;
        }
        const Pkcs8InfoPtr info(
            PKCS12_decrypt_skey_ex(&bag, password_.data, password_.size, state_.ctx, nullptr));
        if (!info) {
            state_.notes.emplace_back(
                "PKCS#12 key does not decrypt (a password that differs from the file's, or an "
                "unsupported cipher)");
            return;
        }
        add_key(info.get());
    }

    void add_key(const PKCS8_PRIV_KEY_INFO* info) {
        EvpPkeyPtr key(info != nullptr ? EVP_PKCS82PKEY_ex(info, state_.ctx, nullptr) : nullptr);
        if (!key)
            state_.notes.emplace_back("PKCS#12 key bag is corrupt: skipped");
        else
            state_.keys.push_back(std::move(key));
    }

    LoadState& state_;
    Password password_;
};

// Picks the password the MAC accepts. Windows exports "no password" as an empty one; other
// tools use an absent one: both are tried when none is given or the given one fails.
enum class Mac { refused, verified, absent };

Mac choose_password(PKCS12& p12, LoadState& state, Password& chosen) {
    const auto& given = state.options.password;
    if (given) chosen = {given->c_str(), static_cast<int>(given->size())};
    if (PKCS12_mac_present(&p12) != 1) {
        state.notes.emplace_back("the PKCS#12 file has no MAC: its integrity is not protected");
        return Mac::absent;
    }
    const ASN1_INTEGER* iterations = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &iterations, &p12);
    std::uint64_t count = 1;
    if (iterations != nullptr && ASN1_INTEGER_get_uint64(&count, iterations) != 1)
        count = UINT64_MAX;
    if (count > state.options.max_kdf_iterations) {
        state.error = "the PKCS#12 MAC asks for more key-derivation iterations than " +
                      std::to_string(state.options.max_kdf_iterations) + ": not opened";
        return Mac::refused;
    }
    if (given && PKCS12_verify_mac(&p12, chosen.data, chosen.size) == 1) return Mac::verified;
    for (const Password empty : {Password{nullptr, 0}, Password{"", 0}}) {
        if (PKCS12_verify_mac(&p12, empty.data, empty.size) == 1) {
            if (given)
                state.notes.emplace_back(
                    "the PKCS#12 file has no password: the password given was not needed");
            chosen = empty;
            return Mac::verified;
        }
    }
    state.needs_password = true;
    state.error = given ? "wrong password: the PKCS#12 MAC does not verify"
                        : "encrypted: " + std::string(kGivePassword);
    return Mac::refused;
}

}  // namespace

void read_pkcs12(std::string_view der, LoadState& state) {
    if (auto truncated = truncation(der, "file"); !truncated.empty()) {
        state.error = truncated;
        return;
    }
    if (der.size() > static_cast<std::size_t>(INT_MAX)) {
        state.error = "the PKCS#12 file is too large";
        return;
    }
    // See the top of this file: decoding into an object made with our context.
    PKCS12* raw = PKCS12_init_ex(NID_pkcs7_data, state.ctx, nullptr);
    if (raw == nullptr) {
        state.error = "OpenSSL could not allocate a PKCS#12 object";
        return;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    // On failure d2i frees the object it was given and nulls `raw`.
    (void)d2i_PKCS12(&raw, &p, static_cast<long>(der.size()));
    const Pkcs12Ptr p12(raw);
    if (!p12) {
        state.error = "corrupt: the PKCS#12 structure does not decode";
        return;
    }
    Password password;
    const Mac mac = choose_password(*p12, state, password);
    if (mac == Mac::refused) return;

    const Pkcs7StackPtr safes(PKCS12_unpack_authsafes(p12.get()));
    if (!safes) {
        state.error = "corrupt: the PKCS#12 content does not decode";
        return;
    }
    BagReader reader(state, password);
    for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
        PKCS7* safe = sk_PKCS7_value(safes.get(), i);
        const std::string where = "PKCS#12 safe " + std::to_string(i + 1);
        SafeBagStackPtr bags;
        const int type = OBJ_obj2nid(safe->type);
        if (type == NID_pkcs7_data) {
            bags.reset(PKCS12_unpack_p7data(safe));
        } else if (type == NID_pkcs7_encrypted) {
            const X509_ALGOR* algorithm =
                safe->d.encrypted != nullptr && safe->d.encrypted->enc_data != nullptr
                    ? safe->d.encrypted->enc_data->algorithm
                    : nullptr;
            if (!kdf_cost_allowed(algorithm, state.options)) {
                state.notes.push_back(where + " asks for more key-derivation iterations than " +
                                      std::to_string(state.options.max_kdf_iterations) +
                                      ": not decrypted");
                continue;
            }
            bags.reset(PKCS12_unpack_p7encdata(safe, password.data, password.size));
        } else {
            state.notes.push_back(where + " is public-key encrypted: not read");
            continue;
        }
        if (!bags && type == NID_pkcs7_encrypted && mac == Mac::absent) {
            // Without a MAC, a failed decryption is the only sign of a wrong password.
            state.needs_password = true;
            state.notes.push_back(where + (state.options.password
                                               ? " does not decrypt with the given password"
                                               : " is encrypted: " + std::string(kGivePassword)));
            continue;
        }
        if (!bags) {
            state.notes.push_back(where + (type == NID_pkcs7_encrypted
                                               ? " does not decrypt (unsupported cipher or "
                                                 "corrupt content)"
                                               : " is corrupt"));
            continue;
        }
        reader.read(bags.get(), 0);
    }
}

}  // namespace amtdiag::parsers::cert::detail
