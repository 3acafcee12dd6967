#include "analyzer/report/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "analyzer/scan/secret_mask.h"

namespace amtdiag::report {

namespace {

constexpr std::string_view kMask = "***";

void mask(std::string& text) {
    scan::mask_secrets(text);
}

// An attribute named for a secret ("password", "admin_password", "PPS", "psk_value"): its
// value goes whatever it looks like.
bool names_a_secret(std::string_view name) {
    static constexpr std::array<std::string_view, 6> kWords = {"password", "passwd", "passphrase",
                                                               "pps",      "psk",    "pwd"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    for (std::string_view word : kWords) {
        for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
            const size_t end = at + word.size();
            const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
            const bool ends =
                end == lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]));
            if (starts && ends) return true;
        }
    }
    return false;
}

void redact_event(model::Evidence& e) {
    mask(e.ref.excerpt);
    for (auto& a : e.attrs) {
        if (names_a_secret(a.name)) {
            if (a.type == model::AttrType::list) {
                for (auto& item : a.items) item = kMask;
            } else if (a.type == model::AttrType::string) {
                a.value = kMask;
            }
            continue;
        }
        if (a.type == model::AttrType::string) mask(a.value);
        for (auto& item : a.items) mask(item);
    }
}

void redact_findings(std::span<model::Finding> findings) {
    for (auto& f : findings) {
        mask(f.message);
        mask(f.fix);
        for (auto& e : f.evidence) mask(e.ref.excerpt);
    }
}

}  // namespace

void redact_secrets(model::Analysis& analysis, unsigned jobs) {
    for (auto& a : analysis.artifacts) {
        mask(a.detail);
        mask(a.error);
        for (auto& note : a.notes) mask(note);
    }
    for (auto& d : analysis.devices) {
        for (auto& e : d.timeline) redact_event(e);
    }
    for (auto& e : analysis.site_timeline) redact_event(e);
    // Below this many findings per thread, a thread costs more than it saves.
    constexpr size_t kFindingsPerThreadAtLeast = 4096;
    const std::span<model::Finding> findings(analysis.findings);
    const size_t threads =
        std::clamp<size_t>(findings.size() / kFindingsPerThreadAtLeast, 1, std::max(jobs, 1u));
    {
        std::vector<std::jthread> workers;
        for (size_t t = 1; t < threads; ++t)
            workers.emplace_back([&, t] {
                redact_findings(findings.subspan(
                    findings.size() * t / threads,
                    findings.size() * (t + 1) / threads - findings.size() * t / threads));
            });
        redact_findings(findings.first(findings.size() / threads));
    }
    for (auto& answer : analysis.answers) {
        mask(answer.answer);
        mask(answer.note);
    }
    if (analysis.invocation)
        for (auto& arg : analysis.invocation->arguments) mask(arg);
}

}  // namespace amtdiag::report
