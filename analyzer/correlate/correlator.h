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
    uint64_t count = 0;
    std::vector<Sample> samples;
    Retention retention;
};

struct CorrelationResult {
    std::vector<model::Device> devices;  // sorted by id
    // Per device id ("" = site: evidence that names no device), evidence by kind.
    std::map<std::string, std::map<std::string, KindEvidence>> evidence;
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
