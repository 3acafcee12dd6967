#include "analyzer/analyze.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <system_error>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/evaluate.h"
#include "analyzer/engine/stage_verdicts.h"
#include "analyzer/scan/signature_matcher.h"
#include "parsers/cmlog/reader.h"
#include "parsers/detect/artifact_kind.h"

#ifndef AMTDIAG_VERSION
#define AMTDIAG_VERSION "0.0.0"
#endif

namespace amtdiag {

namespace fs = std::filesystem;

std::string_view tool_version() {
    return AMTDIAG_VERSION;
}

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Files named by the user, folders expanded; missing inputs become error artifacts.
void expand_inputs(const std::vector<std::string>& inputs, std::vector<std::string>& files,
                   std::vector<model::Artifact>& errors) {
    std::set<std::string> seen;
    for (const auto& input : inputs) {
        std::error_code ec;
        const fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            model::Artifact a;
            a.path = input;
            a.status = model::ReadStatus::error;
            a.error =
                "cannot read: " + (ec ? ec.message() : std::string("No such file or directory"));
            errors.push_back(std::move(a));
            continue;
        }
        if (fs::is_directory(st)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(
                     input, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                std::error_code type_ec;
                if (it->is_directory(type_ec)) continue;
                if (it->is_regular_file(type_ec)) {
                    found.push_back(it->path().string());
                    continue;
                }
                // Nothing the user gave is dropped silently: say why this entry is skipped.
                model::Artifact a;
                a.path = it->path().string();
                a.status = model::ReadStatus::error;
                a.error = it->is_symlink(type_ec) ? "cannot read: broken symbolic link"
                                                  : "cannot read: not a regular file";
                errors.push_back(std::move(a));
            }
            if (ec) {
                model::Artifact a;
                a.path = input;
                a.status = model::ReadStatus::error;
                a.error = "cannot list folder: " + ec.message();
                errors.push_back(std::move(a));
            }
            for (auto& f : found)
                if (seen.insert(f).second) files.push_back(std::move(f));
            continue;
        }
        if (seen.insert(input).second) files.push_back(input);
    }
    std::sort(files.begin(), files.end());
}

bool has_ext(const std::string& path, std::string_view ext) {
    const std::string e = lower(fs::path(path).extension().string());
    return e == ext;
}

// NAME.lo_ beside NAME.log (same folder, any case): each names the other.
std::map<std::string, std::string> rollover_partners(const std::vector<std::string>& files) {
    std::map<std::string, std::pair<std::string, std::string>> by_stem;  // key -> (.lo_, .log)
    for (const auto& f : files) {
        const bool lo = has_ext(f, ".lo_");
        if (!lo && !has_ext(f, ".log")) continue;
        const fs::path p(f);
        auto& slot = by_stem[p.parent_path().string() + '/' + lower(p.stem().string())];
        (lo ? slot.first : slot.second) = f;
    }
    std::map<std::string, std::string> partners;
    for (const auto& [stem, pair] : by_stem) {
        if (pair.first.empty() || pair.second.empty()) continue;
        partners[pair.first] = pair.second;
        partners[pair.second] = pair.first;
    }
    return partners;
}

struct Scanner {
    const engine::RuleSet& rules;
    correlate::Correlator correlator;
    std::map<std::string, std::unique_ptr<scan::SignatureMatcher>> matchers;

    Scanner(const engine::RuleSet& r, const AnalyzeOptions& o)
        : rules(r), correlator(r.signatures, o.samples_first, o.samples_last, &r.cited_kinds) {}

    scan::SignatureMatcher& matcher(const std::string& kind) {
        auto& m = matchers[kind];
        if (!m) m = std::make_unique<scan::SignatureMatcher>(rules.signatures, kind);
        return *m;
    }

