#pragma once
// Joins evidence into devices. Every reader's facts enter here: signature hits from the logs
// (analyzer/scan turns them into facts) and typed evidence from structured readers
// (certificates, captures). Facts naming a device join it (DeviceIndex); key-less log lines
// belong to the open task of their worker thread (TaskTracker); what is kept per device and
// kind is bounded (evidence_store.h). One streaming pass.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/correlate/evidence_store.h"
#include "analyzer/correlate/fact.h"
#include "analyzer/correlate/task_tracker.h"
#include "analyzer/model/device.h"
#include "analyzer/model/evidence.h"

namespace amtdiag::correlate {

// Evidence of one kind for one scope: the exact count and the kept samples, still compact.
struct KindEvidence {
    const std::string* kind = nullptr;  // its name, held by the scope's name table
    uint64_t count = 0;
    std::vector<Sample> samples;  // in reading order
    Retention retention;
};

// One scope's evidence (a device's, or the site's), by kind: a vector sorted by kind name. A
// fleet has some 45 kinds on each of thousands of devices; a tree node per device and kind
// cost 70 bytes each and a heap call, about 30 MB for 10,000 devices.
class ScopeEvidence {
  public:
    ScopeEvidence() = default;
    // `kinds` name their kinds in `names`; sorted here.
    ScopeEvidence(std::shared_ptr<const NameTable> names, std::vector<KindEvidence> kinds);

    // The evidence of `kind`, or null.
    const KindEvidence* find(std::string_view kind) const;
    bool contains(std::string_view kind) const { return find(kind) != nullptr; }
    size_t count(std::string_view kind) const { return contains(kind) ? 1 : 0; }
    // The evidence of `kind`; std::out_of_range when missing.
    const KindEvidence& at(std::string_view kind) const;
    // The evidence of `kind`, added empty when missing (for building results by hand).
    KindEvidence& operator[](std::string_view kind);

    std::vector<KindEvidence>::const_iterator begin() const { return kinds_.begin(); }
    std::vector<KindEvidence>::const_iterator end() const { return kinds_.end(); }
    size_t size() const { return kinds_.size(); }
    bool empty() const { return kinds_.empty(); }

  private:
    std::shared_ptr<const NameTable> names_;  // keeps the kinds' names alive
    std::shared_ptr<NameTable> own_names_;    // names added through operator[]
    std::vector<KindEvidence> kinds_;
};

struct CorrelationResult {
    std::vector<model::Device> devices;  // sorted by id
    // Per device id ("" = site: evidence that names no device), evidence by kind.
    std::map<std::string, ScopeEvidence> evidence;
    std::map<std::string, uint64_t> total_counts;  // by kind, over everything
    std::shared_ptr<const SampleDecoder> decoder;

    // The retained evidence of one device (or "" for the site) in reading order.
    std::vector<model::Evidence> timeline(const std::string& device_id) const;
};

class Correlator {
  public:
    explicit Correlator(TaskPolicy task_policy = {});
    ~Correlator();
    Correlator(const Correlator&) = delete;
    Correlator& operator=(const Correlator&) = delete;

    // Numbers an evidence kind and fixes how much of it is kept per device. Declaring a kind
    // again returns the same id (the first retention stays).
    uint32_t declare_kind(std::string_view kind, Retention retention);

    // One stream of records (a log, or a .lo_/.log pair read as one). Tasks still open when
    // the stream ends are closed as "incomplete".
    void begin_stream();
    void end_stream();

    // A fact whose kind was declared. Views are copied as needed; nothing is kept.
    void add(const Fact& fact);
    // Typed evidence from a structured reader; an undeclared kind keeps everything.
    void add(const model::Evidence& evidence);

    CorrelationResult finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace amtdiag::correlate
