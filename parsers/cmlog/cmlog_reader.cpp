#include "parsers/cmlog/cmlog_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace amtdiag::parsers::cmlog {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Good enough to look for ASCII phrases in a UTF-16LE head: drop the zero high bytes.
std::string ascii_view(std::string_view head, Encoding encoding) {
    if (encoding != Encoding::utf16le && encoding != Encoding::utf16le_bom)
        return std::string(head);
    std::string out;
    out.reserve(head.size() / 2);
    for (char c : head)
        if (c != '\0') out.push_back(c);
    return out;
}

// Phrases only the operation manager writes (guide figures 1-4), for logs that lost their
// component column: bare excerpts pasted into a ticket.
constexpr std::array<std::string_view, 7> kOpmgrPhrases = {
    "amt provision worker",          "provision task begin",          "reject hello message",
    "'ztc provision' task",          "provision target is indicated", "amt proxy component",
    "hello message from amt devices"};

std::string kind_from_component(std::string_view component) {
    const std::string c = lower(component);
    if (c == "sms_amt_operation_manager") return model::artifact_kind::amtopmgr_log;
    if (c.find("amt_proxy") != std::string::npos) return model::artifact_kind::amtproxymgr_log;
    if (c.find("oobmgmt") != std::string::npos || c.find("oob_mgmt") != std::string::npos)
        return model::artifact_kind::oobmgmt_log;
    return {};
}

std::string kind_from_name(const fs::path& path) {
    const std::string name = lower(path.filename().string());
    if (name.rfind("amtopmgr", 0) == 0) return model::artifact_kind::amtopmgr_log;
    if (name.rfind("amtproxymgr", 0) == 0) return model::artifact_kind::amtproxymgr_log;
    if (name.rfind("amtspsetup", 0) == 0) return model::artifact_kind::amtspsetup_log;
    if (name.rfind("oobmgmt", 0) == 0) return model::artifact_kind::oobmgmt_log;
    if (name.rfind("oobconsole", 0) == 0) return model::artifact_kind::oob_console_log;
    return {};
}

bool has_ext(const fs::path& path, std::string_view ext) {
    return lower(path.extension().string()) == ext;
}

model::Artifact artifact_from(const FileInfo& info, const std::string& kind) {
    model::Artifact a;
    a.path = info.path;
    a.kind = kind;
    a.sha256 = info.sha256;
    a.size = info.bytes;
    if (!info.ok) {
        a.status = model::ReadStatus::error;
        a.error = info.error;
        return a;
    }
    a.detail = std::string(to_string(info.format)) + ", " + std::string(to_string(info.encoding)) +
               ", " + std::to_string(info.records) + " records";
    if (!info.dominant_component.empty()) a.detail += ", component " + info.dominant_component;
    a.damaged_records = info.damaged_records;
    a.damaged_lines = info.damaged_lines;
    a.skipped_bytes = info.skipped_bytes;
    a.notes = info.notes;
    return a;
}

constexpr const char* kEmptyKind = "empty";

model::Artifact empty_artifact(const Input& input) {
    model::Artifact a;
    a.path = input.path.string();
    a.kind = kEmptyKind;
    const Sniff sniff = sniff_log(input.path);
    std::error_code ec;
    a.size = fs::file_size(input.path, ec);
    a.detail =
        (sniff.reason.empty() ? std::string("empty file") : sniff.reason) + ": nothing to read";
    return a;
}

class LogReader final : public Reader {
  public:
    explicit LogReader(const ReaderOptions& options)
        : jobs_(options.jobs), piece_bytes_(options.piece_bytes) {
        read_options_.sha256 = options.sha256;
        read_options_.on_bytes = options.on_bytes;
    }

