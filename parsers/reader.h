#pragma once
// The seam every artifact reader plugs into (docs/architecture.md, "Adding an artifact
// reader"). A reader lives in parsers/<kind>/ and offers two things:
//   detect  how sure it is, from the first bytes of a file (magic numbers before names), that
//           the file is its kind;
//   read    stream the file and hand what it finds to a Sink: log records (the analyzer
//           applies the signatures) or typed model::Evidence; report its own errors in the
//           artifact it returns, never by throwing.
// parsers/registry.cpp lists the readers, one line each; analyze() loops over that table and
// knows no kind by name.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/artifact.h"
#include "analyzer/model/evidence.h"
#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers {

// What detection sees of a file.
struct Probe {
    const std::filesystem::path& path;
    std::string_view head;  // the first kProbeBytes (fewer for a shorter file)
    uint64_t size = 0;
};
inline constexpr size_t kProbeBytes = 64 * 1024;

struct Detection {
    // 0: not this reader's kind. Guide: 90+ magic numbers or a structure only this kind has;
    // 60-89 content typical of the kind; below 50 a file name alone.
    int confidence = 0;
    std::string kind;    // model::artifact_kind value
    std::string reason;  // with confidence 0: what the file looks like instead, if known
    // A text log whose kind the reader could not tell from its own markers (a component
    // name): the analyzer decides it from which log kinds' signatures match its first lines.
    // When none match and `kind` is empty, the file is not recognised.
    bool kind_from_signatures = false;
};

// Where a reader's findings go. Records and evidence arrive in reading order.
class Sink {
  public:
    virtual ~Sink() = default;
    // One record of a text log of `artifact_kind`; the views live only during the call.
    virtual void log_record(std::string_view artifact_kind, const cmlog::LogRecord& record) = 0;
    virtual void evidence(const model::Evidence& evidence) = 0;
    // Where the records of a large text log of `artifact_kind` go when the log is read in
    // pieces by several threads (cmlog/reader.h); nullptr: read it in one stream. Valid until
    // the next call.
    virtual cmlog::PieceSink* log_pieces(std::string_view /*artifact_kind*/) { return nullptr; }
};

// Settings every reader may need. Secrets stay here: no reader prints them.
struct ReaderOptions {
    bool sha256 = true;  // hash each file (the report lists it); benchmarks switch it off
    std::optional<std::string> pfx_password;  // PKCS#12 / encrypted keys; never printed
    // Streaming readers report each block they consume (its size in bytes), so a progress
    // display moves inside one large file. The callee may throw to abandon the run.
    std::function<void(uint64_t bytes)> on_bytes;
    // Threads a reader may use for one large file (the log reader reads it in pieces of
    // `piece_bytes`, 0 = its default).
    size_t jobs = 1;
    size_t piece_bytes = 0;
};

// One file handed to a reader, with the kind its detection named.
struct Input {
    std::filesystem::path path;
    std::string kind;
};

// A reader for one analysis run. It may keep state across files (the certificate reader
// builds chains from all certificates given) and emit it in finish().
class Reader {
  public:
    virtual ~Reader() = default;
    // Groups this reader's inputs into units read together, each a list of indexes into
    // `inputs` (already sorted by path); by default every file alone. The log reader pairs
    // NAME.lo_ with NAME.log.
    virtual std::vector<std::vector<size_t>> group(std::span<const Input> inputs) const {
        std::vector<std::vector<size_t>> units;
        for (size_t i = 0; i < inputs.size(); ++i) units.push_back({i});
        return units;
    }
    // Reads one unit; returns one artifact per file, errors included.
    virtual std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) = 0;
    // After every unit of every reader: evidence that needs all files (certificate chains).
    virtual void finish(Sink& /*sink*/) {}
    // Whether `unit` (`bytes` in all) may be read by another instance of this reader on
    // another thread while other units are read: only when units share no state (no finish()
    // work) and reading the unit asks for no threads of its own. Several files in parallel
    // (analyzer/read_ahead.h) read only such units.
    virtual bool reads_ahead(std::span<const Input> /*unit*/, uint64_t /*bytes*/) const {
        return false;
    }
};

// A reader whose files are each read alone (the default grouping): it says how to read one
// file; the loop over a unit is here once.
class PerFileReader : public Reader {
  public:
    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) final {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) out.push_back(read_file(input, sink));
        return out;
    }

  protected:
    virtual model::Artifact read_file(const Input& input, Sink& sink) = 0;
};

struct ReaderEntry {
    std::string_view name;
    Detection (*detect)(const Probe& probe);
    // nullptr: the kind is recognised, but this build cannot read it (the artifact is an
    // error that says so, instead of "not recognised").
    std::unique_ptr<Reader> (*make)(const ReaderOptions& options);
};

// The registered readers, in the order ties of confidence are broken.
std::span<const ReaderEntry> registered_readers();

}  // namespace amtdiag::parsers
