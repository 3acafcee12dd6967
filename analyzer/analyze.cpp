#include "analyzer/analyze.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <variant>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/answers.h"
#include "analyzer/engine/evaluate.h"
#include "analyzer/engine/stage_verdicts.h"
#include "analyzer/inputs.h"
#include "analyzer/progress_tracker.h"
#include "analyzer/read_ahead.h"
#include "analyzer/scan/log_kind.h"
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
// Standard input is read from a spool file; its evidence says "-". Returns `record`, or a
// copy in `scratch` named `to` when it comes from `from`.
const parsers::cmlog::LogRecord& named(const parsers::cmlog::LogRecord& record,
                                       const std::string& from, const std::string& to,
                                       parsers::cmlog::LogRecord& scratch) {
    if (from.empty() || record.file != from) return record;
    scratch = record;
    scratch.file = to;
    return scratch;
}

// The records of a log read in pieces: each piece matched on its reading thread, its hits
// committed in file order to the correlating thread.
class ScannerPieces final : public parsers::cmlog::PieceSink {
  public:
    ScannerPieces(scan::RecordScanner& scanner, const std::string& from, const std::string& to)
        : scanner_(scanner), from_(from), to_(to) {}
    void set_kind(std::string_view kind) { kind_.assign(kind); }

    std::unique_ptr<parsers::cmlog::PieceRecords> open(size_t worker) override {
        return std::make_unique<Records>(scanner_.open_piece(worker, kind_), from_, to_);
    }
    void commit(parsers::cmlog::PieceRecords& piece, uint64_t lines_before) override {
        scanner_.commit(*static_cast<Records&>(piece).piece, lines_before);
    }

  private:
    struct Records final : parsers::cmlog::PieceRecords {
        Records(std::unique_ptr<scan::RecordScanner::Piece> p, const std::string& from,
                const std::string& to)
            : piece(std::move(p)), from_(from), to_(to) {}
        void add(const parsers::cmlog::LogRecord& record) override {
            piece->scan(named(record, from_, to_, scratch_));
        }
        std::unique_ptr<scan::RecordScanner::Piece> piece;
        const std::string& from_;
        const std::string& to_;
        parsers::cmlog::LogRecord scratch_;  // reused: no fresh record per line
    };
    scan::RecordScanner& scanner_;
    const std::string& from_;
    const std::string& to_;
    std::string kind_;
};

class AnalysisSink final : public parsers::Sink {
  public:
    // `jobs` > 1: large logs may be read in pieces on that many threads (the scanner must be
    // pipelined then).
    AnalysisSink(scan::RecordScanner& scanner, correlate::Correlator& correlator, size_t jobs)
        : scanner_(scanner), correlator_(correlator), jobs_(jobs), pieces_(scanner, from_, to_) {
        if (jobs_ > 1) scanner_.prepare_workers(jobs_ + 1);
    }
    parsers::cmlog::PieceSink* log_pieces(std::string_view kind) override {
        if (jobs_ <= 1) return nullptr;
        pieces_.set_kind(kind);
        return &pieces_;
    }
    // Standard input is read from a spool file; its evidence says "-".
    void rename(std::string from, std::string to) {
        from_ = std::move(from);
        to_ = std::move(to);
    }
    void log_record(std::string_view kind, const parsers::cmlog::LogRecord& record) override {
        scanner_.scan(kind, named(record, from_, to_, scratch_));
    }
    void evidence(const model::Evidence& evidence) override {
        scanner_.flush();  // evidence joins the log facts in reading order
        if (from_.empty() || evidence.ref.artifact != from_) {
            correlator_.add(evidence);
            return;
        }
        model::Evidence renamed = evidence;
        renamed.ref.artifact = to_;
        correlator_.add(renamed);
    }
    const std::string& from() const { return from_; }
    const std::string& to() const { return to_; }

  private:
    scan::RecordScanner& scanner_;
    correlate::Correlator& correlator_;
    size_t jobs_;
    std::string from_, to_;
    parsers::cmlog::LogRecord scratch_;  // reused: no fresh record per line
    ScannerPieces pieces_;
};

// A unit read ahead on a worker thread (several files in parallel, read_ahead.h): its records
// matched there with that worker's own matchers, its hits and evidence kept in reading order
// until the calling thread commits them in unit order.
struct UnitRead {
    using Segment = std::variant<std::unique_ptr<scan::RecordScanner::Piece>, model::Evidence>;
    std::vector<Segment> segments;
    std::vector<model::Artifact> artifacts;
    // The blocks the reader reported (ReaderOptions::on_bytes), replayed to the progress
    // callback on the calling thread when the unit is committed: progress and cancelling
    // step block by block as when the calling thread reads the unit itself.
    std::vector<uint64_t> blocks;
};

