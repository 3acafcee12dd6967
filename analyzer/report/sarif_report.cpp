#include "analyzer/report/sarif_report.h"

#include <map>
#include <ostream>

#include "analyzer/report/digest.h"
#include "analyzer/report/json_parts.h"

namespace amtdiag::report {

namespace {

using model::Status;

constexpr const char* kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

struct Kind {
    const char* kind;
    const char* level;
};

Kind kind_of(Status status) {
    switch (status) {
        case Status::fail:
            return {"fail", "error"};
        case Status::warn:
            return {"fail", "warning"};
        case Status::pass:
            return {"pass", "none"};
        case Status::unknown:
            return {"open", "none"};
        case Status::manual:
            return {"review", "none"};
        case Status::skipped:
            return {"notApplicable", "none"};
    }
    return {"open", "none"};
}

Json text_message(const std::string& text) {
    return Json{{"text", text}};
}

// The rules of the run: every check some finding names, in the order findings come (catalog
// order), each described from the catalog when there is one.
struct Rules {
    std::vector<std::string> ids;
    std::map<std::string, size_t> index;
};

Rules rules_of(const model::Analysis& analysis) {
    Rules rules;
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const std::string check(analysis.findings.head(i).check);
        if (rules.index.emplace(check, rules.ids.size()).second) rules.ids.push_back(check);
    }
    return rules;
}

std::string help_markdown(const engine::CatalogCheck& c) {
    std::string md = "**Fix.** " + c.fix + "\n\n**How to check.** " + c.how_to_check;
    if (!c.refs.empty()) {
        md += "\n\n**References.**";
        for (const auto& r : c.refs) md += "\n- " + r;
    }
    return md;
}

Json rule_descriptor(const std::string& id, const model::Analysis& analysis,
                     const engine::Catalog* catalog) {
    Json rule;
    rule["id"] = id;
    const engine::CatalogCheck* check = catalog ? catalog->find(id) : nullptr;
    if (check != nullptr) {
        rule["shortDescription"] = text_message(check->summary);
        rule["fullDescription"] = text_message(check->how_to_check);
        rule["help"] = Json{{"text", check->fix}, {"markdown", help_markdown(*check)}};
    } else {
        // No catalog (a report read back on its own): the first finding's fix still helps.
        for (const auto& f : analysis.findings)
            if (f.check == id) {
                rule["shortDescription"] = text_message(id);
                rule["help"] = text_message(f.fix);
                break;
            }
    }
    rule["helpUri"] = check_help_uri(id);
    Json props;
    std::vector<std::string> tags;
    if (check != nullptr) {
        props["stages"] = check->stages;
        props["components"] = check->components;
        props["checkKind"] = check->kind;
        props["appliesTo"] = check->applies_to;
        for (int s : check->stages) tags.push_back("stage-" + std::to_string(s));
        tags.insert(tags.end(), check->components.begin(), check->components.end());
    }
    if (!tags.empty()) props["tags"] = tags;
    if (!props.empty()) rule["properties"] = std::move(props);
    return rule;
}

Json tool_json(const model::Analysis& analysis, const Rules& rules,
               const engine::Catalog* catalog) {
    Json driver;
    driver["name"] = "amtdiag";
    driver["version"] = analysis.tool_version;
    driver["informationUri"] = AMTDIAG_HOMEPAGE_URL;
    Json list = Json::array();
    for (const auto& id : rules.ids) list.push_back(rule_descriptor(id, analysis, catalog));
    driver["rules"] = std::move(list);
    driver["properties"] = Json{{"ruleSet", analysis.rules_id}};
    return Json{{"driver", std::move(driver)}};
}

std::map<std::string, size_t> artifact_index(const model::Analysis& analysis) {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < analysis.artifacts.size(); ++i)
        index.emplace(analysis.artifacts[i].path, i);
    return index;
}

Json artifact_location(const std::string& path, const std::map<std::string, size_t>& index) {
    Json loc;
    loc["uri"] = uri_reference(path);
    if (const auto it = index.find(path); it != index.end()) loc["index"] = it->second;
    return loc;
}

