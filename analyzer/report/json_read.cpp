#include "analyzer/report/json_read.h"

#include <cstdio>
#include <string>

#include "analyzer/report/json_parts.h"
#include "analyzer/report/packed_text.h"

namespace amtdiag::report {

namespace {

// Every accessor names the field it wanted, so a hand-edited report says where it broke.
class Reader {
  public:
    Reader(const Json& value, std::string where) : value_(value), where_(std::move(where)) {}

    const Json& at(const char* key) const {
        const auto it = value_.find(key);
        if (it == value_.end()) fail(key, "is missing");
        return *it;
    }
    bool has(const char* key) const {
        const auto it = value_.find(key);
        return it != value_.end() && !it->is_null();
    }
    std::string text(const char* key) const {
        const Json& v = at(key);
        if (!v.is_string()) fail(key, "must be a string");
        return v.get<std::string>();
    }
    std::string text_or_empty(const char* key) const { return has(key) ? text(key) : ""; }
    uint64_t number(const char* key) const {
        const Json& v = at(key);
        if (!v.is_number_integer() || v.get<int64_t>() < 0)
            fail(key, "must be a whole number of 0 or more");
        return v.get<uint64_t>();
    }
    uint64_t number_or_zero(const char* key) const { return has(key) ? number(key) : 0; }
    int64_t signed_number(const char* key) const {
        const Json& v = at(key);
        if (!v.is_number_integer()) fail(key, "must be a whole number");
        return v.get<int64_t>();
    }
    std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> out;
        if (!has(key)) return out;
        for (const auto& item : list(key)) {
            if (!item.is_string()) fail(key, "must list strings");
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    const Json& list(const char* key) const {
        const Json& v = at(key);
        if (!v.is_array()) fail(key, "must be a list");
        return v;
    }
    // Calls each(Reader) for every object of the list `key` (absent: none).
    template <class Each>
    void each(const char* key, Each&& each_item) const {
        if (!has(key)) return;
        size_t i = 0;
        for (const auto& item : list(key)) {
            const std::string where = path(key) + "[" + std::to_string(i++) + "]";
            if (!item.is_object()) throw ReportReadError(where + " must be an object");
            each_item(Reader(item, where));
        }
    }
    Reader object(const char* key) const {
        const Json& v = at(key);
        if (!v.is_object()) fail(key, "must be an object");
        return Reader(v, path(key));
    }
    [[noreturn]] void fail(const char* key, const std::string& problem) const {
        throw ReportReadError(path(key) + " " + problem);
    }
    const Json& value() const { return value_; }

  private:
    std::string path(const char* key) const {
        return where_.empty() ? std::string(key) : where_ + "." + key;
    }
    const Json& value_;
    std::string where_;
};

model::Status status_of(const Reader& r, const char* key) {
    const auto status = model::status_from_string(r.text(key));
    if (!status) r.fail(key, "is not a status (pass, fail, warn, unknown, manual, skipped)");
    return *status;
}

// The enum whose to_string() gives `text`: one spelling of each name, the model's.
template <class Enum>
Enum enum_of(const Reader& r, const char* key, std::initializer_list<Enum> values) {
    const std::string text = r.text(key);
    for (Enum e : values)
        if (model::to_string(e) == text) return e;
    r.fail(key, "has an unknown value '" + text + "'");
}

model::LogTime time_of(const Reader& r, const char* key) {
    const auto time = parse_log_time(r.text(key));
    if (!time) r.fail(key, "is not a time as amtdiag writes them");
    return *time;
}

std::vector<model::StageVerdict> stages_of(const Reader& r, bool with_title) {
    std::vector<model::StageVerdict> out;
    r.each("stages", [&](const Reader& s) {
        model::StageVerdict v;
        v.stage = static_cast<int>(s.number("stage"));
        if (with_title) v.title = s.text("title");
        v.status = status_of(s, "status");
        v.implied_by = static_cast<int>(s.number_or_zero("implied_by"));
        out.push_back(std::move(v));
    });
    return out;
}

model::Artifact artifact_of(const Reader& r) {
    model::Artifact a;
    a.path = r.text("path");
    a.kind = r.text("kind");
    a.sha256 = r.text("sha256");
    const std::string status = r.text("status");
    if (status != "ok" && status != "error") r.fail("status", "must be ok or error");
    a.status = status == "ok" ? model::ReadStatus::ok : model::ReadStatus::error;
    a.error = r.text_or_empty("error");
    a.size = r.number("size");
    a.detail = r.text_or_empty("detail");
    a.provides = r.texts("provides");
    a.damaged_records = r.number_or_zero("damaged_records");
    if (r.has("damaged_lines"))
        for (const auto& line : r.list("damaged_lines")) {
            if (!line.is_number_unsigned()) r.fail("damaged_lines", "must list line numbers");
            a.damaged_lines.push_back(line.get<uint64_t>());
        }
    a.skipped_bytes = r.number_or_zero("skipped_bytes");
    a.notes = r.texts("notes");
    return a;
}

model::Attribute attribute_of(const Reader& r, const std::string& name, const Json& v) {
    if (v.is_boolean()) return model::Attribute::flag(name, v.get<bool>());
    if (v.is_number_integer()) return model::Attribute::integer(name, v.get<int64_t>());
    if (v.is_string()) return model::Attribute::text(name, v.get<std::string>());
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : v) {
            if (!item.is_string()) r.fail("attributes", "lists must hold strings");
            items.push_back(item.get<std::string>());
        }
        return model::Attribute::list(name, std::move(items));
    }
    r.fail("attributes", "'" + name + "' must be a string, number, boolean or list");
}

model::Evidence event_of(const Reader& r) {
    model::Evidence e;
    e.kind = r.text("kind");
    e.ref.artifact = r.text("artifact");
    e.ref.line = r.number_or_zero("line");
    e.ref.packet = r.number_or_zero("packet");
    e.ref.item = static_cast<uint32_t>(r.number_or_zero("item"));
    if (r.has("time")) e.time = time_of(r, "time");
    if (r.has("attributes")) {
        const Reader attrs = r.object("attributes");
        for (const auto& [name, v] : attrs.value().items())
            e.attrs.push_back(attribute_of(attrs, name, v));
    }
    e.ref.excerpt = r.text("excerpt");
    if (r.has("severity"))
        e.severity =
            enum_of(r, "severity",
                    {model::Severity::info, model::Severity::warning, model::Severity::error});
    return e;
}

std::vector<model::Evidence> timeline_of(const Reader& r, const char* key) {
    std::vector<model::Evidence> out;
    r.each(key, [&](const Reader& e) { out.push_back(event_of(e)); });
    return out;
}

model::Attempt attempt_of(const Reader& r) {
    using model::Attempt;
    Attempt a;
    a.type = enum_of(
        r, "type", {Attempt::Type::unknown, Attempt::Type::provision, Attempt::Type::unprovision});
    a.outcome = enum_of(
        r, "outcome",
        {Attempt::Outcome::succeeded, Attempt::Outcome::failed, Attempt::Outcome::incomplete});
    a.begin.artifact = r.text("artifact");
    a.end.artifact = a.begin.artifact;
    a.begin.line = r.number("line");
    if (r.has("begin")) a.begin_time = time_of(r, "begin");
    a.end.line = r.number_or_zero("end_line");
    a.last_milestone = r.text_or_empty("last_milestone");
    return a;
}

model::Device device_of(const Reader& r) {
    model::Device d;
    d.id = r.text("id");
    d.fqdn = r.text_or_empty("fqdn");
    d.host = r.text_or_empty("host");
    d.uuid = r.text_or_empty("uuid");
    d.machine_id = r.text_or_empty("machine_id");
    d.ips = r.texts("ips");
    d.macs = r.texts("macs");
    d.mode = r.text_or_empty("mode");
    d.firmware = r.text_or_empty("firmware");
    if (r.has("first_failing_stage"))
        d.first_failing_stage = static_cast<int>(r.number("first_failing_stage"));
    d.stages = stages_of(r, false);
    d.attempts_total = r.number("attempts_total");
    r.each("attempts", [&](const Reader& a) { d.attempts.push_back(attempt_of(a)); });
    d.timeline = timeline_of(r, "timeline");
    return d;
}

model::Finding finding_of(const Reader& r) {
    model::Finding f;
    f.check = r.text("check");
    f.status = status_of(r, "status");
    for (const auto& stage : r.list("stage")) {
        if (!stage.is_number_unsigned()) r.fail("stage", "must list stage numbers");
        f.stages.push_back(stage.get<int>());
    }
    f.component = r.text("component");
    f.device = r.text_or_empty("device");
    f.message = r.text("message");
    f.fix = r.text("fix");
    f.refs = r.texts("refs");
    r.each("evidence", [&](const Reader& e) {
        model::EvidenceRef ref;
        ref.ref.artifact = e.text("artifact");
        ref.ref.line = e.number_or_zero("line");
        ref.ref.packet = e.number_or_zero("packet");
        ref.ref.item = static_cast<uint32_t>(e.number_or_zero("item"));
        ref.time = e.text_or_empty("time");
        ref.ref.excerpt = e.text("excerpt");
        e.each("codes", [&](const Reader& c) {
            ref.codes.push_back(
                {c.text("code"), c.text("family"), c.text("name"), c.text("meaning")});
        });
        f.evidence.push_back(std::move(ref));
    });
    f.needs = r.texts("needs");
    f.suspects = r.texts("suspects");
    f.suspect_rank = static_cast<int>(r.number_or_zero("suspect_rank"));
    f.for_all_devices = static_cast<size_t>(r.number_or_zero("for_all_devices"));
    f.rule = r.text("rule");
    f.verdict_stage = static_cast<int>(r.number_or_zero("verdict_stage"));
    return f;
}

model::Invocation invocation_of(const Reader& r) {
    model::Invocation i;
    i.arguments = r.texts("arguments");
    i.fail_on = r.text("fail_on");
    i.exit_code = static_cast<int>(r.signed_number("exit_code"));
    i.start_utc = r.text_or_empty("start");
    i.elapsed_ms = r.signed_number("elapsed_ms");
    return i;
}

model::ManualAnswer answer_of(const Reader& r) {
    model::ManualAnswer a;
    a.check = r.text("check");
    a.device = r.text_or_empty("device");
    a.answer = r.text("answer");
    a.note = r.text_or_empty("note");
    return a;
}

bool parse_fields(std::string_view text, const char* format, unsigned* f, int count) {
    int used = 0;
    const std::string s(text);
    const int got =
        std::sscanf(s.c_str(), format, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &used);
    return got == count && static_cast<size_t>(used) == s.size();
}

}  // namespace

