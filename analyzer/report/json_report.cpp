#include "analyzer/report/json_report.h"

#include <algorithm>
#include <array>
#include <ostream>
#include <span>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

#include "analyzer/report/json_parts.h"

namespace amtdiag::report {

namespace {

Json timeline_json(const std::vector<model::Evidence>& timeline) {
    Json out = Json::array();
    for (const auto& e : timeline) out.push_back(timeline_event_json(e));
    return out;
}

void write_stage_list(JsonWriter& w, const std::vector<model::StageVerdict>& stages,
                      bool with_title) {
    w.begin_array();
    for (const auto& s : stages) {
        w.begin_object();
        w.member("stage", s.stage);
        if (with_title) w.member("title", s.title);
        w.member("status", model::to_string(s.status));
        if (s.implied_by) w.member("implied_by", s.implied_by);
        w.end_object();
    }
    w.end_array();
}

void write_device(JsonWriter& w, const model::Device& d, bool with_timeline) {
    w.begin_object();
    w.member("id", d.id);
    if (!d.fqdn.empty()) w.member("fqdn", d.fqdn);
    if (!d.host.empty()) w.member("host", d.host);
    if (!d.uuid.empty()) w.member("uuid", d.uuid);
    if (!d.machine_id.empty()) w.member("machine_id", d.machine_id);
    w.member("ips", d.ips);
    if (!d.macs.empty()) w.member("macs", d.macs);
    if (!d.mode.empty()) w.member("mode", d.mode);
    if (!d.firmware.empty()) w.member("firmware", d.firmware);
    if (d.first_failing_stage) w.member("first_failing_stage", *d.first_failing_stage);
    w.key("stages");
    write_stage_list(w, d.stages, false);
    w.member("attempts_total", d.attempts_total);
    w.key("attempts");
    w.begin_array();
    for (const auto& a : d.attempts) {
        w.begin_object();
        w.member("type", model::to_string(a.type));
        w.member("outcome", model::to_string(a.outcome));
        w.member("artifact", a.begin.artifact);
        w.member("line", a.begin.line);
        if (a.begin_time.has_time) w.member("begin", a.begin_time.to_string());
        if (a.end.line) w.member("end_line", a.end.line);
        if (!a.last_milestone.empty()) w.member("last_milestone", a.last_milestone);
        w.end_object();
    }
    w.end_array();
    if (with_timeline && !d.timeline.empty()) {
        w.key("timeline");
        write_value(w, timeline_json(d.timeline));
    }
    w.end_object();
}

// A JsonWriter into a buffer that goes out in large pieces.
class BufferedWriter {
  public:
    BufferedWriter(std::ostream& out, bool compact, int depth = 0)
        : out_(out), writer_(buffer_, compact, depth) {}
    ~BufferedWriter() { out_ << buffer_; }
    BufferedWriter(const BufferedWriter&) = delete;
    BufferedWriter& operator=(const BufferedWriter&) = delete;
    JsonWriter& writer() { return writer_; }
    void flush_newline() { buffer_.push_back('\n'); }
    void flush_if_large() {
        if (buffer_.size() < (size_t{1} << 20)) return;
        out_ << buffer_;
        buffer_.clear();
    }

  private:
    std::ostream& out_;
    std::string buffer_;
    JsonWriter writer_;
};

// Findings are most of a fleet's report. With threads to spare, each writes a block of them
// into a buffer of its own, every finding at the depth it has in the document (inside the
// top-level object's "findings" array); the blocks are then copied out in order, so the bytes
// are the serial writer's.
constexpr int kFindingDepth = 2;
constexpr size_t kFindingsPerBlock = 2048;

struct FindingBlock {
    std::string text;
    std::vector<size_t> ends;  // where each finding's text ends

    model::Finding scratch;  // each finding decoded here in turn, its buffers reused

