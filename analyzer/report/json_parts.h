#pragma once
// The JSON shapes every JSON writer shares (the report, `cert inspect`): one home each, so a
// finding or an artifact reads the same wherever it appears.
#include <nlohmann/json.hpp>

#include "analyzer/model/analysis.h"
#include "analyzer/model/artifact.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"

namespace amtdiag::report {

using Json = nlohmann::ordered_json;

Json artifact_json(const model::Artifact& a);
Json finding_json(const model::Finding& f);
// Every attribute with its type: strings, numbers, booleans, times (RFC 3339) and lists.
Json evidence_json(const model::Evidence& e);
Json answer_json(const model::ManualAnswer& answer);

}  // namespace amtdiag::report
