#pragma once
// Log records become evidence here: every record's message goes once through the signature
// matcher of its artifact kind, and each hit becomes a correlate::Fact (its kind, the device
// keys and attributes it captured, what it says of the task on its thread) handed to the
// correlator. Nothing is copied on the way: facts are views into the record.
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/correlate/correlator.h"
#include "analyzer/scan/hit_pipeline.h"
#include "analyzer/scan/signature.h"
#include "analyzer/scan/signature_matcher.h"
#include "parsers/cmlog/reader.h"

namespace amtdiag::scan {

class RecordScanner {
  public:
    // Declares every signature's evidence kind in `correlator`: kinds in `cited_kinds` (some
    // rule reads their lines) keep the first `keep_first` and last `keep_last` per device,
    // the others their first line only. `signatures` and `correlator` must outlive this.
    // `pipelined`: correlate on a second thread while this one reads and matches (see
    // hit_pipeline.h); then flush() before anything else touches the correlator.
    RecordScanner(std::span<const Signature> signatures, correlate::Correlator& correlator,
                  const std::set<std::string>& cited_kinds, size_t keep_first, size_t keep_last,
                  bool pipelined = false);
    ~RecordScanner();
    RecordScanner(const RecordScanner&) = delete;
    RecordScanner& operator=(const RecordScanner&) = delete;

    void scan(std::string_view artifact_kind, const parsers::cmlog::LogRecord& record);
    // Every record scanned so far is in the correlator (a no-op unless pipelined).
    void flush();

    // A large log read in pieces by several threads (parsers/cmlog/reader.h): a Piece
    // matches the records of one piece on reading thread `worker` with that thread's own
    // matchers and keeps the hits; commit() hands them, in file order, to the correlating
    // thread. Needs `pipelined`; call prepare_workers() before the threads start.
    class Piece {
      public:
        Piece(SignatureMatcher& matcher, HitPipeline& pipeline)
            : matcher_(matcher), pipeline_(pipeline) {}
        void scan(const parsers::cmlog::LogRecord& record);

      private:
        friend class RecordScanner;
        SignatureMatcher& matcher_;
        HitPipeline& pipeline_;          // where spare batches come from
        std::vector<HitBatch> batches_;  // waiting for commit()
    };
    void prepare_workers(size_t workers);
    std::unique_ptr<Piece> open_piece(size_t worker, std::string_view artifact_kind);
    void commit(Piece& piece, uint64_t lines_before);

  private:
    struct SignatureFacts;  // per signature: kind id, task mark, mode
    using Matchers = std::map<std::string, std::unique_ptr<SignatureMatcher>, std::less<>>;
    SignatureMatcher& matcher(std::string_view artifact_kind);
    SignatureMatcher& matcher_in(Matchers& matchers, std::string_view artifact_kind);
    // One hit of signature `index` on `record` becomes a fact in the correlator.
    void deliver(size_t index, const parsers::cmlog::LogRecord& record,
                 std::span<const Capture> captures);

    std::span<const Signature> signatures_;
    correlate::Correlator& correlator_;
    std::vector<SignatureFacts> per_signature_;
    Matchers matchers_;
    std::vector<Matchers> worker_matchers_;  // one set per reading thread of pieces
    std::string last_kind_;
    SignatureMatcher* last_matcher_ = nullptr;
    std::vector<correlate::FactField> fields_;  // reused per hit
    std::unique_ptr<HitPipeline> pipeline_;     // last: its thread uses everything above
};

}  // namespace amtdiag::scan