    void write(const model::FindingList& findings, size_t begin, size_t end, bool compact) {
        text.clear();
        ends.clear();
        // One writer for the block: after a complete value it is back at its starting depth
        // with nothing open, so the next value starts without a separator.
        JsonWriter one(text, compact, kFindingDepth);
        for (size_t i = begin; i < end; ++i) {
            findings.decode(i, scratch);
            write_finding(one, scratch);
            ends.push_back(text.size());
        }
    }
};

void write_findings(BufferedWriter& buffered, const model::FindingList& findings, bool compact,
                    unsigned jobs) {
    JsonWriter& w = buffered.writer();
    const size_t threads =
        std::clamp<size_t>(findings.size() / kFindingsPerBlock, 1, std::max(jobs, 1u));
    if (threads == 1) {
        for (const auto& f : findings) {
            write_finding(w, f);
            buffered.flush_if_large();
        }
        return;
    }
    std::vector<FindingBlock> blocks(threads);
    for (size_t start = 0; start < findings.size(); start += kFindingsPerBlock * threads) {
        auto write_block = [&](size_t t) {
            const size_t begin = std::min(findings.size(), start + t * kFindingsPerBlock);
            const size_t end = std::min(findings.size(), begin + kFindingsPerBlock);
            blocks[t].write(findings, begin, end, compact);
        };
        {
            std::vector<std::jthread> workers;
            for (size_t t = 1; t < threads; ++t) workers.emplace_back(write_block, t);
            write_block(0);
        }
        for (const auto& block : blocks) {
            const std::string_view text = block.text;
            size_t from = 0;
            for (size_t end : block.ends) {
                w.raw_scalar(text.substr(from, end - from));
                from = end;
            }
            buffered.flush_if_large();
        }
    }
}

}  // namespace

void write_json(const model::Analysis& analysis, std::ostream& out, const JsonOptions& options) {
    BufferedWriter buffered(out, options.compact);
    JsonWriter& w = buffered.writer();
    w.begin_object();
    w.member("schema", "amtdiag.report/1");
    w.key("tool");
    w.begin_object();
    w.member("name", "amtdiag");
    w.member("version", analysis.tool_version);
    w.member("rules", analysis.rules_id);
    w.end_object();
    if (analysis.invocation) {
        w.key("invocation");
        write_value(w, invocation_json(*analysis.invocation));
    }
    w.key("artifacts");
    w.begin_array();
    for (const auto& a : analysis.artifacts) write_value(w, artifact_json(a));
    w.end_array();
    w.key("devices");
    w.begin_array();
    for (const auto& d : analysis.devices) {
        write_device(w, d, options.timelines);
        buffered.flush_if_large();
    }
    w.end_array();
    if (options.timelines && !analysis.site_timeline.empty()) {
        w.key("site_timeline");
        write_value(w, timeline_json(analysis.site_timeline));
    }
    w.key("stages");
    write_stage_list(w, analysis.stages, true);
    if (analysis.first_failing_stage)
        w.member("first_failing_stage", *analysis.first_failing_stage);
    // In the order the summary lists them (Status's own order need not be this one).
    std::array<int, 6> summary{};
    static constexpr std::array<model::Status, 6> summary_order = {
        model::Status::fail,    model::Status::warn,   model::Status::pass,
        model::Status::unknown, model::Status::manual, model::Status::skipped};
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const model::Status status = analysis.findings.head(i).status;
        for (size_t k = 0; k < summary_order.size(); ++k)
            if (summary_order[k] == status) ++summary[k];
    }
    w.key("findings");
    w.begin_array();
    write_findings(buffered, analysis.findings, options.compact, options.jobs);
    w.end_array();
    if (!analysis.answers.empty()) {
        w.key("answers");
        w.begin_array();
        for (const auto& a : analysis.answers) write_value(w, answer_json(a));
        w.end_array();
    }
    w.key("summary");
    w.begin_object();
    for (size_t k = 0; k < summary_order.size(); ++k)
        w.member(model::to_string(summary_order[k]), summary[k]);
    w.end_object();
    w.end_object();
    if (!options.compact) buffered.flush_newline();
}

std::string to_json(const model::Analysis& analysis, const JsonOptions& options) {
    std::ostringstream out;
    write_json(analysis, out, options);
    return out.str();
}

std::string devices_json(const model::Analysis& analysis) {
    std::string text;
    JsonWriter w(text, true);
    w.begin_object();
    w.key("devices");
    w.begin_array();
    for (const auto& d : analysis.devices) write_device(w, d, false);
    w.end_array();
    w.end_object();
    return text;
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
