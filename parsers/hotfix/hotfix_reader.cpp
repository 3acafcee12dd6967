#include "parsers/hotfix/hotfix_reader.h"

#include <algorithm>

#include "parsers/cmdout/cmdout.h"
#include "parsers/cmdout/file.h"
#include "parsers/hotfix/hotfix_evidence.h"
#include "parsers/hotfix/inventory.h"

namespace amtdiag::parsers::hotfix {

namespace {

// Inventories are command output: a few hundred KiB at most.
constexpr uint64_t kMaxFileBytes = 16 << 20;

class HotfixReader final : public PerFileReader {
  public:
    explicit HotfixReader(const ReaderOptions& options) : hash_(options.sha256) {}

    void finish(Sink& sink) override {
        for (const auto& e : merger_.evidence()) sink.evidence(e);
    }

  private:
    model::Artifact read_file(const Input& input,
                              Sink& /*sink: evidence waits for finish()*/) override {
        cmdout::OpenedText opened =
            cmdout::open_text(input.path, input.kind, kMaxFileBytes, "a hot-fix inventory", hash_);
        model::Artifact& a = opened.artifact;
        if (!opened.ok) return a;
        const cmdout::Decoded& text = opened.text;
        const Inventory inv = parse_inventory(text.text);
        for (const auto& n : inv.notes) a.notes.push_back(n);
        for (const auto& h : inv.hosts)
            for (const auto& p : h.problems) a.notes.push_back(p);
        a.damaged_records = inv.damaged;
        a.damaged_lines = inv.damaged_lines;
        const bool any =
            std::any_of(inv.hosts.begin(), inv.hosts.end(), [](const HostInventory& h) {
                return h.hotfix_list_seen || !h.os_version.empty() ||
                       !h.configmgr_site_version.empty() || !h.configmgr_client_version.empty();
            });
        if (!any) {
            a.status = model::ReadStatus::error;
            a.error = "no systeminfo, wmic qfe or Get-HotFix output found (" + text.encoding +
                      (text.notes.empty() ? "" : "; " + text.notes.front()) + ")";
            return a;
        }
        std::string formats;
        for (const auto& h : inv.hosts)
            for (const auto& fmt : h.formats)
                if (formats.find(fmt) == std::string::npos)
                    formats += (formats.empty() ? "" : ", ") + fmt;
        a.detail = formats + "; " + text.encoding;
        for (const auto& h : inv.hosts) a.detail += "; " + describe(h);
        merger_.add(inv, a.path);
        return a;
    }

    bool hash_ = true;
    InventoryMerger merger_;
};

}  // namespace

Detection detect(const Probe& probe) {
    const std::optional<cmdout::Decoded> text = cmdout::text_head(probe.head);
    if (!text) return {};
    Detection d;
    d.confidence = inventory_confidence(text->text);
    if (d.confidence > 0) d.kind = kArtifactKind;
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<HotfixReader>(options);
}

}  // namespace amtdiag::parsers::hotfix
