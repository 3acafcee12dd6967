#pragma once
// Turns signature matches into devices: each match becomes evidence, evidence naming a device
// (FQDN, host, UUID in either byte order, MachineId, IP, MAC) joins that device, and the lines
// between "Provision task begin" and "Provision task end" on one worker thread belong to the
// task's target even when they do not name it. Works in one streaming pass.
#include <cstdint>
#include <map>
#include <memory>
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

// Evidence of one kind for one scope, as the rules see it.
struct KindEvidence {
    uint64_t count = 0;
    std::vector<model::Evidence> samples;
};

struct CorrelationResult {
    std::vector<model::Device> devices;  // sorted by id; timeline filled from samples
    // Per device id ("" = site: evidence that names no device), evidence by kind.
    std::map<std::string, std::map<std::string, KindEvidence>> evidence;
    std::map<std::string, uint64_t> total_counts;  // by kind, over everything
};

class Correlator {
public:
    explicit Correlator(const std::vector<scan::Signature>& signatures, size_t keep_first = 8,
                        size_t keep_last = 8);
    ~Correlator();
    Correlator(const Correlator&) = delete;
    Correlator& operator=(const Correlator&) = delete;

    // One stream of records (a log, or a .lo_/.log pair read as one). Tasks still open when
    // the stream ends are closed as "incomplete".
    void begin_stream();
    void on_match(int signature_index, const std::vector<scan::Capture>& captures,
                  const RecordContext& record);
    void end_stream();

    CorrelationResult finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace amtdiag::correlate