    void on_record(scan::SignatureMatcher& m, const parsers::cmlog::LogRecord& rec) {
        m.scan(rec.message);
        if (m.hit_count() == 0) return;
        const correlate::RecordContext ctx{rec.file,   rec.line,       rec.offset,   rec.time,
                                           rec.thread, rec.has_thread, rec.severity, rec.message};
        for (size_t k = 0; k < m.hit_count(); ++k)
            correlator.on_match(m.hit(k), m.captures(k), ctx);
    }
};

model::Artifact artifact_from(const parsers::cmlog::FileInfo& info, const std::string& kind) {
    model::Artifact a;
    a.path = info.path;
    a.kind = kind;
    a.sha256 = info.sha256;
    a.size = info.bytes;
    if (!info.ok) {
        a.status = model::ReadStatus::error;
        a.error = info.error;
        return a;
    }
    a.detail = std::string(parsers::cmlog::to_string(info.format)) + ", " +
               std::string(parsers::cmlog::to_string(info.encoding)) + ", " +
               std::to_string(info.records) + " records";
    if (!info.dominant_component.empty()) a.detail += ", component " + info.dominant_component;
    return a;
}

}  // namespace

model::Analysis analyze(const std::vector<std::string>& inputs, const engine::RuleSet& rules,
                        const AnalyzeOptions& options) {
    model::Analysis analysis;
    analysis.tool_version = std::string(tool_version());
    analysis.rules_id = rules.id;

    std::vector<std::string> files;
    expand_inputs(inputs, files, analysis.artifacts);

    Scanner scanner(rules, options);
    parsers::cmlog::ReadOptions read_options;
    read_options.sha256 = options.hash_artifacts;
    std::set<std::string> consumed;
    const std::map<std::string, std::string> partners = rollover_partners(files);
    for (const auto& file : files) {
        if (consumed.count(file)) continue;
        const parsers::detect::Detection detection = parsers::detect::detect_artifact(file);
        if (!detection.supported) {
            model::Artifact a;
            a.path = file;
            a.kind = detection.kind;
            a.status = model::ReadStatus::error;
            a.error = detection.reason;
            a.sha256 = options.hash_artifacts ? parsers::detect::sha256_of_file(file) : "";
            std::error_code ec;
            a.size = static_cast<uint64_t>(fs::file_size(file, ec));
            analysis.artifacts.push_back(std::move(a));
            continue;
        }
        auto& matcher = scanner.matcher(detection.kind);
        auto sink = [&](const parsers::cmlog::LogRecord& rec) { scanner.on_record(matcher, rec); };
        scanner.correlator.begin_stream();
        // NAME.lo_ holds the records written before NAME.log; read them as one stream.
        std::vector<parsers::cmlog::FileInfo> infos;
        const auto found = partners.find(file);
        const std::string partner = found == partners.end() ? std::string() : found->second;
        if (!partner.empty()) {
            const std::string lo = has_ext(file, ".lo_") ? file : partner;
            const std::string log = has_ext(file, ".lo_") ? partner : file;
            infos = parsers::cmlog::read_log_with_rollover(lo, log, sink, read_options);
            consumed.insert(partner);
        } else {
            infos.push_back(parsers::cmlog::read_log(file, sink, read_options));
        }
        scanner.correlator.end_stream();
        for (const auto& info : infos)
            analysis.artifacts.push_back(artifact_from(info, detection.kind));
    }

    correlate::CorrelationResult correlation = scanner.correlator.finish();
    std::set<std::string> kinds_read;
    for (const auto& a : analysis.artifacts)
        if (a.status == model::ReadStatus::ok) kinds_read.insert(a.kind);

    analysis.findings = engine::evaluate_rules(rules, correlation, kinds_read);
    analysis.devices = std::move(correlation.devices);
    if (options.device_timelines)
        for (auto& device : analysis.devices) device.timeline = correlation.timeline(device.id);
    std::sort(analysis.artifacts.begin(), analysis.artifacts.end(),
              [](const model::Artifact& a, const model::Artifact& b) { return a.path < b.path; });
    engine::compute_stage_verdicts(rules.catalog, analysis);
    return analysis;
}

}  // namespace amtdiag
