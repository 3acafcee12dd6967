#include "analyzer/scan/signature_matcher.h"

#include <algorithm>
#include <stdexcept>

namespace amtdiag::scan {

namespace {

RE2::Options matcher_options() {
    RE2::Options options;
    options.set_log_errors(false);
    // Large logs hit many distinct DFA states across 60+ patterns; the default 8 MiB budget
    // makes RE2 fall back to the slow NFA on long runs.
    options.set_max_mem(64 << 20);
    return options;
}

}  // namespace

SignatureMatcher::SignatureMatcher(std::span<const Signature> signatures,
                                   std::string_view artifact_kind)
    : set_(std::make_unique<RE2::Set>(matcher_options(), RE2::UNANCHORED)) {
    for (const auto& sig : signatures) signatures_.push_back(&sig);
    for (size_t i = 0; i < signatures.size(); ++i) {
        const Signature& sig = signatures[i];
        if (std::find(sig.logs.begin(), sig.logs.end(), artifact_kind) == sig.logs.end()) continue;
        auto regex = std::make_unique<RE2>(sig.pattern, matcher_options());
        if (!regex->ok())
            throw std::runtime_error("signature " + sig.id + " (" + sig.defined_in +
                                     "): bad pattern: " + regex->error());
        std::string error;
        if (set_->Add(sig.pattern, &error) < 0)
            throw std::runtime_error("signature " + sig.id + ": " + error);
        Entry entry{&sig, static_cast<int>(i), std::move(regex), {}};
        entry.group_names.resize(static_cast<size_t>(entry.regex->NumberOfCapturingGroups()) + 1);
        for (const auto& [name, number] : entry.regex->NamedCapturingGroups())
            entry.group_names[static_cast<size_t>(number)] = name;
        entries_.push_back(std::move(entry));
    }
    if (!entries_.empty() && !set_->Compile())
        throw std::runtime_error("cannot compile the signature set for " +
                                 std::string(artifact_kind) + " (out of memory)");
}

void SignatureMatcher::match(std::string_view message, std::vector<int>& out) const {
    out.clear();
    if (entries_.empty()) return;
    const re2::StringPiece text(message.data(), message.size());
    // The cheap yes/no pass first: RE2::Set only allocates its match list when asked for one.
    if (!set_->Match(text, nullptr)) return;
    set_->Match(text, &set_hits_);
    for (int hit : set_hits_) out.push_back(entries_[static_cast<size_t>(hit)].index);
    std::sort(out.begin(), out.end());
}

void SignatureMatcher::captures(int index, std::string_view message,
                                std::vector<Capture>& out) const {
    out.clear();
    const Entry* entry = nullptr;
    for (const auto& e : entries_)
        if (e.index == index) entry = &e;
    if (entry == nullptr) return;
    constexpr int kMaxGroups = 16;
    re2::StringPiece groups[kMaxGroups];
    const int n = std::min(kMaxGroups, static_cast<int>(entry->group_names.size()));
    const re2::StringPiece text(message.data(), message.size());
    if (!entry->regex->Match(text, 0, text.size(), RE2::UNANCHORED, groups, n)) return;
    for (int g = 1; g < n; ++g) {
        const auto& name = entry->group_names[static_cast<size_t>(g)];
        if (name.empty() || groups[g].data() == nullptr) continue;
        out.push_back({name, std::string_view(groups[g].data(), groups[g].size())});
    }
}

}  // namespace amtdiag::scan
