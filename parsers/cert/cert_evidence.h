#pragma once
// Certificates as evidence, the same whichever reader met them: the certificate files, or a
// TLS handshake in a capture. A pool takes every certificate seen (the same one seen twice
// counts once, remembering each place), builds the chains across all of them, and emits
//   cert.certificate  one per distinct certificate: every fact of certificate.h, its role
//                     (leaf / intermediate / root), where it was found and in what container;
//   cert.chain        one per chain head: members leaf first, complete or the missing issuer.
// The attributes are listed in docs/rules.md.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "parsers/cert/certificate.h"

namespace amtdiag::parsers::cert {

class CertificatePool {
  public:
    // `where` is the first place the certificate was seen (artifact, line or packet, item);
    // `found_in` names the place for the certificate's list of places ("file.pem#2").
    void add(const Certificate& certificate, const model::SourceRef& where, std::string found_in);
    bool empty() const { return entries_.empty(); }
    // Chains across the whole pool, then one evidence per certificate and per chain, in the
    // order certificates were first added (deterministic for a deterministic order of adds).
    void emit(const std::function<void(const model::Evidence&)>& out) const;

    // One distinct certificate and where it was seen.
    struct Entry {
        Certificate cert;
        model::SourceRef ref;
        std::vector<std::string> found_in;
        std::vector<std::string> containers;
        bool has_private_key = false;
    };

  private:
    std::vector<Entry> entries_;
    std::map<std::string, size_t> index_;  // sha256 -> entry
};

}  // namespace amtdiag::parsers::cert