Json artifact_entry(const model::Artifact& a) {
    Json j;
    j["location"] = Json{{"uri", uri_reference(a.path)}};
    j["length"] = a.size;
    if (!a.sha256.empty()) j["hashes"] = Json{{"sha-256", a.sha256}};
    Json props;
    props["kind"] = a.kind;
    props["status"] = a.status == model::ReadStatus::ok ? "ok" : "error";
    if (!a.error.empty()) props["error"] = a.error;
    if (!a.detail.empty()) props["detail"] = a.detail;
    if (!a.notes.empty()) props["notes"] = a.notes;
    j["properties"] = std::move(props);
    return j;
}

// What the run says about itself: the command line and exit code when the front end recorded
// them, else the exit code the analysis gives; unreadable inputs and repaired damage as
// notifications (they are about the run, not about any check).
Json invocation_json(const model::Analysis& analysis, FailOn fail_on,
                     const std::map<std::string, size_t>& index) {
    Json inv;
    const int code =
        analysis.invocation ? analysis.invocation->exit_code : exit_code(analysis, fail_on);
    inv["executionSuccessful"] = code != kExitError;
    inv["exitCode"] = code;
    if (analysis.invocation) {
        const auto& args = analysis.invocation->arguments;
        std::string line;
        for (const auto& a : args) {
            const bool plain = !a.empty() && a.find_first_of(" \t\"'\\$`") == std::string::npos;
            line += (line.empty() ? "" : " ") + (plain ? a : Json(a).dump());
        }
        inv["commandLine"] = line;
        if (args.size() > 1)
            inv["arguments"] = std::vector<std::string>(args.begin() + 1, args.end());
        if (!analysis.invocation->start_utc.empty())
            inv["startTimeUtc"] = analysis.invocation->start_utc;
        inv["properties"] = Json{{"elapsedMs", analysis.invocation->elapsed_ms},
                                 {"failOn", analysis.invocation->fail_on}};
    }
    Json notes = Json::array();
    for (const auto& a : analysis.artifacts) {
        const Json where = Json::array({Json{
            {"physicalLocation", Json{{"artifactLocation", artifact_location(a.path, index)}}}}});
        if (a.status == model::ReadStatus::error)
            notes.push_back(Json{{"level", "error"},
                                 {"message", text_message(a.path + ": " + a.error)},
                                 {"locations", where}});
        for (const auto& n : a.notes)
            notes.push_back(Json{{"level", "note"},
                                 {"message", text_message(a.path + ": " + n)},
                                 {"locations", where}});
    }
    if (!notes.empty()) inv["toolExecutionNotifications"] = std::move(notes);
    return inv;
}

Json evidence_location(const model::EvidenceRef& e, const std::map<std::string, size_t>& index,
                       size_t id) {
    Json physical;
    physical["artifactLocation"] = artifact_location(e.ref.artifact, index);
    if (e.ref.line)
        physical["region"] =
            Json{{"startLine", e.ref.line}, {"snippet", text_message(e.ref.excerpt)}};
    Json loc;
    loc["id"] = id;
    loc["physicalLocation"] = std::move(physical);
    loc["message"] = text_message(e.time.empty() ? e.ref.excerpt : e.time + "  " + e.ref.excerpt);
    Json props;
    if (e.ref.packet) props["packet"] = e.ref.packet;
    if (e.ref.item) props["item"] = e.ref.item;
    if (!e.time.empty()) props["time"] = e.time;
    if (!e.codes.empty()) {
        // The error codes the line carries, named from the knowledge base.
        Json codes = Json::array();
        for (const auto& c : e.codes)
            codes.push_back(Json{
                {"code", c.code}, {"family", c.family}, {"name", c.name}, {"meaning", c.meaning}});
        props["codes"] = std::move(codes);
    }
    if (!props.empty()) loc["properties"] = std::move(props);
    return loc;
}

// The device (or the site) as a logical location: what a finding without evidence points at.
Json subject_location(const model::Finding& f) {
    const bool site = f.device.empty();
    Json logical;
    logical["name"] = site ? "site" : f.device;
    logical["fullyQualifiedName"] = site ? std::string("site") : "device/" + f.device;
    logical["kind"] = site ? "site" : "device";
    return Json{{"logicalLocations", Json::array({std::move(logical)})}};
}