    // NAME.lo_ beside NAME.log (same folder, any case) are one log: the .lo_ holds the
    // records written before the rollover.
    std::vector<std::vector<size_t>> group(std::span<const Input> inputs) const override {
        std::map<std::string, std::pair<size_t, size_t>> by_stem;  // key -> (.lo_, .log)
        constexpr size_t kNone = ~size_t{0};
        for (size_t i = 0; i < inputs.size(); ++i) {
            const fs::path& p = inputs[i].path;
            if (inputs[i].kind == kEmptyKind) continue;  // an empty .lo_ is listed on its own
            const bool lo = has_ext(p, ".lo_");
            if (!lo && !has_ext(p, ".log")) continue;
            auto [it, added] = by_stem.try_emplace(
                p.parent_path().string() + '/' + lower(p.stem().string()), kNone, kNone);
            (lo ? it->second.first : it->second.second) = i;
        }
        std::vector<size_t> partner(inputs.size(), kNone);
        for (const auto& [stem, pair] : by_stem) {
            if (pair.first == kNone || pair.second == kNone) continue;
            partner[pair.first] = pair.second;
            partner[pair.second] = pair.first;
        }
        std::vector<std::vector<size_t>> units;
        std::vector<bool> taken(inputs.size(), false);
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (taken[i]) continue;
            taken[i] = true;
            if (partner[i] == kNone) {
                units.push_back({i});
                continue;
            }
            taken[partner[i]] = true;
            // The unit is read .lo_ first; it keeps the place of whichever file sorts first.
            const bool lo_first = has_ext(inputs[i].path, ".lo_");
            units.push_back(lo_first ? std::vector<size_t>{i, partner[i]}
                                     : std::vector<size_t>{partner[i], i});
        }
        return units;
    }

    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) override {
        if (unit.front().kind == kEmptyKind) return {empty_artifact(unit.front())};
        // The kind of a rollover pair is the one of its file that sorts first.
        const Input& first = unit.size() == 2 && unit[1].path < unit[0].path ? unit[1] : unit[0];
        const std::string& kind = first.kind;
        auto on_record = [&](const LogRecord& rec) { sink.log_record(kind, rec); };
        std::vector<FileInfo> infos;
        if (unit.size() == 2) {
            infos = read_log_with_rollover(unit[0].path, unit[1].path, on_record, read_options_);
        } else {
            std::optional<FileInfo> in_pieces;
            if (PieceSink* pieces = jobs_ > 1 ? sink.log_pieces(kind) : nullptr) {
                PieceOptions piece_options;
                piece_options.threads = jobs_;
                if (piece_bytes_ != 0) piece_options.piece_bytes = piece_bytes_;
                in_pieces = read_log_in_pieces(unit[0].path, *pieces, read_options_, piece_options);
            }
            infos.push_back(in_pieces ? std::move(*in_pieces)
                                      : read_log(unit[0].path, on_record, read_options_));
        }
        std::vector<model::Artifact> out;
        for (const auto& info : infos) out.push_back(artifact_from(info, kind));
        return out;
    }

    // Units share nothing, and only a single file of two pieces or more is read in pieces
    // (by threads of its own): every other unit can be read ahead on another thread.
    bool reads_ahead(std::span<const Input> unit, uint64_t bytes) const override {
        const size_t piece = piece_bytes_ != 0 ? piece_bytes_ : PieceOptions{}.piece_bytes;
        return unit.size() != 1 || bytes < 2 * piece;
    }

  private:
    ReadOptions read_options_;
    size_t jobs_ = 1;
    size_t piece_bytes_ = 0;
};

}  // namespace

Detection detect(const Probe& probe) {
    Detection d;
    const Sniff sniff = sniff_bytes(probe.head);
    // Nothing to read (no bytes, blank lines, NUL bytes only): listed as empty, by this reader,
    // when the head is the whole file (a blank head may precede a log).
    if (sniff.is_empty && probe.size <= probe.head.size()) {
        d.kind = kEmptyKind;
        d.confidence = 100;
        return d;
    }
    if (!sniff.is_text) {
        d.reason = sniff.reason.empty() ? "not a text file" : sniff.reason;
        return d;
    }
    d.kind = kind_from_component(sniff.component);
    if (!d.kind.empty()) {
        d.confidence = 90;
        return d;
    }
    const std::string text = lower(ascii_view(probe.head, sniff.encoding));
    if (std::any_of(kOpmgrPhrases.begin(), kOpmgrPhrases.end(),
                    [&](std::string_view p) { return text.find(p) != std::string::npos; })) {
        d.kind = model::artifact_kind::amtopmgr_log;
        d.confidence = 80;
        return d;
    }
    // From here the content says less than the signatures will: the file name is a hint, a
    // ConfigMgr record structure makes it some ConfigMgr log, and bare text (a few lines
    // pasted into a ticket) is a log only if known lines are in it.
    const bool structured = sniff.format == LogFormat::ccm || sniff.format == LogFormat::sms_trace;
    d.kind_from_signatures = true;
    d.kind = kind_from_name(probe.path);
    if (!d.kind.empty()) {
        d.confidence = structured ? 70 : 40;
        return d;
    }
    if (structured) {
        d.kind = model::artifact_kind::other_cm_log;
        d.confidence = 70;
        return d;
    }
    d.confidence = 10;
    d.reason =
        "not recognised: no ConfigMgr log records, no known component and no line any signature "
        "knows in its first 64 KiB, and no other artifact kind amtdiag reads";
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<LogReader>(options);
}

}  // namespace amtdiag::parsers::cmlog
