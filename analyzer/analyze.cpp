#include "analyzer/analyze.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <system_error>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/evaluate.h"
#include "analyzer/engine/stage_verdicts.h"
#include "analyzer/scan/record_scanner.h"
#include "parsers/cmlog/sha256.h"
#include "parsers/reader.h"

#ifndef AMTDIAG_VERSION
#define AMTDIAG_VERSION "0.0.0"
#endif

namespace amtdiag {

namespace fs = std::filesystem;

std::string_view tool_version() {
    return AMTDIAG_VERSION;
}

namespace {

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

// Detection sees the head of every file once; each registered reader says how sure it is.
struct Claim {
    size_t reader = 0;
    parsers::Input input;
};

std::string read_head(const std::string& path, uint64_t& size) {
    std::error_code ec;
    size = static_cast<uint64_t>(fs::file_size(path, ec));
    std::ifstream in(path, std::ios::binary);
    std::string head(parsers::kProbeBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

std::string sha256_of_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    parsers::cmlog::detail::Sha256 hash;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        hash.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    return hash.hex_digest();
}

// Where every reader's output goes: log records through the signatures, typed evidence
// straight into the correlator.
class AnalysisSink final : public parsers::Sink {
  public:
    AnalysisSink(scan::RecordScanner& scanner, correlate::Correlator& correlator)
        : scanner_(scanner), correlator_(correlator) {}
    void log_record(std::string_view kind, const parsers::cmlog::LogRecord& record) override {
        scanner_.scan(kind, record);
    }
    void evidence(const model::Evidence& evidence) override { correlator_.add(evidence); }

  private:
    scan::RecordScanner& scanner_;
    correlate::Correlator& correlator_;
};

// Certificates are judged at the time given, else when the logs last used them (the latest
// provisioning attempt), else now.
engine::EvaluationContext evaluation_context(const AnalyzeOptions& options,
                                             const correlate::CorrelationResult& correlation) {
    engine::EvaluationContext context;
    context.amt_version = options.amt_version;
    if (options.at_ms) {
        context.reference_time_ms = *options.at_ms;
        context.reference_time_source = "the time given with --at";
        return context;
    }
    std::optional<int64_t> latest;
    for (const auto& device : correlation.devices)
        for (const auto& attempt : device.attempts)
            for (const model::LogTime* t : {&attempt.begin_time, &attempt.end_time})
                if (t->has_time && (!latest || t->sort_ms() > *latest)) latest = t->sort_ms();
    if (latest) {
        context.reference_time_ms = *latest;
        context.reference_time_source = "the time of the last provisioning attempt in the logs";
        return context;
    }
    context.reference_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    context.reference_time_source = "the time of this run; --at sets another";
    return context;
}

}  // namespace

model::Analysis analyze(const std::vector<std::string>& inputs, const engine::RuleSet& rules,
                        const AnalyzeOptions& options) {
    model::Analysis analysis;
    analysis.tool_version = std::string(tool_version());
    analysis.rules_id = rules.id;

    std::vector<std::string> files;
    expand_inputs(inputs, files, analysis.artifacts);

    const std::span<const parsers::ReaderEntry> readers = parsers::registered_readers();
    std::vector<std::vector<parsers::Input>> claims(readers.size());
    for (const auto& file : files) {
        uint64_t size = 0;
        const std::string head = read_head(file, size);
        const parsers::Probe probe{file, head, size};
        size_t best = 0;
        parsers::Detection detection;
        std::string why_not;  // the first reader's explanation when nobody claims the file
        for (size_t r = 0; r < readers.size(); ++r) {
            parsers::Detection d = readers[r].detect(probe);
            if (why_not.empty()) why_not = d.reason;
            if (d.confidence > detection.confidence) {
                detection = std::move(d);
                best = r;
            }
        }
        if (detection.confidence > 0 && readers[best].make != nullptr) {
            claims[best].push_back({file, detection.kind});
            continue;
        }
        model::Artifact a;
        a.path = file;
        a.status = model::ReadStatus::error;
        a.kind = detection.confidence > 0 ? detection.kind : model::artifact_kind::unknown;
        a.error = detection.confidence > 0 ? detection.reason : why_not;
        a.sha256 = options.hash_artifacts ? sha256_of_file(file) : "";
        a.size = size;
        analysis.artifacts.push_back(std::move(a));
    }

    correlate::Correlator correlator;
    scan::RecordScanner scanner(rules.signatures, correlator, rules.cited_kinds,
                                options.samples_first, options.samples_last);
    AnalysisSink sink(scanner, correlator);
    parsers::ReaderOptions reader_options;
    reader_options.sha256 = options.hash_artifacts;
    reader_options.pfx_password = options.pfx_password;

    // Every reader groups its files into units (a .lo_ with its .log); the units are read in
    // path order, whichever reader they belong to, so the order of inputs never matters.
    struct Unit {
        size_t reader;
        std::vector<parsers::Input> inputs;
    };
    std::vector<std::unique_ptr<parsers::Reader>> instances(readers.size());
    std::vector<Unit> units;
    for (size_t r = 0; r < readers.size(); ++r) {
        if (claims[r].empty()) continue;
        instances[r] = readers[r].make(reader_options);
        for (const auto& indexes : instances[r]->group(claims[r])) {
            Unit unit{r, {}};
            for (size_t i : indexes) unit.inputs.push_back(claims[r][i]);
            units.push_back(std::move(unit));
        }
    }
    auto first_path = [](const Unit& u) {
        return std::min_element(u.inputs.begin(), u.inputs.end(),
                                [](const auto& a, const auto& b) { return a.path < b.path; })
            ->path;
    };
    std::sort(units.begin(), units.end(),
              [&](const Unit& a, const Unit& b) { return first_path(a) < first_path(b); });
    for (const Unit& unit : units) {
        correlator.begin_stream();
        for (auto& artifact : instances[unit.reader]->read(unit.inputs, sink))
            analysis.artifacts.push_back(std::move(artifact));
        correlator.end_stream();
    }
    for (auto& instance : instances) {
        if (!instance) continue;
        correlator.begin_stream();
        instance->finish(sink);
        correlator.end_stream();
    }

    correlate::CorrelationResult correlation = correlator.finish();
    std::set<std::string> kinds_read;
    for (const auto& a : analysis.artifacts)
        if (a.status == model::ReadStatus::ok) kinds_read.insert(a.kind);

    analysis.findings = engine::evaluate_rules(rules, correlation, kinds_read,
                                               evaluation_context(options, correlation));
    analysis.devices = std::move(correlation.devices);
    if (options.timelines) {
        for (auto& device : analysis.devices) device.timeline = correlation.timeline(device.id);
        analysis.site_timeline = correlation.timeline("");
    }
    std::sort(analysis.artifacts.begin(), analysis.artifacts.end(),
              [](const model::Artifact& a, const model::Artifact& b) { return a.path < b.path; });
    engine::compute_stage_verdicts(rules.catalog, analysis);
    return analysis;
}

}  // namespace amtdiag
