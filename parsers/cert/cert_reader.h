#pragma once
// The certificate reader behind the registry seam (parsers/reader.h). Every file's
// certificates go into one pool (a certificate given twice counts once); when all files are
// read, chains are built across them and the reader emits typed evidence:
//   cert.certificate  one per distinct certificate: every fact of certificate.h, its role
//                     (leaf / intermediate / root) and where it was found;
//   cert.chain        one per chain head: members leaf first, complete or the missing issuer.
// Certificates name no device (a provisioning certificate names the server): site evidence.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::cert {

inline constexpr const char* kArtifactKind = "cert-chain";

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::cert
