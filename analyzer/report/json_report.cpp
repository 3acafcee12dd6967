#include "analyzer/report/json_report.h"

#include <map>

#include <nlohmann/json.hpp>

namespace amtdiag::report {

namespace {

using Json = nlohmann::ordered_json;

Json stage_list(const std::vector<model::StageVerdict>& stages, bool with_title) {
    Json out = Json::array();
    for (const auto& s : stages) {
        Json j;
        j["stage"] = s.stage;
        if (with_title) j["title"] = s.title;
        j["status"] = std::string(model::to_string(s.status));
        if (s.implied_by) j["implied_by"] = s.implied_by;
        out.push_back(std::move(j));
    }
    return out;
}

Json attempt_json(const model::Attempt& a) {
    Json j;
    j["type"] = std::string(model::to_string(a.type));
    j["outcome"] = std::string(model::to_string(a.outcome));
    j["artifact"] = a.begin.artifact;
    j["line"] = a.begin.line;
    if (a.begin_time.has_time) j["begin"] = a.begin_time.to_string();
    if (a.end.line) j["end_line"] = a.end.line;
    if (!a.last_milestone.empty()) j["last_milestone"] = a.last_milestone;
    return j;
}

}  // namespace

std::string to_json(const model::Analysis& analysis) {
    Json root;
    root["schema"] = "amtdiag.report/1";
    root["tool"] = {{"name", "amtdiag"}, {"version", analysis.tool_version}, {"rules", analysis.rules_id}};

    Json artifacts = Json::array();
    for (const auto& a : analysis.artifacts) {
        Json j;
        j["path"] = a.path;
        j["kind"] = a.kind;
        j["sha256"] = a.sha256;
        j["status"] = a.status == model::ReadStatus::ok ? "ok" : "error";
        if (a.status == model::ReadStatus::error) j["error"] = a.error;
        j["size"] = a.size;
        if (!a.detail.empty()) j["detail"] = a.detail;
        artifacts.push_back(std::move(j));
    }
    root["artifacts"] = std::move(artifacts);

    Json devices = Json::array();
    for (const auto& d : analysis.devices) {
        Json j;
        j["id"] = d.id;
        if (!d.fqdn.empty()) j["fqdn"] = d.fqdn;
        if (!d.host.empty()) j["host"] = d.host;
        if (!d.uuid.empty()) j["uuid"] = d.uuid;
        if (!d.machine_id.empty()) j["machine_id"] = d.machine_id;
        j["ips"] = d.ips;
        if (!d.macs.empty()) j["macs"] = d.macs;
        if (!d.mode.empty()) j["mode"] = d.mode;
        if (!d.firmware.empty()) j["firmware"] = d.firmware;
        if (d.first_failing_stage) j["first_failing_stage"] = *d.first_failing_stage;
        j["stages"] = stage_list(d.stages, false);
        j["attempts_total"] = d.attempts_total;
        Json attempts = Json::array();
        for (const auto& a : d.attempts) attempts.push_back(attempt_json(a));
        j["attempts"] = std::move(attempts);
        devices.push_back(std::move(j));
    }
    root["devices"] = std::move(devices);

    root["stages"] = stage_list(analysis.stages, true);
    if (analysis.first_failing_stage) root["first_failing_stage"] = *analysis.first_failing_stage;

    std::map<std::string, int> summary = {{"fail", 0}, {"warn", 0}, {"pass", 0},
                                          {"unknown", 0}, {"manual", 0}, {"skipped", 0}};
    Json findings = Json::array();
    for (const auto& f : analysis.findings) {
        ++summary[std::string(model::to_string(f.status))];
        Json j;
        j["check"] = f.check;
        j["status"] = std::string(model::to_string(f.status));
        j["stage"] = f.stages;
        j["component"] = f.component;
        j["device"] = f.device.empty() ? Json(nullptr) : Json(f.device);
        j["message"] = f.message;
        j["fix"] = f.fix;
        j["refs"] = f.refs;
        Json evidence = Json::array();
        for (const auto& e : f.evidence) {
            Json ej;
            ej["artifact"] = e.ref.artifact;
            if (e.ref.line) ej["line"] = e.ref.line;
            if (e.ref.packet) ej["packet"] = e.ref.packet;
            if (!e.time.empty()) ej["time"] = e.time;
            ej["excerpt"] = e.ref.excerpt;
            evidence.push_back(std::move(ej));
        }
        j["evidence"] = std::move(evidence);
        if (!f.needs.empty()) j["needs"] = f.needs;
        j["rule"] = f.rule;
        if (f.verdict_stage) j["verdict_stage"] = f.verdict_stage;
        findings.push_back(std::move(j));
    }
    root["findings"] = std::move(findings);
    Json s;
    for (const char* k : {"fail", "warn", "pass", "unknown", "manual", "skipped"}) s[k] = summary[k];
    root["summary"] = std::move(s);
    // Invalid UTF-8 in an excerpt must not abort the report: replace, never drop the finding.
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace amtdiag::report
