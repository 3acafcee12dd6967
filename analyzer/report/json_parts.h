#pragma once
// The JSON shapes every JSON writer shares (the report, `cert inspect`): one home each, so a
// finding or an artifact reads the same wherever it appears.
#include <iosfwd>

#include <nlohmann/json.hpp>

#include "analyzer/model/analysis.h"
#include "analyzer/model/artifact.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"
#include "analyzer/report/json_writer.h"

namespace amtdiag::report {

using Json = nlohmann::ordered_json;

// Writes `value` as nlohmann's dump(2) would inside a parent indented by `depth` levels, or
// without any whitespace when compact: how streamed documents nest whole values.
void write_indented(std::ostream& out, const Json& value, int depth, bool compact = false);

Json artifact_json(const model::Artifact& a);
// Any nlohmann value through the writer (for the parts not worth a writer of their own).
void write_value(JsonWriter& writer, const Json& value);
// A finding written straight into a document (the report's hot path) or as a value.
void write_finding(JsonWriter& writer, const model::Finding& f);
Json finding_json(const model::Finding& f);
// Every attribute with its type: strings, numbers, booleans, times (RFC 3339) and lists.
Json evidence_json(const model::Evidence& e);
// One event of a device's (or the site's) timeline: evidence_json plus its severity.
Json timeline_event_json(const model::Evidence& e);
Json invocation_json(const model::Invocation& invocation);
Json answer_json(const model::ManualAnswer& answer);

}  // namespace amtdiag::report
