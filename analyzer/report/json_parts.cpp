#include "analyzer/report/json_parts.h"

#include <ostream>

namespace amtdiag::report {

void write_indented(std::ostream& out, const Json& value, int depth, bool compact) {
    if (compact) {
        out << value.dump(-1, ' ', false, Json::error_handler_t::replace);
        return;
    }
    const std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    for (char c : text) {
        out.put(c);
        if (c == '\n') out << pad;
    }
}

Json artifact_json(const model::Artifact& a) {
    Json j;
    j["path"] = a.path;
    j["kind"] = a.kind;
    j["sha256"] = a.sha256;
    j["status"] = a.status == model::ReadStatus::ok ? "ok" : "error";
    if (a.status == model::ReadStatus::error) j["error"] = a.error;
    j["size"] = a.size;
    if (!a.detail.empty()) j["detail"] = a.detail;
    if (!a.provides.empty()) j["provides"] = a.provides;
    if (a.damaged_records > 0) {
        j["damaged_records"] = a.damaged_records;
        j["damaged_lines"] = a.damaged_lines;
    }
    if (a.skipped_bytes > 0) j["skipped_bytes"] = a.skipped_bytes;
    if (!a.notes.empty()) j["notes"] = a.notes;
    return j;
}

Json finding_json(const model::Finding& f) {
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
        if (e.ref.item) ej["item"] = e.ref.item;
        if (!e.time.empty()) ej["time"] = e.time;
        ej["excerpt"] = e.ref.excerpt;
        if (!e.codes.empty()) {
            Json codes = Json::array();
            for (const auto& c : e.codes)
                codes.push_back(Json{{"code", c.code},
                                     {"family", c.family},
                                     {"name", c.name},
                                     {"meaning", c.meaning}});
            ej["codes"] = std::move(codes);
        }
        evidence.push_back(std::move(ej));
    }
    j["evidence"] = std::move(evidence);
    if (!f.needs.empty()) j["needs"] = f.needs;
    if (!f.suspects.empty()) j["suspects"] = f.suspects;
    if (f.suspect_rank > 0) j["suspect_rank"] = f.suspect_rank;
    if (f.for_all_devices > 0) j["for_all_devices"] = f.for_all_devices;
    j["rule"] = f.rule;
    if (f.verdict_stage) j["verdict_stage"] = f.verdict_stage;
    return j;
}

Json evidence_json(const model::Evidence& e) {
    Json j;
    j["kind"] = e.kind;
    j["artifact"] = e.ref.artifact;
    if (e.ref.line) j["line"] = e.ref.line;
    if (e.ref.packet) j["packet"] = e.ref.packet;
    if (e.ref.item) j["item"] = e.ref.item;
    if (e.time.has_time) j["time"] = e.time.to_string();
    Json attrs;
    for (const auto& a : e.attrs) {
        switch (a.type) {
            case model::AttrType::integer:
                attrs[a.name] = a.number;
                break;
            case model::AttrType::boolean:
                attrs[a.name] = a.number != 0;
                break;
            case model::AttrType::list:
                attrs[a.name] = a.items;
                break;
            case model::AttrType::string:
            case model::AttrType::timestamp:
                attrs[a.name] = a.value;
                break;
        }
    }
    j["attributes"] = std::move(attrs);
    j["excerpt"] = e.ref.excerpt;
    return j;
}

Json timeline_event_json(const model::Evidence& e) {
    Json j = evidence_json(e);
    if (e.severity != model::Severity::none)
        j["severity"] = std::string(model::to_string(e.severity));
    return j;
}

Json invocation_json(const model::Invocation& invocation) {
    Json j;
    j["arguments"] = invocation.arguments;
    j["fail_on"] = invocation.fail_on;
    j["exit_code"] = invocation.exit_code;
    if (!invocation.start_utc.empty()) j["start"] = invocation.start_utc;
    j["elapsed_ms"] = invocation.elapsed_ms;
    return j;
}

Json answer_json(const model::ManualAnswer& answer) {
    Json j;
    j["check"] = answer.check;
    j["device"] = answer.device.empty() ? Json(nullptr) : Json(answer.device);
    j["answer"] = answer.answer;
    if (!answer.note.empty()) j["note"] = answer.note;
    return j;
}

}  // namespace amtdiag::report
