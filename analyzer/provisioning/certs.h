#pragma once
// The simulated PKI: a root, the issuing CA, the provisioning certificate of the site server
// and the AMT web server certificates the CA issues to devices, built with OpenSSL from fixed
// keys (sim_keys.h) so a run is byte-identical. Every OpenSSL handle is owned by a
// unique_ptr with its free function.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/provisioning/sim_keys.h"

namespace amtdiag::provisioning {

struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

struct CertSpec {
    std::string cn;
    std::string o = "VProLab";
    std::string ou;  // empty: none
    SimKey key = SimKey::prov;
    int64_t not_before_ms = 0;
    int64_t not_after_ms = 0;
    uint64_t serial = 1;
    bool ca = false;
    std::vector<std::string> eku;  // OIDs
    std::vector<std::string> dns_names;
    std::string crl_url;  // empty: no CDP
    std::string aia_url;  // empty: no AIA
};

class Cert {
  public:
    // Signs with `issuer` (its key and subject); nullptr: self-signed.
    Cert(const CertSpec& spec, const Cert* issuer);

    std::string pem() const;
    std::string der() const;
    std::string sha1_hex() const;    // of the DER, lowercase
    std::string sha256_hex() const;  // of the DER, lowercase
    std::string sha256_raw() const;  // 32 bytes
    // Borrowed handles for an SSL_CTX (live mode); owned by this object.
    X509* x509() const { return x509_.get(); }
    EVP_PKEY* key() const { return key_.get(); }

  private:
    X509Ptr x509_;
    PkeyPtr key_;
};

}  // namespace amtdiag::provisioning
