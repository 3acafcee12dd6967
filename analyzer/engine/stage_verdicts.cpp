#include "analyzer/engine/stage_verdicts.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace amtdiag::engine {

namespace {

using model::Status;

// What a verdict reads of a finding, 12 bytes (a whole head is 72, and a 10,000-device fleet's
// 128,000 heads grouped by device took 11 MB at this step).
struct FindingMark {
    Status status = Status::unknown;
    int verdict_stage = 0;
    uint32_t check = 0;  // catalog position
};
constexpr uint32_t kNoCheck = UINT32_MAX;

// For each stage (in catalog order), which checks verify it, by catalog position: looked up
// once, not by name for every finding of every device.
using Verifiers = std::vector<std::vector<bool>>;

Verifiers verifiers_of(const Catalog& catalog) {
    Verifiers out(catalog.stages.size(), std::vector<bool>(catalog.checks.size(), false));
    for (size_t s = 0; s < catalog.stages.size(); ++s)
        for (const std::string& id : catalog.stages[s].verification)
            if (auto it = catalog.index.find(id); it != catalog.index.end())
                out[s][it->second] = true;
    return out;
}

// What the findings of a scope say about one stage.
struct Tally {
    bool fail = false, warn = false, pass = false, any = false, all_skipped = true;
    // Whether a verification check of the stage passed or warned: the stage was seen to work.
    // A stage that warns only because a corrective check warned (a large Kerberos token) has
    // not been seen to work and proves nothing about the stages before it.
    bool seen_working = false;

    void add(const Tally& other) {
        fail |= other.fail;
        warn |= other.warn;
        pass |= other.pass;
        any |= other.any;
        all_skipped &= other.all_skipped;
        seen_working |= other.seen_working;
    }
};

// The tally of each stage (in catalog order) over `marks`.
void tally(const Catalog& catalog, const Verifiers& verifiers, std::span<const FindingMark> marks,
           std::vector<Tally>& out) {
    out.assign(catalog.stages.size(), Tally{});
    for (size_t s = 0; s < catalog.stages.size(); ++s) {
        Tally& t = out[s];
        const int number = catalog.stages[s].number;
        for (const FindingMark& f : marks) {
            if ((f.status == Status::fail || f.status == Status::warn) &&
                f.verdict_stage == number) {
                (f.status == Status::fail ? t.fail : t.warn) = true;
            }
            if (f.check == kNoCheck || !verifiers[s][f.check]) continue;
            t.any = true;
            if (f.status != Status::skipped) t.all_skipped = false;
            if (f.status == Status::pass) t.pass = true;
            if (f.status == Status::pass || f.status == Status::warn) t.seen_working = true;
        }
    }
}

// Verdicts from the findings that speak for one scope: a device's own plus the site-wide ones
// (`site`, tallied once for every device; for the site scope, the site-wide ones alone).
std::vector<model::StageVerdict> verdicts_for(const Catalog& catalog, const Verifiers& verifiers,
                                              const std::vector<Tally>& site,
                                              std::span<const FindingMark> own,
                                              std::vector<Tally>& scratch) {
    tally(catalog, verifiers, own, scratch);
    std::vector<model::StageVerdict> out;
    out.reserve(catalog.stages.size());
    for (size_t s = 0; s < catalog.stages.size(); ++s) {
        Tally& t = scratch[s];
        t.add(site[s]);
        model::StageVerdict v;
        v.stage = catalog.stages[s].number;
        v.title = catalog.stages[s].title;
        if (t.fail)
            v.status = Status::fail;
        else if (t.warn)
            v.status = Status::warn;
        else if (t.pass)
            v.status = Status::pass;
        else if (t.any && t.all_skipped)
            v.status = Status::skipped;
        else
            v.status = Status::unknown;
        out.push_back(std::move(v));
    }
    // A passing stage proves the stages it implies: walk from the last stage down so chains
    // (3 proves 2 proves 1) resolve in one pass.
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
        if (it->status != Status::pass && it->status != Status::warn) continue;
        const bool implied_itself = it->implied_by != 0;
        if (!implied_itself && !scratch[static_cast<size_t>(out.rend() - it - 1)].seen_working)
            continue;
        const CatalogStage* stage = catalog.stage(it->stage);
        for (int implied : stage->implies) {
            for (auto& v : out) {
                if (v.stage == implied && v.status == Status::unknown) {
                    v.status = Status::pass;
                    v.implied_by = it->implied_by ? it->implied_by : it->stage;
                }
            }
        }
    }
    return out;
}

