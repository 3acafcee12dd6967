#pragma once
// Turns signature matches into devices: each match becomes evidence, evidence naming a device
// (FQDN, host, UUID in either byte order, MachineId, IP, MAC) joins that device, and the lines
// between "Provision task begin" and "Provision task end" on one worker thread belong to the
// task's target even when they do not name it. Works in one streaming pass.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/correlate/evidence_store.h"
#include "analyzer/model/device.h"
#include "analyzer/model/log_time.h"
#include "analyzer/scan/signature.h"
#include "analyzer/scan/signature_matcher.h"

namespace amtdiag::correlate {

// What the correlator needs to know of one record besides the match.
struct RecordContext {
    std::string_view artifact;  // path of the physical file
    uint64_t line = 0;
    uint64_t offset = 0;
    model::LogTime time;
    uint32_t thread = 0;
    bool has_thread = false;
    model::Severity severity = model::Severity::none;
    std::string_view message;
};

// Evidence of one kind for one scope: the exact count and the kept samples, still compact.
struct KindEvidence {
    uint64_t count = 0;
    std::vector<Sample> samples;
};

// Turns compact samples into model::Evidence. Evidence is built only when a rule looks at it
// or a finding cites it: building all of it up front costs more memory than the whole scan.
class SampleDecoder {
  public:
    SampleDecoder(const std::vector<scan::Signature>& signatures,
                  std::vector<std::string> kind_names, std::vector<int> kind_of_signature,
                  std::vector<std::string> artifact_names)
        : signatures_(signatures),
          kind_names_(std::move(kind_names)),
          kind_of_signature_(std::move(kind_of_signature)),
          artifact_names_(std::move(artifact_names)) {}
    model::Evidence decode(const Sample& sample) const;

  private:
    const std::vector<scan::Signature>& signatures_;
    std::vector<std::string> kind_names_;
    std::vector<int> kind_of_signature_;
    std::vector<std::string> artifact_names_;
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
    // Per device and kind, the first `keep_first` and last `keep_last` occurrences are kept.
    // When `cited_kinds` is given, kinds outside it (no rule looks at their lines) keep only
    // their first occurrence: memory goes where the rules need it.
    explicit Correlator(const std::vector<scan::Signature>& signatures, size_t keep_first = 3,
                        size_t keep_last = 3, const std::set<std::string>* cited_kinds = nullptr);
    ~Correlator();
    Correlator(const Correlator&) = delete;
    Correlator& operator=(const Correlator&) = delete;

    // One stream of records (a log, or a .lo_/.log pair read as one). Tasks still open when
    // the stream ends are closed as "incomplete".
    void begin_stream();
    void on_match(int signature_index, std::span<const scan::Capture> captures,
                  const RecordContext& record);
    void end_stream();

    CorrelationResult finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace amtdiag::correlate
