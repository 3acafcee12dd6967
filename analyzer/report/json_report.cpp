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

// Writes `value` as nlohmann's dump(2) would inside a parent indented by `depth` levels.
void put(std::ostream& out, const Json& value, int depth) {
    const std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
    const std::string pad(static_cast<size_t>(depth) * 2, ' ');
    for (char c : text) {
        out.put(c);
        if (c == '\n') out << pad;
    }
}

class ObjectWriter {
  public:
    explicit ObjectWriter(std::ostream& out) : out_(out) { out_ << "{"; }
    void member(const char* key, const Json& value) {
        open_member(key);
        put(out_, value, 1);
    }
    // An array written element by element; `each(emit)` calls emit(Json) per element.
    template <class Each>
    void array(const char* key, Each&& each) {
        open_member(key);
        bool empty = true;
        each([&](const Json& element) {
            out_ << (empty ? "[\n    " : ",\n    ");
            put(out_, element, 2);
            empty = false;
        });
        out_ << (empty ? "[]" : "\n  ]");
    }
    void close() { out_ << "\n}\n"; }

  private:
    void open_member(const char* key) {
        out_ << (first_ ? "\n  " : ",\n  ") << Json(key).dump() << ": ";
        first_ = false;
    }
    std::ostream& out_;
    bool first_ = true;
};

Json device_json(const model::Device& d) {
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
    return j;
}

}  // namespace

void write_json(const model::Analysis& analysis, std::ostream& out) {
    ObjectWriter root(out);
    root.member("schema", "amtdiag.report/1");
    root.member("tool", Json{{"name", "amtdiag"},
                             {"version", analysis.tool_version},
                             {"rules", analysis.rules_id}});
    root.array("artifacts", [&](auto&& emit) {
        for (const auto& a : analysis.artifacts) emit(artifact_json(a));
    });
    root.array("devices", [&](auto&& emit) {
        for (const auto& d : analysis.devices) emit(device_json(d));
    });
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

std::string to_json(const model::Analysis& analysis) {
    std::ostringstream out;
    write_json(analysis, out);
    return out.str();
}

}  // namespace amtdiag::report