std::optional<int> first_failing(const std::vector<model::StageVerdict>& stages) {
    for (const auto& s : stages)
        if (s.status == Status::fail) return s.stage;
    return std::nullopt;
}

int rank(Status s) {
    switch (s) {
        case Status::fail:
            return 5;
        case Status::warn:
            return 4;
        case Status::pass:
            return 3;
        case Status::unknown:
            return 2;
        case Status::manual:
            return 1;
        case Status::skipped:
            return 0;
    }
    return 0;
}

}  // namespace

void compute_stage_verdicts(const Catalog& catalog, model::Analysis& analysis) {
    // Index once: thousands of devices times thousands of findings would be quadratic.
    // What a verdict reads of a finding is in its head, which needs no decoding of the rest.
    const Verifiers verifiers = verifiers_of(catalog);
    std::unordered_map<std::string_view, uint32_t> device_numbers;
    device_numbers.reserve(analysis.devices.size());
    for (size_t i = 0; i < analysis.devices.size(); ++i)
        device_numbers.emplace(analysis.devices[i].id, static_cast<uint32_t>(i));
    std::vector<FindingMark> site;
    std::vector<std::pair<uint32_t, FindingMark>> owned;  // (device number, mark)
    owned.reserve(analysis.findings.size());
    // The findings come in catalog order: one check's run of findings is looked up once.
    std::string_view check;
    uint32_t position = 0;
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const model::FindingHead f = analysis.findings.head(i);
        if (f.check != check) {
            // A check the catalog lacks (a report read back under other rules) verifies no
            // stage, but its failure still counts.
            const auto it = catalog.index.find(f.check);
            check = f.check;
            position = it == catalog.index.end() ? kNoCheck : static_cast<uint32_t>(it->second);
        }
        const FindingMark mark{f.status, f.verdict_stage, position};
        if (f.device.empty()) {
            site.push_back(mark);
        } else if (auto it = device_numbers.find(f.device); it != device_numbers.end()) {
            owned.emplace_back(it->second, mark);
        }
    }
    // Each device's marks side by side (a counting sort by device number).
    std::vector<size_t> first(analysis.devices.size() + 1, 0);
    for (const auto& [device, mark] : owned) ++first[device + 1];
    for (size_t d = 0; d < analysis.devices.size(); ++d) first[d + 1] += first[d];
    std::vector<FindingMark> by_device(owned.size());
    {
        std::vector<size_t> next(first.begin(), first.end() - 1);
        for (const auto& [device, mark] : owned) by_device[next[device]++] = mark;
    }
    owned = {};
    const std::span<const FindingMark> marks(by_device);
    std::vector<Tally> site_tally, scratch;
    tally(catalog, verifiers, site, site_tally);
    for (auto& device : analysis.devices) {
        // By id, not by place: a device listed twice (a hand-edited report) gets its findings
        // both times.
        const uint32_t d = device_numbers.at(device.id);
        device.stages = verdicts_for(catalog, verifiers, site_tally,
                                     marks.subspan(first[d], first[d + 1] - first[d]), scratch);
        device.first_failing_stage = first_failing(device.stages);
    }
    // Overall: the worst any device (or the site) shows, where a pass on one device outranks
    // an unknown on another: "the stage works" is what the evidence proves somewhere.
    analysis.stages = verdicts_for(catalog, verifiers, site_tally, {}, scratch);
    for (const auto& device : analysis.devices) {
        for (size_t i = 0; i < analysis.stages.size(); ++i) {
            auto& overall = analysis.stages[i];
            const auto& mine = device.stages[i];
            if (rank(mine.status) > rank(overall.status)) {
                overall.status = mine.status;
                overall.implied_by = mine.implied_by;
            }
        }
    }
    analysis.first_failing_stage = first_failing(analysis.stages);
}

}  // namespace amtdiag::engine