std::optional<model::LogTime> parse_log_time(std::string_view text) {
    unsigned f[7] = {};
    model::LogTime t;
    constexpr std::string_view kInvalid = " (invalid date)";
    if (text.ends_with(kInvalid)) {
        text.remove_suffix(kInvalid.size());
        // "MM-DD-YYYY hh:mm:ss.mmm" then an optional signed bias.
        if (text.size() < 23) return std::nullopt;
        const std::string_view stamp = text.substr(0, 23);
        const std::string_view bias = text.substr(23);
        if (!parse_fields(stamp, "%2u-%2u-%4u %2u:%2u:%2u.%3u%n", f, 7)) return std::nullopt;
        int minutes = 0;
        if (!bias.empty()) {
            if (bias.size() < 2 || (bias[0] != '+' && bias[0] != '-')) return std::nullopt;
            for (char c : bias.substr(1)) {
                if (c < '0' || c > '9' || minutes > 100000) return std::nullopt;
                minutes = minutes * 10 + (c - '0');
            }
            if (bias[0] == '-') minutes = -minutes;
        }
        return model::LogTime::invalid_as_written({f[2], f[0], f[1], f[3], f[4], f[5], f[6]},
                                                  !bias.empty(), minutes);
    }
    constexpr std::string_view kLocal = " local";
    const bool utc = text.ends_with("Z");
    const bool local = text.ends_with(kLocal);
    if (!utc && !local) return std::nullopt;
    text.remove_suffix(utc ? 1 : kLocal.size());
    if (!parse_fields(text, "%4u-%2u-%2uT%2u:%2u:%2u.%3u%n", f, 7)) return std::nullopt;
    if (f[1] < 1 || f[1] > 12 || f[2] < 1 ||
        f[2] > model::days_in_month(static_cast<int>(f[0]), f[1]) || f[3] > 23 || f[4] > 59 ||
        f[5] > 59)
        return std::nullopt;
    t.local_ms = model::to_epoch_ms(static_cast<int>(f[0]), f[1], f[2], f[3], f[4], f[5], f[6]);
    t.has_time = true;
    t.has_bias = utc;  // a UTC time reads as local time with a bias of zero
    return t;
}

