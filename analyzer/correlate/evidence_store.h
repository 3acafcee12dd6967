#pragma once
// Bounded evidence per (device, kind): the exact count, plus the first and the last few
// occurrences as samples. A 1 GiB log holds millions of milestone lines; the rules need the
// counts and a handful of citations, not every line, and memory must not grow with file size.
// Structured readers (certificates) declare kinds that keep everything they emit.
//
// A sample is compact on purpose: a fleet keeps hundreds of thousands of them. Its sequence
// (what sorting reads) sits beside one heap block that holds everything else as varints:
// the citation (line, packet, offset, time), the names it refers to by number, the text
// (the excerpt, then the values that are not inside it) and one reference per field into the
// text. Overwriting a ring slot reuses its block when the new sample fits, so the steady
// state does not allocate. Samples become model::Evidence (SampleDecoder) only when a rule
// or report looks.
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
    uint32_t offset = 0;  // of the value inside the sample's text
    uint32_t length = 0;  // kEmptyList: a list without items (lists store one ref per item)
};
inline constexpr uint32_t kEmptyList = std::numeric_limits<uint32_t>::max();

// A sample's citation and names, decoded from its block.
struct SampleHeader {
    uint64_t line = 0;
    uint64_t packet = 0;
    uint64_t offset = 0;
    model::LogTime time;
    uint32_t origin = 0;    // NameTable id of the producing signature ("" when none)
    uint32_t artifact = 0;  // NameTable id of the artifact path
    uint32_t item = 0;
    model::Severity severity = model::Severity::none;
    std::string_view excerpt;  // views the sample's block
};

class Sample {
  public:
    Sample() = default;
    // A copy holds its own body, never a view of another sample's.
    Sample(const Sample& other) : sequence(other.sequence) { copy_block(other); }
    Sample& operator=(const Sample& other) {
        if (this != &other) {
            sequence = other.sequence;
            copy_block(other);
        }
        return *this;
    }
    Sample(Sample&&) noexcept = default;
    Sample& operator=(Sample&&) noexcept = default;

    uint64_t sequence = 0;  // reading order over the whole run

    // The citation; `fields` (may be null) receives the field references, `text` the text
    // they refer into.
    SampleHeader header(std::vector<FieldRef>* fields = nullptr,
                        std::string_view* text = nullptr) const;
    // Bytes of the block (for the benchmark's and tests' accounting).
    size_t block_bytes() const;

    // Replaces the content (see SampleWriter for the two parts), reusing the block when it
    // fits and is not much larger.
    void assign(std::string_view header, std::string_view body);
    // The same, with the body another sample holds (`shared` from that sample's body()): only
    // a pointer to it is kept. That sample must outlive this one and keep its body.
    void assign_shared(std::string_view header, const char* shared);
    // Where the body lives (this block or the one it shares), and whether it equals `body`.
    const char* body() const;
    bool body_equals(std::string_view body) const;
    bool shares_body() const;
    // Copies a shared body into this sample's own block.
    void own_body();

  private:
    void copy_block(const Sample& other);
    void write(std::string_view header, std::string_view body, const char* shared);

    // [capacity: u32][header size: u8][header]
    // [tag: 0 = the body follows, 1 = a pointer to it]
    // A body is [size][excerpt size][text size][field count][text][field refs].
    std::unique_ptr<char[]> block_;
};

// Encodes facts into samples. Field names, the origin and the artifact path are numbered in
// `names`; the scratch buffers are reused from one fact to the next.
class SampleWriter {
  public:
    explicit SampleWriter(NameTable& names) : names_(names) {}
    // Encodes `fact`: header() and body() then hold it until the next call.
    void encode(const Fact& fact);
    std::string_view header() const { return header_; }
    std::string_view body() const { return body_; }
    void fill(Sample& sample, const Fact& fact, uint64_t sequence);
    // For tests: a sample with the given citation and excerpt and no fields.
    void fill(Sample& sample, uint64_t sequence, const SampleHeader& header);

  private:
    NameTable& names_;
    std::string header_, body_, text_, refs_;
};

// One fact into one sample with a writer of its own (tests and one-off callers; the scan keeps
// a SampleWriter).
void fill_sample(Sample& sample, const Fact& fact, uint64_t sequence, NameTable& names);

class KindSamples {
  public:
    explicit KindSamples(Retention retention = {}, uint32_t kind = 0)
        : keep_first_(retention.first), keep_last_(retention.last), kind_(kind) {}

    uint64_t count() const { return count_; }
    uint32_t kind() const { return kind_; }
    Retention retention() const { return {keep_first_, keep_last_}; }

    // Whether the next occurrence will be kept (otherwise it is only counted, and there is
    // no need to encode it: a kind no rule reads keeps one sample, then counts).
    bool keeps_next() const {
        return kept_.size() < size_t{keep_first_} + keep_last_ || keep_last_ > 0;
    }

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

    // Records one occurrence encoded by `writer`. A body equal to one of the first samples'
    // is not stored again: the slot points to it (the first samples are never overwritten).
    // On a dense log two samples in three repeat an earlier one's text word for word (the
    // same step of the same device's next task).
    // Only the first few are candidates: a kind that keeps everything (a capture's packets)
    // would otherwise compare each new sample with all before it.
    void add(const SampleWriter& writer, uint64_t sequence) {
        add([&](Sample& slot) {
            slot.sequence = sequence;
            const size_t firsts = std::min({kept_.size(), size_t{keep_first_}, kShareCandidates});
            for (size_t i = 0; i < firsts; ++i)
                if (&kept_[i] != &slot && kept_[i].body_equals(writer.body())) {
                    slot.assign_shared(writer.header(), kept_[i].body());
                    return;
                }
            slot.assign(writer.header(), writer.body());
        });
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
    static constexpr size_t kShareCandidates = 4;

    uint32_t keep_first_;
    uint32_t keep_last_;
    uint32_t ring_ = 0;  // oldest slot of the ring once it is full
    uint32_t kind_;      // the correlator's kind id: a device keeps only the kinds it has
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