Json result_json(const model::Finding& f, size_t rule_index,
                 const std::map<std::string, size_t>& index) {
    const Kind k = kind_of(f.status);
    Json r;
    r["ruleId"] = f.check;
    r["ruleIndex"] = rule_index;
    r["kind"] = k.kind;
    r["level"] = k.level;
    r["message"] = text_message(f.device.empty() ? f.message : "[" + f.device + "] " + f.message);
    Json locations = Json::array();
    Json related = Json::array();
    for (size_t i = 0; i < f.evidence.size(); ++i)
        (i == 0 ? locations : related).push_back(evidence_location(f.evidence[i], index, i));
    if (locations.empty()) locations.push_back(subject_location(f));
    r["locations"] = std::move(locations);
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    r["partialFingerprints"] =
        Json{{"amtdiagFinding/v1", sha256_hex(f.check + '\0' + f.device + '\0' + f.rule)}};
    Json props;
    props["status"] = std::string(model::to_string(f.status));
    props["device"] = f.device.empty() ? Json(nullptr) : Json(f.device);
    props["component"] = f.component;
    if (f.for_all_devices > 0) props["forAllDevices"] = f.for_all_devices;
    props["stages"] = f.stages;
    if (f.verdict_stage) props["verdictStage"] = f.verdict_stage;
    props["rule"] = f.rule;
    props["fix"] = f.fix;
    if (!f.refs.empty()) props["refs"] = f.refs;
    if (!f.needs.empty()) props["needs"] = f.needs;
    if (!f.suspects.empty()) props["suspects"] = f.suspects;
    if (f.suspect_rank > 0) props["suspectRank"] = f.suspect_rank;
    r["properties"] = std::move(props);
    return r;
}

Json run_properties(const model::Analysis& analysis) {
    Json stages = Json::array();
    for (const auto& s : analysis.stages)
        stages.push_back(Json{{"stage", s.stage},
                              {"title", s.title},
                              {"status", std::string(model::to_string(s.status))}});
    Json props;
    props["stages"] = std::move(stages);
    if (analysis.first_failing_stage) props["firstFailingStage"] = *analysis.first_failing_stage;
    props["devices"] = analysis.devices.size();
    return props;
}

}  // namespace

std::string uri_reference(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
                          c == '/';
        if (keep) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

std::string check_help_uri(std::string_view check) {
    return std::string(AMTDIAG_HOMEPAGE_URL) + "docs/checks.md#" + std::string(check);
}

void write_sarif(const model::Analysis& analysis, const SarifOptions& options, std::ostream& out) {
    const Rules rules = rules_of(analysis);
    const auto index = artifact_index(analysis);
    // Streamed result by result like the JSON report: a fleet's run holds hundreds of
    // thousands of results.
    out << "{\n  \"$schema\": " << Json(kSchema).dump() << ",\n  \"version\": \"2.1.0\",\n"
        << "  \"runs\": [\n    {\n      \"tool\": ";
    write_indented(out, tool_json(analysis, rules, options.catalog), 3);
    out << ",\n      \"invocations\": [\n        ";
    write_indented(out, invocation_json(analysis, options.fail_on, index), 4);
    out << "\n      ],\n      \"artifacts\": [";
    for (size_t i = 0; i < analysis.artifacts.size(); ++i) {
        out << (i ? ",\n        " : "\n        ");
        write_indented(out, artifact_entry(analysis.artifacts[i]), 4);
    }
    out << (analysis.artifacts.empty() ? "]" : "\n      ]") << ",\n      \"results\": [";
    model::Finding f;  // each finding decoded here in turn
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        analysis.findings.decode(i, f);
        out << (i ? ",\n        " : "\n        ");
        write_indented(out, result_json(f, rules.index.at(f.check), index), 4);
    }
    out << (analysis.findings.empty() ? "]" : "\n      ]") << ",\n      \"properties\": ";
    write_indented(out, run_properties(analysis), 3);
    out << "\n    }\n  ]\n}\n";
}

}  // namespace amtdiag::report
