#include "analyzer/report/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

#include "analyzer/scan/secret_mask.h"

namespace amtdiag::report {

namespace {

constexpr std::string_view kMask = "***";

bool mask(std::string& text) {
    return scan::mask_secrets(text);
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

// True when something was masked: only then is the finding encoded again.
bool redact_finding(model::Finding& f) {
    bool changed = mask(f.message);
    changed |= mask(f.fix);
    for (auto& e : f.evidence) changed |= mask(e.ref.excerpt);
    return changed;
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
    analysis.findings.change_each(redact_finding, jobs);
    for (auto& answer : analysis.answers) {
        mask(answer.answer);
        mask(answer.note);
    }
    if (analysis.invocation)
        for (auto& arg : analysis.invocation->arguments) mask(arg);
}

}  // namespace amtdiag::report