class ReadAheadSink final : public parsers::Sink {
  public:
    ReadAheadSink(scan::RecordScanner& scanner, size_t worker, const std::string& from,
                  const std::string& to, UnitRead& out)
        : scanner_(scanner), worker_(worker), from_(from), to_(to), out_(out) {}
    void log_record(std::string_view kind, const parsers::cmlog::LogRecord& record) override {
        if (piece_ == nullptr || kind != kind_) {
            kind_.assign(kind);
            auto piece = scanner_.open_piece(worker_, kind);
            piece_ = piece.get();
            out_.segments.emplace_back(std::move(piece));
        }
        piece_->scan(named(record, from_, to_, scratch_));
    }
    void evidence(const model::Evidence& evidence) override {
        piece_ = nullptr;  // records after it start a piece of their own, after it
        model::Evidence& kept = std::get<model::Evidence>(out_.segments.emplace_back(evidence));
        if (!from_.empty() && kept.ref.artifact == from_) kept.ref.artifact = to_;
    }

  private:
    scan::RecordScanner& scanner_;
    size_t worker_;
    const std::string& from_;
    const std::string& to_;
    UnitRead& out_;
    scan::RecordScanner::Piece* piece_ = nullptr;
    std::string kind_;
    parsers::cmlog::LogRecord scratch_;
};

// The artifacts of a unit that a reader could not read because it failed (a bug, never bad
// input): the run goes on without them.
std::vector<model::Artifact> failed_unit(std::span<const parsers::Input> unit,
                                         const std::string& what) {
    std::vector<model::Artifact> out;
    for (const auto& input : unit) {
        model::Artifact a;
        a.path = input.path.string();
        a.kind = input.kind;
        a.status = model::ReadStatus::error;
        a.error = "internal error while reading (please report it): " + what;
        out.push_back(std::move(a));
    }
    return out;
}

// How long the log must go on without an open task to call it abandoned: rule data
// (`data.amt.task_abandoned_after_minutes`, `..._after_lines`), so a site can tune it.
correlate::TaskPolicy task_policy(const engine::RuleSet& rules) {
    correlate::TaskPolicy policy;
    const auto amt = rules.data.find("amt");
    if (amt == rules.data.end() || amt->second.type() != engine::expr::ValueType::map)
        return policy;
    const engine::expr::Map& values = amt->second.as_map();
    auto number = [&](const char* key) -> std::optional<int64_t> {
        auto it = values.find(key);
        if (it == values.end() || it->second.type() != engine::expr::ValueType::integer)
            return std::nullopt;
        return it->second.as_int();
    };
    if (auto minutes = number("task_abandoned_after_minutes"))
        policy.abandoned_after_ms = *minutes * 60 * 1000;
    if (auto facts = number("task_abandoned_after_lines"))
        policy.abandoned_after_facts = static_cast<uint64_t>(*facts);
    return policy;
}

// Certificates are judged at the time given, else when the logs last used them (the latest
// provisioning attempt), else now.
engine::EvaluationContext evaluation_context(const AnalyzeOptions& options,
                                             const correlate::CorrelationResult& correlation) {
    engine::EvaluationContext context;
    context.amt_version = options.amt_version;
    context.mode = options.mode;
    context.jobs =
        options.jobs != 0 ? options.jobs : std::max<size_t>(1, std::thread::hardware_concurrency());
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

// Reports name files as the user did ("-" for standard input), say which other names reached
// the same file, and list copies beside the original they were not read instead of.
void name_artifacts(std::vector<model::Artifact>& artifacts,
                    const inputs::CollectedInputs& collected) {
    std::map<std::string, size_t> index;
    for (const auto& f : collected.files) {
        if (!f.copy_of.empty()) continue;
        for (size_t i = 0; i < artifacts.size(); ++i) {
            if (artifacts[i].path != f.read_path) continue;
            artifacts[i].path = f.path;
            if (!f.aliases.empty()) {
                std::string also;
                for (const auto& alias : f.aliases) also += (also.empty() ? "" : ", ") + alias;
                artifacts[i].detail += (artifacts[i].detail.empty() ? "" : "; ") +
                                       std::string("read once, also named ") + also;
            }
            index[f.path] = i;
        }
    }
    for (const auto& f : collected.files) {
        if (f.copy_of.empty()) continue;
        model::Artifact a;
        a.path = f.path;
        a.size = f.size;
        if (auto it = index.find(f.copy_of); it != index.end()) {
            a.kind = artifacts[it->second].kind;
            a.sha256 = artifacts[it->second].sha256;
        }
        a.detail = "the same bytes as " + f.copy_of + ": read once";
        artifacts.push_back(std::move(a));
    }
}

}  // namespace

size_t effective_jobs(const AnalyzeOptions& options) {
    return options.jobs != 0 ? options.jobs
                             : std::max<size_t>(1, std::thread::hardware_concurrency());
}

