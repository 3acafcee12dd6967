#include "parsers/whoami/whoami_reader.h"

#include "parsers/cmdout/cmdout.h"
#include "parsers/cmdout/file.h"
#include "parsers/whoami/groups.h"
#include "parsers/whoami/whoami_evidence.h"

namespace amtdiag::parsers::whoami {

namespace {

constexpr uint64_t kMaxFileBytes = 16 << 20;

class WhoamiReader final : public PerFileReader {
  public:
    explicit WhoamiReader(const ReaderOptions& options) : hash_(options.sha256) {}

  private:
    model::Artifact read_file(const Input& input, Sink& sink) override {
        cmdout::OpenedText opened =
            cmdout::open_text(input.path, input.kind, kMaxFileBytes, "whoami output", hash_);
        model::Artifact& a = opened.artifact;
        if (!opened.ok) return a;
        const cmdout::Decoded& text = opened.text;
        const WhoamiOutput output = parse_whoami(text.text);
        for (const auto& n : output.notes) a.notes.push_back(n);
        a.damaged_records = output.damaged;
        a.damaged_lines = output.damaged_lines;
        size_t groups = 0;
        for (const auto& r : output.reports) groups += r.groups.size();
        if (groups == 0) {
            a.status = model::ReadStatus::error;
            a.error = "no group of whoami /groups output could be read (" + text.encoding +
                      (a.notes.empty() ? "" : "; " + a.notes.front()) + ")";
            return a;
        }
        a.detail = "whoami /groups; " + text.encoding;
        for (const auto& r : output.reports)
            a.detail += "; " + (r.user.empty() ? std::string("account not named") : r.user) + ": " +
                        std::to_string(r.groups.size()) + " groups (" + r.format + ")";
        emit_whoami(output, a.path, [&](const model::Evidence& e) { sink.evidence(e); });
        return a;
    }

    bool hash_ = true;
};

}  // namespace

Detection detect(const Probe& probe) {
    const std::optional<cmdout::Decoded> text = cmdout::text_head(probe.head);
    if (!text) return {};
    Detection d;
    d.confidence = whoami_confidence(text->text);
    if (d.confidence > 0) d.kind = kArtifactKind;
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<WhoamiReader>(options);
}

}  // namespace amtdiag::parsers::whoami
