#pragma once
// `amtdiag cert inspect`: the certificates and chains of an analysis the way an AMT engineer
// reads them (each member's subject, issuer, validity, key, EKU with the AMT OID, OU,
// fingerprints, CDP/AIA) followed by the verdict of every certificate check. Reads the site
// timeline, so analyze() must run with AnalyzeOptions::timelines.
#include <iosfwd>
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

std::string cert_text(const model::Analysis& analysis, bool color);
// "schema": "amtdiag.cert-inspect/1": artifacts, certificates, chains, findings.
void write_cert_json(const model::Analysis& analysis, std::ostream& out);

}  // namespace amtdiag::report
