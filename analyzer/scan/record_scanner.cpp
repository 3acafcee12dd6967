#include "analyzer/scan/record_scanner.h"

#include <algorithm>

namespace amtdiag::scan {

struct RecordScanner::SignatureFacts {
    uint32_t kind = 0;
    correlate::TaskMark task;
};

namespace {

correlate::TaskRole role_of(AttemptRole role) {
    switch (role) {
        case AttemptRole::begin:
            return correlate::TaskRole::begin;
        case AttemptRole::target:
            return correlate::TaskRole::target;
        case AttemptRole::end:
            return correlate::TaskRole::end;
        case AttemptRole::none:
            break;
    }
    return correlate::TaskRole::none;
}

model::Attempt::Type task_type_of(const std::string& type) {
    if (type == "provision") return model::Attempt::Type::provision;
    if (type == "unprovision") return model::Attempt::Type::unprovision;
    return model::Attempt::Type::unknown;
}

}  // namespace

RecordScanner::RecordScanner(std::span<const Signature> signatures,
                             correlate::Correlator& correlator,
                             const std::set<std::string>& cited_kinds, size_t keep_first,
                             size_t keep_last, bool pipelined)
    : signatures_(signatures), correlator_(correlator) {
    for (const Signature& sig : signatures) {
        // A kind no rule reads keeps its first line only: enough for a timeline to show when
        // it started, and it is most of the memory on logs of thousands of devices.
        const bool cited = cited_kinds.count(sig.emits) > 0;
        const correlate::Retention retention{
            static_cast<uint32_t>(cited ? keep_first : std::min<size_t>(keep_first, 1)),
            static_cast<uint32_t>(cited ? keep_last : 0)};
        SignatureFacts facts;
        facts.kind = correlator_.declare_kind(sig.emits, retention);
        const std::string_view step = !sig.progress           ? std::string_view()
                                      : sig.milestone.empty() ? std::string_view(sig.id)
                                                              : std::string_view(sig.milestone);
        facts.task = {role_of(sig.attempt), task_type_of(sig.attempt_type), sig.attempt_success,
                      step};
        per_signature_.push_back(facts);
    }
    if (pipelined)
        pipeline_ = std::make_unique<HitPipeline>(
            [this](uint32_t index, const parsers::cmlog::LogRecord& rec,
                   std::span<const Capture> captures) { deliver(index, rec, captures); });
}

RecordScanner::~RecordScanner() = default;

SignatureMatcher& RecordScanner::matcher_in(Matchers& matchers, std::string_view artifact_kind) {
    auto it = matchers.find(artifact_kind);
    if (it == matchers.end())
        it = matchers
                 .emplace(std::string(artifact_kind),
                          std::make_unique<SignatureMatcher>(signatures_, artifact_kind))
                 .first;
    return *it->second;
}

SignatureMatcher& RecordScanner::matcher(std::string_view artifact_kind) {
    // Records of one artifact arrive together: the last matcher is nearly always the one.
    if (last_matcher_ != nullptr && artifact_kind == last_kind_) return *last_matcher_;
    last_matcher_ = &matcher_in(matchers_, artifact_kind);
    last_kind_.assign(artifact_kind);
    return *last_matcher_;
}

void RecordScanner::Piece::scan(const parsers::cmlog::LogRecord& record) {
    matcher_.scan(record.message);
    if (matcher_.hit_count() == 0) return;
    if (batches_.empty() || batches_.back().full()) batches_.push_back(pipeline_.spare());
    batches_.back().add_hits(record, matcher_);
}

void RecordScanner::prepare_workers(size_t workers) {
    if (worker_matchers_.size() < workers) worker_matchers_.resize(workers);
}

std::unique_ptr<RecordScanner::Piece> RecordScanner::open_piece(size_t worker,
                                                                std::string_view artifact_kind) {
    return std::make_unique<Piece>(matcher_in(worker_matchers_.at(worker), artifact_kind),
                                   *pipeline_);
}

void RecordScanner::commit(Piece& piece, uint64_t lines_before) {
    for (HitBatch& batch : piece.batches_) {
        batch.set_lines_before(lines_before);
        pipeline_->submit(std::move(batch));
    }
    piece.batches_.clear();
}

void RecordScanner::scan(std::string_view artifact_kind, const parsers::cmlog::LogRecord& rec) {
    SignatureMatcher& m = matcher(artifact_kind);
    m.scan(rec.message);
    if (m.hit_count() == 0) return;
    if (pipeline_) {
        pipeline_->batch().add_hits(rec, m);
        return;
    }
    for (size_t k = 0; k < m.hit_count(); ++k)
        deliver(static_cast<size_t>(m.hit(k)), rec, m.captures(k));
}

void RecordScanner::flush() {
    if (pipeline_) pipeline_->flush();
}

void RecordScanner::deliver(size_t index, const parsers::cmlog::LogRecord& rec,
                            std::span<const Capture> captures) {
    const Signature& sig = signatures_[index];
    correlate::Fact fact;
    fact.kind = per_signature_[index].kind;
    fact.task = per_signature_[index].task;
    fields_.clear();
    for (const Capture& c : captures) {
        if (c.name == "fqdn")
            fact.keys.fqdn = c.value;
        else if (c.name == "host")
            fact.keys.host = c.value;
        else if (c.name == "uuid")
            fact.keys.uuid = c.value;
        else if (c.name == "machine_id")
            fact.keys.machine_id = c.value;
        else if (c.name == "ip")
            fact.keys.ip = c.value;
        else if (c.name == "mac")
            fact.keys.mac = c.value;
        else
            fields_.push_back({c.name, c.value, model::AttrType::string, nullptr});
        if (c.name == "firmware") fact.firmware = c.value;
    }
    fact.fields = fields_;
    fact.artifact = rec.file;
    fact.line = rec.line;
    fact.offset = rec.offset;
    fact.excerpt = rec.message;
    fact.origin = sig.id;
    fact.time = rec.time;
    // The record's own severity (CCM type=, else CMTrace's keyword rule) wins; the
    // signature's applies to records that carry neither.
    fact.severity = rec.severity != model::Severity::none ? rec.severity : sig.severity;
    fact.thread = rec.thread;
    fact.has_thread = rec.has_thread;
    fact.mode = sig.mode;
    correlator_.add(fact);
}

}  // namespace amtdiag::scan
