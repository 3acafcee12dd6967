#include "analyzer/report/json_report.h"

#include <map>
#include <ostream>
#include <sstream>

#include "analyzer/report/json_parts.h"

namespace amtdiag::report {

namespace {

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

Json timeline_json(const std::vector<model::Evidence>& timeline) {
    Json out = Json::array();
    for (const auto& e : timeline) out.push_back(timeline_event_json(e));
    return out;
}

class ObjectWriter {
  public:
    ObjectWriter(std::ostream& out, bool compact) : out_(out), compact_(compact) { out_ << "{"; }
    void member(const char* key, const Json& value) {
        open_member(key);
        write_indented(out_, value, 1, compact_);
    }
    // An array written element by element; `each(emit)` calls emit(Json) per element.
    template <class Each>
    void array(const char* key, Each&& each) {
        open_member(key);
        bool empty = true;
        each([&](const Json& element) {
            if (compact_)
                out_ << (empty ? "[" : ",");
            else
                out_ << (empty ? "[\n    " : ",\n    ");
            write_indented(out_, element, 2, compact_);
            empty = false;
        });
        if (compact_)
            out_ << (empty ? "[]" : "]");
        else
            out_ << (empty ? "[]" : "\n  ]");
    }
    void close() { out_ << (compact_ ? "}" : "\n}\n"); }

  private:
    void open_member(const char* key) {
        if (compact_)
            out_ << (first_ ? "" : ",") << Json(key).dump() << ":";
        else
            out_ << (first_ ? "\n  " : ",\n  ") << Json(key).dump() << ": ";
        first_ = false;
    }
    std::ostream& out_;
    bool compact_;
    bool first_ = true;
};

Json device_json(const model::Device& d, bool with_timeline) {
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
    if (with_timeline && !d.timeline.empty()) j["timeline"] = timeline_json(d.timeline);
    return j;
}

}  // namespace

void write_json(const model::Analysis& analysis, std::ostream& out, const JsonOptions& options) {
    ObjectWriter root(out, options.compact);
    root.member("schema", "amtdiag.report/1");
    root.member("tool", Json{{"name", "amtdiag"},
                             {"version", analysis.tool_version},
                             {"rules", analysis.rules_id}});
    if (analysis.invocation) root.member("invocation", invocation_json(*analysis.invocation));
    root.array("artifacts", [&](auto&& emit) {
        for (const auto& a : analysis.artifacts) emit(artifact_json(a));
    });
    root.array("devices", [&](auto&& emit) {
        for (const auto& d : analysis.devices) emit(device_json(d, options.timelines));
    });
    if (options.timelines && !analysis.site_timeline.empty())
        root.member("site_timeline", timeline_json(analysis.site_timeline));
    root.member("stages", stage_list(analysis.stages, true));
    if (analysis.first_failing_stage)
        root.member("first_failing_stage", *analysis.first_failing_stage);
    std::map<std::string, int> summary = {{"fail", 0},    {"warn", 0},   {"pass", 0},
                                          {"unknown", 0}, {"manual", 0}, {"skipped", 0}};
    root.array("findings", [&](auto&& emit) {
        for (const auto& f : analysis.findings) {
            ++summary[std::string(model::to_string(f.status))];
            emit(finding_json(f));
        }
    });
    if (!analysis.answers.empty()) {
        root.array("answers", [&](auto&& emit) {
            for (const auto& a : analysis.answers) emit(answer_json(a));
        });
    }
    Json s;
    for (const char* k : {"fail", "warn", "pass", "unknown", "manual", "skipped"})
        s[k] = summary[k];
    root.member("summary", s);
    root.close();
}

std::string to_json(const model::Analysis& analysis, const JsonOptions& options) {
    std::ostringstream out;
    write_json(analysis, out, options);
    return out.str();
}

std::string devices_json(const model::Analysis& analysis) {
    std::ostringstream out;
    out << "{\"devices\":[";
    for (size_t i = 0; i < analysis.devices.size(); ++i) {
        if (i) out << ",";
        write_indented(out, device_json(analysis.devices[i], false), 0, true);
    }
    out << "]}";
    return out.str();
}

std::string timelines_json(const model::Analysis& analysis) {
    std::ostringstream out;
    out << "{\"devices\":[";
    for (size_t i = 0; i < analysis.devices.size(); ++i) {
        if (i) out << ",";
        write_indented(out, timeline_json(analysis.devices[i].timeline), 0, true);
    }
    out << "],\"site_timeline\":";
    write_indented(out, timeline_json(analysis.site_timeline), 0, true);
    out << "}";
    return out.str();
}

}  // namespace amtdiag::report
