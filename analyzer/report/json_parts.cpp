#include "analyzer/report/json_parts.h"

#include <ostream>

namespace amtdiag::report {

void write_indented(std::ostream& out, const Json& value, int depth, bool compact) {
    // One mechanism for every JSON byte the reports write: the streaming writer.
    std::string text;
    JsonWriter writer(text, compact, depth);
    write_value(writer, value);
    out << text;
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

void write_value(JsonWriter& w, const Json& value) {
    switch (value.type()) {
        case Json::value_t::object:
            w.begin_object();
            for (const auto& [k, v] : value.items()) {
                w.key(k);
                write_value(w, v);
            }
            w.end_object();
            break;
        case Json::value_t::array:
            w.begin_array();
            for (const auto& v : value) write_value(w, v);
            w.end_array();
            break;
        case Json::value_t::string:
            w.value(value.get_ref<const std::string&>());
            break;
        case Json::value_t::boolean:
            w.value(value.get<bool>());
            break;
        case Json::value_t::number_integer:
            w.value(value.get<int64_t>());
            break;
        case Json::value_t::number_unsigned:
            w.value(value.get<uint64_t>());
            break;
        case Json::value_t::null:
            w.null();
            break;
        default:  // floats and the rest: the library's own formatting
            w.raw_scalar(value.dump());
    }
}

void write_finding(JsonWriter& w, const model::Finding& f) {
    w.begin_object();
    w.member("check", f.check);
    w.member("status", model::to_string(f.status));
    w.key("stage");
    w.begin_array();
    for (int s : f.stages) w.value(s);
    w.end_array();
    w.member("component", f.component);
    w.key("device");
    if (f.device.empty())
        w.null();
    else
        w.value(f.device);
    w.member("message", f.message);
    w.member("fix", f.fix);
    w.member("refs", f.refs);
    w.key("evidence");
    w.begin_array();
    for (const auto& e : f.evidence) {
        w.begin_object();
        w.member("artifact", e.ref.artifact);
        if (e.ref.line) w.member("line", e.ref.line);
        if (e.ref.packet) w.member("packet", e.ref.packet);
        if (e.ref.item) w.member("item", e.ref.item);
        if (!e.time.empty()) w.member("time", e.time);
        w.member("excerpt", e.ref.excerpt);
        if (!e.codes.empty()) {
            w.key("codes");
            w.begin_array();
            for (const auto& c : e.codes) {
                w.begin_object();
                w.member("code", c.code);
                w.member("family", c.family);
                w.member("name", c.name);
                w.member("meaning", c.meaning);
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    if (!f.needs.empty()) w.member("needs", f.needs);
    if (!f.suspects.empty()) w.member("suspects", f.suspects);
    if (f.suspect_rank > 0) w.member("suspect_rank", f.suspect_rank);
    if (f.for_all_devices > 0) w.member("for_all_devices", f.for_all_devices);
    w.member("rule", f.rule);
    if (f.verdict_stage) w.member("verdict_stage", f.verdict_stage);
    w.end_object();
}

Json finding_json(const model::Finding& f) {
    std::string text;
    JsonWriter w(text, true);
    write_finding(w, f);
    return Json::parse(text);
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
