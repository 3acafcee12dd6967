#pragma once
// The private keys of the simulated PKI (root, issuing CA, provisioning certificate, a
// 1024-bit key for the key-length fault, the device's web server key, the CA that issued the
// provisioning certificate).
#include <string_view>

namespace amtdiag::provisioning {

enum class SimKey { root, issuing, prov, weak, device, provca };

// PEM text of the key (traditional RSA PEM).
std::string_view sim_key_pem(SimKey key);

}  // namespace amtdiag::provisioning