model::Analysis analyze(const std::vector<std::string>& input_names, const engine::RuleSet& rules,
                        const AnalyzeOptions& options) {
    PhaseClock clock(options.timings);
    model::Analysis analysis;
    analysis.tool_version = std::string(tool_version());
    analysis.rules_id = rules.id;

    inputs::CollectedInputs collected = inputs::collect_inputs(input_names);
    analysis.artifacts = std::move(collected.errors);

    const std::span<const parsers::ReaderEntry> readers = parsers::registered_readers();
    std::vector<std::vector<parsers::Input>> claims(readers.size());
    std::unique_ptr<scan::LogKindClassifier> classifier;     // built only if a file needs it
    std::map<std::filesystem::path, uint64_t> claimed_size;  // what progress counts against
    for (const auto& input : collected.files) {
        if (!input.copy_of.empty()) continue;  // listed after the read, beside its original
        const std::string& file = input.read_path;
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
        if (detection.kind_from_signatures) {
            // Content decides over the reader's guess (a file name, "some ConfigMgr log").
            if (!classifier)
                classifier = std::make_unique<scan::LogKindClassifier>(rules.signatures);
            if (auto kind = classifier->classify(head, detection.kind))
                detection.kind = *kind;
            else if (detection.kind.empty())
                detection.confidence = 0;  // text no signature knows: not a log of ours
        }
        if (detection.confidence > 0 && readers[best].make != nullptr) {
            claims[best].push_back({file, detection.kind});
            claimed_size[file] = size;
            continue;
        }
        model::Artifact a;
        a.path = file;
        a.status = model::ReadStatus::error;
        a.kind = detection.confidence > 0 ? detection.kind : model::artifact_kind::unknown;
        a.error = !detection.reason.empty() ? detection.reason : why_not;
        a.sha256 = options.hash_artifacts ? sha256_of_file(file) : "";
        a.size = size;
        analysis.artifacts.push_back(std::move(a));
    }

    clock.lap("detect");
    correlate::Correlator correlator(task_policy(rules));
    // With a second core, correlating overlaps reading and matching (scan/hit_pipeline.h).
    const bool pipelined = effective_jobs(options) > 1;
    scan::RecordScanner scanner(rules.signatures, correlator, rules.cited_kinds,
                                options.samples_first, options.samples_last, pipelined);
    AnalysisSink sink(scanner, correlator, pipelined ? effective_jobs(options) : 1);
    for (const auto& f : collected.files)
        if (f.read_path != f.path) sink.rename(f.read_path, f.path);
    ProgressTracker progress(options.progress);
    for (const auto& [path, size] : claimed_size) progress.add_file(size);
    parsers::ReaderOptions reader_options;
    reader_options.sha256 = options.hash_artifacts;
    reader_options.pfx_password = options.pfx_password;
    reader_options.jobs = effective_jobs(options);
    reader_options.piece_bytes = options.piece_bytes;
    if (options.progress) reader_options.on_bytes = [&](uint64_t n) { progress.consumed(n); };

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
    auto unit_size = [&](const Unit& unit) {
        uint64_t bytes = 0;
        for (const auto& input : unit.inputs) bytes += claimed_size[input.path];
        return bytes;
    };

    // Several files in parallel: units their reader can read on another thread go to
    // workers ahead of the one being correlated (read_ahead.h); each worker reads with
    // instances of its own and matches with matchers of its own (ids after the pieces').
    constexpr size_t kNotAhead = ~size_t{0};
    std::vector<size_t> ahead_index(units.size(), kNotAhead);
    std::vector<const Unit*> ahead_units;
    if (pipelined)
        for (size_t u = 0; u < units.size(); ++u)
            if (instances[units[u].reader]->reads_ahead(units[u].inputs, unit_size(units[u]))) {
                ahead_index[u] = ahead_units.size();
                ahead_units.push_back(&units[u]);
            }
    const size_t jobs = effective_jobs(options);
    const size_t ahead_workers = jobs - 1;
    // Each worker's readers are made on its first use of them ([worker][reader]); they report
    // their blocks into the unit the worker is reading.
    std::vector<std::vector<std::unique_ptr<parsers::Reader>>> worker_readers(ahead_workers);
    for (auto& mine : worker_readers) mine.resize(readers.size());
    std::vector<UnitRead*> worker_unit(ahead_workers, nullptr);
    std::optional<ReadAhead<UnitRead>> ahead;
    if (ahead_units.size() >= 2 && ahead_workers > 0) {
        const size_t first_worker_id = jobs + 1;  // AnalysisSink's pieces use 0 .. jobs
        scanner.prepare_workers(first_worker_id + ahead_workers);
        ahead.emplace(ahead_units.size(), ahead_workers, 2 * jobs,
                      [&, first_worker_id](size_t index, size_t w) {
                          const Unit& unit = *ahead_units[index];
                          auto& reader = worker_readers[w][unit.reader];
                          if (!reader) {
                              parsers::ReaderOptions mine = reader_options;
                              mine.jobs = 1;
                              mine.on_bytes = nullptr;
                              if (options.progress)
                                  mine.on_bytes = [&unit_read = worker_unit[w]](uint64_t n) {
                                      unit_read->blocks.push_back(n);
                                  };
                              reader = readers[unit.reader].make(mine);
                          }
                          UnitRead out;
                          worker_unit[w] = &out;
                          ReadAheadSink worker_sink(scanner, first_worker_id + w, sink.from(),
                                                    sink.to(), out);
                          try {
                              out.artifacts = reader->read(unit.inputs, worker_sink);
                          } catch (const std::exception& e) {
                              out.artifacts = failed_unit(unit.inputs, e.what());
                          }
                          return out;
                      });
    }

    for (size_t u = 0; u < units.size(); ++u) {
        const Unit& unit = units[u];
        correlator.begin_stream();
        const uint64_t unit_bytes = unit_size(unit);
        progress.begin_unit(unit.inputs.front().path.string());
        std::vector<model::Artifact> read;
        std::optional<UnitRead> read_early;
        if (ahead && ahead_index[u] != kNotAhead) read_early = ahead->take(ahead_index[u]);
        if (read_early) {
            for (auto& segment : read_early->segments) {
                if (auto* piece =
                        std::get_if<std::unique_ptr<scan::RecordScanner::Piece>>(&segment))
                    scanner.commit(**piece, 0);  // read from the unit's start: lines as they are
                else
                    sink.evidence(std::get<model::Evidence>(segment));
            }
            read = std::move(read_early->artifacts);
            for (const uint64_t n : read_early->blocks) progress.consumed(n);
        } else {
            try {
                read = instances[unit.reader]->read(unit.inputs, sink);
            } catch (const AnalysisCancelled&) {
                throw;
            } catch (const std::exception& e) {
                read = failed_unit(unit.inputs, e.what());
            }
        }
        for (auto& artifact : read) {
            // Readers that do not hash what they read (empty files) still get the digest.
            if (options.hash_artifacts && artifact.sha256.empty() &&
                artifact.status == model::ReadStatus::ok)
                artifact.sha256 = sha256_of_file(artifact.path);
            analysis.artifacts.push_back(std::move(artifact));
        }
        scanner.flush();
        correlator.end_stream();
        progress.end_unit(unit_bytes, unit.inputs.size());
    }
    if (options.units_read_ahead != nullptr)
        *options.units_read_ahead = ahead ? ahead->read_ahead() : 0;
    ahead.reset();  // joins the workers: nothing of theirs outlives the loop
    progress.finished();
    for (size_t r = 0; r < instances.size(); ++r) {
        if (!instances[r]) continue;
        correlator.begin_stream();
        try {
            instances[r]->finish(sink);
        } catch (const std::exception& e) {
            model::Artifact a;
            a.path = std::string(readers[r].name) + " reader";
            a.status = model::ReadStatus::error;
            a.error = "internal error after reading (please report it): " + std::string(e.what());
            analysis.artifacts.push_back(std::move(a));
        }
        correlator.end_stream();
    }
    name_artifacts(analysis.artifacts, collected);

    clock.lap("read+match");
    correlate::CorrelationResult correlation = correlator.finish();
    clock.lap("correlate");
    std::set<std::string> kinds_read;
    for (const auto& a : analysis.artifacts) {
        if (a.status != model::ReadStatus::ok) continue;
        kinds_read.insert(a.kind);
        kinds_read.insert(a.provides.begin(), a.provides.end());
    }

    analysis.findings = engine::evaluate_rules(rules, correlation, kinds_read,
                                               evaluation_context(options, correlation));
    clock.lap("evaluate");
    engine::apply_answers(rules, options.answers, analysis.findings);
    analysis.answers = options.answers;
    analysis.devices = std::move(correlation.devices);
    if (options.timelines) {
        for (auto& device : analysis.devices) device.timeline = correlation.timeline(device.id);
        analysis.site_timeline = correlation.timeline("");
    }
    std::sort(analysis.artifacts.begin(), analysis.artifacts.end(),
              [](const model::Artifact& a, const model::Artifact& b) { return a.path < b.path; });
    engine::compute_stage_verdicts(rules.catalog, analysis);
    if (options.keep_evidence != nullptr)
        *options.keep_evidence =
            std::make_shared<correlate::CorrelationResult>(std::move(correlation));
    clock.lap("stages");
    return analysis;
}

}  // namespace amtdiag
