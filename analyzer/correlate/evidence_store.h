#pragma once
// Bounded evidence per (device, kind): the exact count, plus the first and the last few
// occurrences as samples. A 1 GiB log holds millions of milestone lines; the rules need the
// counts and a handful of citations, not every line, and memory must not grow with file size.
// Structured readers (certificates) declare kinds that keep everything they emit.
//
// A sample is compact on purpose: one string holds the excerpt and the values that are not
// inside it, and each field refers to its bytes by offset. Samples are written on the hot
// path, and overwriting a ring slot reuses its buffers, so the steady state does not
// allocate. Samples become model::Evidence (SampleDecoder) only when a rule or report looks.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/correlate/fact.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"

namespace amtdiag::correlate {

// How many occurrences of a kind are kept per device (the count is always exact).
struct Retention {
    uint32_t first = 3;
    uint32_t last = 3;
};
// For readers whose facts are few and all matter (every certificate of a chain).
inline constexpr Retention kKeepAll{std::numeric_limits<uint32_t>::max() / 2, 0};

// Small strings seen over and over (field names, artifact paths, evidence kinds), numbered
// once. Views handed out stay valid as long as the table lives.
class NameTable {
  public:
    uint32_t id(std::string_view name);
    const std::string& name(uint32_t id) const { return names_[id]; }
    size_t size() const { return names_.size(); }
    // The id of a name already in the table, or -1.
    int64_t find(std::string_view name) const;

  private:
    std::deque<std::string> names_;  // a deque: growing it never moves a stored name
    std::unordered_map<std::string_view, uint32_t> index_;
};

struct FieldRef {
    uint32_t name = 0;  // NameTable id
    model::AttrType type = model::AttrType::string;
    bool key = false;     // a device identifier (fqdn, host, uuid, machine_id, ip, mac)
    uint32_t offset = 0;  // of the value inside Sample::text()
    uint32_t length = 0;  // kEmptyList: a list without items (lists store one ref per item)
};
inline constexpr uint32_t kEmptyList = std::numeric_limits<uint32_t>::max();

struct Sample {
    uint64_t sequence = 0;
    uint64_t line = 0;
    uint64_t packet = 0;
    uint64_t offset = 0;
    model::LogTime time;
    uint32_t origin = 0;    // NameTable id of the producing signature ("" when none)
    uint32_t artifact = 0;  // NameTable id of the artifact path
    uint32_t item = 0;
    uint32_t excerpt_size = 0;  // text()[0, excerpt_size) is the excerpt
    uint32_t field_count = 0;
    model::Severity severity = model::Severity::none;
    // One block for the whole sample: field_count FieldRefs (as bytes), then the text (the
    // excerpt, then the values that are not inside it). A fleet keeps millions of samples; a
    // second allocation for the fields cost 40-odd bytes and a malloc call each.
    std::string data;

    std::string_view text() const {
        return std::string_view(data).substr(size_t{field_count} * sizeof(FieldRef));
    }
    FieldRef field(size_t i) const {
        FieldRef ref;
        std::memcpy(&ref, data.data() + i * sizeof(FieldRef), sizeof ref);
        return ref;
    }
};

// Writes a fact into a sample slot, reusing the slot's buffers. Field names, the origin and
// the artifact path are numbered in `names`.
void fill_sample(Sample& sample, const Fact& fact, uint64_t sequence, NameTable& names);

class KindSamples {
  public:
    explicit KindSamples(Retention retention = {})
        : keep_first_(retention.first), keep_last_(retention.last) {}

    uint64_t count() const { return count_; }

    // Records one occurrence; `fill` writes the sample into the slot it is given (an old
    // slot of the ring when it wraps: reuse its capacity, do not reallocate).
    template <class Fill>
    void add(Fill&& fill) {
        ++count_;
        const size_t keep = size_t{keep_first_} + keep_last_;
        if (kept_.size() < keep) {
            // Grown by doubling but never past what is kept: a vector doubled from 4 to 8
            // for 6 samples left two empty slots behind for every device and kind.
            if (kept_.size() == kept_.capacity())
                kept_.reserve(std::min(keep, std::max<size_t>(2 * kept_.capacity(), 1)));
            fill(kept_.emplace_back());
            return;
        }
        if (keep_last_ == 0) return;
        fill(kept_[keep_first_ + ring_]);
        ring_ = (ring_ + 1) % keep_last_;
    }

    // Adds everything of `other` (another draft of the same device) into this one.
    void merge(KindSamples&& other);

    // The kept samples in reading order.
    std::vector<Sample> samples() const;
    // The same, moved out (the store is left empty of samples).
    std::vector<Sample> take_samples();

  private:
    // Puts `kept` (this store's kept_ or a copy of it) in reading order: the ring rotated so
    // that its oldest slot comes first.
    void to_reading_order(std::vector<Sample>& kept) const;

    // Small on purpose: there is one per device and evidence kind, thousands of them.
    uint64_t count_ = 0;
    std::vector<Sample> kept_;  // [0, keep_first) the first ones, then the ring of the last
    uint32_t keep_first_;
    uint32_t keep_last_;
    uint32_t ring_ = 0;  // oldest slot of the ring once it is full
};

// Turns compact samples into model::Evidence. Evidence is built only when a rule looks at it
// or a finding cites it: building all of it up front costs more memory than the whole scan.
// Secrets in excerpts are masked here, off the hot path.
class SampleDecoder {
  public:
    explicit SampleDecoder(std::shared_ptr<const NameTable> names) : names_(std::move(names)) {}
    model::Evidence decode(std::string_view kind, const Sample& sample) const;

  private:
    std::shared_ptr<const NameTable> names_;
};

}  // namespace amtdiag::correlate