model::Analysis read_json_report(std::string_view json) {
    Json doc;
    try {
        doc = Json::parse(json);
    } catch (const Json::parse_error& e) {
        throw ReportReadError(std::string("not JSON: ") + e.what());
    }
    if (!doc.is_object()) throw ReportReadError("not an amtdiag report: the top is not an object");
    const Reader r(doc, "");
    if (!r.has("schema") || r.text("schema") != "amtdiag.report/1")
        throw ReportReadError("not an amtdiag report: \"schema\" is not \"amtdiag.report/1\"");
    model::Analysis a;
    const Reader tool = r.object("tool");
    a.tool_version = tool.text("version");
    a.rules_id = tool.text("rules");
    if (r.has("invocation")) a.invocation = invocation_of(r.object("invocation"));
    r.each("artifacts", [&](const Reader& x) { a.artifacts.push_back(artifact_of(x)); });
    r.each("devices", [&](const Reader& x) { a.devices.push_back(device_of(x)); });
    a.site_timeline = timeline_of(r, "site_timeline");
    a.stages = stages_of(r, true);
    if (r.has("first_failing_stage"))
        a.first_failing_stage = static_cast<int>(r.number("first_failing_stage"));
    r.each("findings", [&](const Reader& x) { a.findings.push_back(finding_of(x)); });
    r.each("answers", [&](const Reader& x) { a.answers.push_back(answer_of(x)); });
    return a;
}

