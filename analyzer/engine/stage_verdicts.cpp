#include "analyzer/engine/stage_verdicts.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>

namespace amtdiag::engine {

namespace {

using model::Status;

bool is_verification(const CatalogStage& stage, std::string_view check) {
    return std::find(stage.verification.begin(), stage.verification.end(), check) !=
           stage.verification.end();
}

// Verdicts from the findings that speak for one scope: a device's own plus the site-wide
// ones (for the site scope, the site-wide ones alone).
std::vector<model::StageVerdict> verdicts_for(const Catalog& catalog,
                                              const std::vector<model::FindingHead>& site,
                                              const std::vector<model::FindingHead>& own) {
    std::vector<model::StageVerdict> out;
    // Whether a verification check of the stage passed or warned: the stage was seen to work.
    // A stage that warns only because a corrective check warned (a large Kerberos token) has
    // not been seen to work and proves nothing about the stages before it.
    std::vector<bool> verified;
    for (const auto& stage : catalog.stages) {
        bool fail = false, warn = false, pass = false, any = false, all_skipped = true;
        bool seen_working = false;
        for (const auto* list : {&site, &own})
            for (const model::FindingHead& f : *list) {
                if ((f.status == Status::fail || f.status == Status::warn) &&
                    f.verdict_stage == stage.number) {
                    (f.status == Status::fail ? fail : warn) = true;
                }
                if (!is_verification(stage, f.check)) continue;
                any = true;
                if (f.status != Status::skipped) all_skipped = false;
                if (f.status == Status::pass) pass = true;
                if (f.status == Status::pass || f.status == Status::warn) seen_working = true;
            }
        verified.push_back(seen_working);
        model::StageVerdict v;
        v.stage = stage.number;
        v.title = stage.title;
        if (fail)
            v.status = Status::fail;
        else if (warn)
            v.status = Status::warn;
        else if (pass)
            v.status = Status::pass;
        else if (any && all_skipped)
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
        if (!implied_itself && !verified[static_cast<size_t>(out.rend() - it - 1)]) continue;
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
    // What a verdict reads of a finding is its head, which needs no decoding of the rest.
    std::vector<model::FindingHead> site;
    std::map<std::string_view, std::vector<model::FindingHead>> by_device;
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const model::FindingHead f = analysis.findings.head(i);
        (f.device.empty() ? site : by_device[f.device]).push_back(f);
    }
    static const std::vector<model::FindingHead> kNone;
    for (auto& device : analysis.devices) {
        auto it = by_device.find(device.id);
        device.stages = verdicts_for(catalog, site, it == by_device.end() ? kNone : it->second);
        device.first_failing_stage = first_failing(device.stages);
    }
    // Overall: the worst any device (or the site) shows, where a pass on one device outranks
    // an unknown on another: "the stage works" is what the evidence proves somewhere.
    analysis.stages = verdicts_for(catalog, site, kNone);
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