namespace {

// The text of <script ... id="ID" ...>, unpacked when the tag says data-encoding="base64";
// nullopt when the page has no such block.
std::optional<std::string> embedded_block(std::string_view html, std::string_view id) {
    const size_t at = html.find("id=\"" + std::string(id) + "\"");
    if (at == std::string_view::npos) return std::nullopt;
    const size_t tag_start = html.rfind('<', at);
    const size_t tag_end = html.find('>', at);
    const size_t close =
        tag_end == std::string_view::npos ? tag_end : html.find("</script", tag_end);
    if (tag_start == std::string_view::npos || close == std::string_view::npos) return std::nullopt;
    const std::string_view tag = html.substr(tag_start, tag_end - tag_start);
    const std::string_view text = html.substr(tag_end + 1, close - tag_end - 1);
    if (tag.find("data-encoding=\"base64\"") == std::string_view::npos) return std::string(text);
    try {
        return unpack_text(text);
    } catch (const PackError& e) {
        throw ReportReadError("the embedded " + std::string(id) + " does not unpack: " + e.what());
    }
}

// Puts the timelines of a packed HTML report back on their devices.
void attach_timelines(model::Analysis& analysis, const std::string& json) {
    Json doc;
    try {
        doc = Json::parse(json);
    } catch (const Json::parse_error& e) {
        throw ReportReadError(std::string("the embedded timelines are not JSON: ") + e.what());
    }
    const Reader r(doc, "timelines");
    const Json& devices = r.list("devices");
    if (devices.size() != analysis.devices.size())
        r.fail("devices", "must list one timeline per device of the report");
    for (size_t i = 0; i < devices.size(); ++i) {
        const Json wrapped = {{"timeline", devices[i]}};
        const Reader one(wrapped, "timelines.devices[" + std::to_string(i) + "]");
        analysis.devices[i].timeline = timeline_of(one, "timeline");
    }
    analysis.site_timeline = timeline_of(r, "site_timeline");
}

}  // namespace

EmbeddedReport embedded_report(std::string_view html) {
    auto report = embedded_block(html, "amtdiag-report");
    if (!report)
        throw ReportReadError("no embedded report (<script id=\"amtdiag-report\">) in this page");
    return {std::move(*report), embedded_block(html, "amtdiag-timelines").value_or("")};
}

model::Analysis read_report(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    const size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || bytes[first] != '<') return read_json_report(bytes);
    const EmbeddedReport embedded = embedded_report(bytes);
    model::Analysis analysis = read_json_report(embedded.report);
    if (!embedded.timelines.empty()) attach_timelines(analysis, embedded.timelines);
    return analysis;
}

}  // namespace amtdiag::report
