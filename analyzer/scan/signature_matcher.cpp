#include "analyzer/scan/signature_matcher.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "analyzer/scan/required_literal.h"

namespace amtdiag::scan {

namespace {

RE2::Options pattern_options() {
    RE2::Options options;
    options.set_log_errors(false);
    return options;
}

constexpr size_t kHashBits = 16;

inline uint32_t window_hash(const unsigned char* p) {
    const uint32_t v = uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16);
    return (v * 2654435761u) >> (32 - kHashBits);
}

std::unique_ptr<RE2::Set> build_set(const std::vector<const Signature*>& sigs) {
    auto set = std::make_unique<RE2::Set>(pattern_options(), RE2::UNANCHORED);
    for (const auto* sig : sigs) {
        std::string error;
        if (set->Add(sig->pattern, &error) < 0)
            throw std::runtime_error("signature " + sig->id + ": " + error);
    }
    if (!sigs.empty() && !set->Compile())
        throw std::runtime_error("cannot compile a signature set");
    return set;
}

}  // namespace

struct SignatureMatcher::Entry {
    const Signature* signature;
    int index;  // into the constructor's span
    std::unique_ptr<RE2> regex;
    // "^(?:pattern)" for patterns that begin with their literal: matched on the text from the
    // literal on, RE2 can use its one-pass matcher instead of a backtracking search.
    std::unique_ptr<RE2> anchored;
    std::vector<std::string> group_names;  // by group number, "" for unnamed groups
    RequiredLiteral literal;
    bool literal_only = false;  // the pattern is exactly its literal: no regex needed
};

SignatureMatcher::~SignatureMatcher() = default;

SignatureMatcher::SignatureMatcher(std::span<const Signature> signatures,
                                   std::string_view artifact_kind)
    : buckets_(size_t{1} << kHashBits), seen_((size_t{1} << kHashBits) / 64, 0) {
    std::vector<const Signature*> always_sigs;
    for (const auto& sig : signatures) signatures_.push_back(&sig);
    for (size_t i = 0; i < signatures.size(); ++i) {
        const Signature& sig = signatures[i];
        if (std::find(sig.logs.begin(), sig.logs.end(), artifact_kind) == sig.logs.end()) continue;
        auto entry = std::make_unique<Entry>();
        entry->signature = &sig;
        entry->index = static_cast<int>(i);
        entry->regex = std::make_unique<RE2>(sig.pattern, pattern_options());
        if (!entry->regex->ok())
            throw std::runtime_error("signature " + sig.id + " (" + sig.defined_in +
                                     "): bad pattern: " + entry->regex->error());
        entry->group_names.resize(static_cast<size_t>(entry->regex->NumberOfCapturingGroups()) + 1);
        for (const auto& [name, number] : entry->regex->NamedCapturingGroups())
            entry->group_names[static_cast<size_t>(number)] = name;
        entry->literal = required_literal(sig.pattern);
        if (entry->literal.at_start) {
            entry->anchored = std::make_unique<RE2>("^(?:" + sig.pattern + ")", pattern_options());
            entry->literal_only = entry->group_names.size() == 1 &&
                                  RE2::QuoteMeta(entry->literal.text) == sig.pattern;
        }
        const auto e = static_cast<uint32_t>(entries_.size());
        if (entry->literal.text.empty()) {
            always_.push_back(e);
            always_sigs.push_back(&sig);
        } else {
            auto lit = std::find_if(literals_.begin(), literals_.end(), [&](const Literal& l) {
                return l.text == entry->literal.text;
            });
            if (lit == literals_.end()) {
                literals_.push_back({entry->literal.text, {}});
                lit = literals_.end() - 1;
                const auto* text = reinterpret_cast<const unsigned char*>(lit->text.data());
                buckets_[window_hash(text)].push_back(
                    static_cast<uint32_t>(lit - literals_.begin()));
                const uint32_t pair = uint32_t{text[0]} | (uint32_t{text[1]} << 8);
                seen_[pair / 64] |= uint64_t{1} << (pair % 64);
            }
            lit->entries.push_back(e);
        }
        entries_.push_back(std::move(entry));
    }
    always_set_ = build_set(always_sigs);
    size_t max_groups = 1;
    for (const auto& e : entries_) max_groups = std::max(max_groups, e->group_names.size());
    groups_.resize(max_groups);
}

bool SignatureMatcher::confirm(const Entry& entry, std::string_view message, size_t literal_pos) {
    const re2::StringPiece text(message.data(), message.size());
    const int n = static_cast<int>(entry.group_names.size());
    const bool at_literal = entry.anchored && literal_pos != std::string_view::npos;
    if (at_literal && entry.literal_only) {
        hits_.push_back({entry.index, static_cast<uint32_t>(capture_buffer_.size()), 0});
        return true;
    }
    // A pattern that begins with its literal can only match where the literal is.
    bool ok =
        at_literal && entry.anchored->Match(text.substr(literal_pos), 0, text.size() - literal_pos,
                                            RE2::UNANCHORED, groups_.data(), n);
    // Otherwise (or if the literal occurs again later in the message) search: a yes/no DFA
    // pass first, because extracting groups costs two to three times as much and several
    // signatures often share a literal (every SOAP call line is a candidate for both
    // "failed" signatures).
    if (!ok) {
        const size_t from = at_literal ? literal_pos + 1 : 0;
        ok = entry.regex->Match(text, from, text.size(), RE2::UNANCHORED, nullptr, 0) &&
             entry.regex->Match(text, from, text.size(), RE2::UNANCHORED, groups_.data(), n);
    }
    if (!ok) return false;
    Hit hit{entry.index, static_cast<uint32_t>(capture_buffer_.size()), 0};
    for (int g = 1; g < n; ++g) {
        const auto& name = entry.group_names[static_cast<size_t>(g)];
        if (name.empty() || groups_[static_cast<size_t>(g)].data() == nullptr) continue;
        capture_buffer_.push_back({name, std::string_view(groups_[static_cast<size_t>(g)].data(),
                                                          groups_[static_cast<size_t>(g)].size())});
        ++hit.capture_count;
    }
    hits_.push_back(hit);
    return true;
}

void SignatureMatcher::scan(std::string_view message) {
    hits_.clear();
    capture_buffer_.clear();
    candidate_entries_.clear();
    candidate_positions_.clear();
    if (entries_.empty()) return;

    const auto* bytes = reinterpret_cast<const unsigned char*>(message.data());
    const size_t n = message.size();
    for (size_t i = 0; i + 3 <= n; ++i) {
        // First a direct look-up of the first two bytes (an 8 KiB bit table, no hashing):
        // most positions stop here.
        const uint32_t pair = uint32_t{bytes[i]} | (uint32_t{bytes[i + 1]} << 8);
        if ((seen_[pair / 64] & (uint64_t{1} << (pair % 64))) == 0) continue;
        const uint32_t h = window_hash(bytes + i);
        for (uint32_t lit_id : buckets_[h]) {
            const Literal& lit = literals_[lit_id];
            if (lit.text.size() > n - i ||
                std::memcmp(bytes + i, lit.text.data(), lit.text.size()) != 0)
                continue;
            for (uint32_t e : lit.entries) {
                // The first occurrence decides: an entry is confirmed once.
                if (std::find(candidate_entries_.begin(), candidate_entries_.end(), e) !=
                    candidate_entries_.end())
                    continue;
                candidate_entries_.push_back(e);
                candidate_positions_.push_back(i);
            }
        }
    }
    if (!always_.empty() && always_set_->Match(re2::StringPiece(message.data(), n), &set_hits_)) {
        for (int s : set_hits_) {
            candidate_entries_.push_back(always_[static_cast<size_t>(s)]);
            candidate_positions_.push_back(std::string_view::npos);
        }
    }
    if (candidate_entries_.empty()) return;
    // Report in signature order, whatever order the literals turned up in.
    if (candidate_entries_.size() > 1) {
        std::vector<size_t> order(candidate_entries_.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return candidate_entries_[a] < candidate_entries_[b];
        });
        for (size_t k : order)
            confirm(*entries_[candidate_entries_[k]], message, candidate_positions_[k]);
        return;
    }
    confirm(*entries_[candidate_entries_[0]], message, candidate_positions_[0]);
}

std::span<const Capture> SignatureMatcher::captures(size_t k) const {
    const Hit& h = hits_[k];
    return {capture_buffer_.data() + h.first_capture, h.capture_count};
}

std::vector<int> SignatureMatcher::matches_slow(std::string_view message) const {
    std::vector<int> set_hits, out;
    if (entries_.empty()) return out;
    // Only lint asks: compiling a second set of every pattern would tax each `check` run.
    if (!full_set_) {
        std::vector<const Signature*> all;
        for (const auto& e : entries_) all.push_back(e->signature);
        full_set_ = build_set(all);
    }
    full_set_->Match(re2::StringPiece(message.data(), message.size()), &set_hits);
    for (int s : set_hits) out.push_back(entries_[static_cast<size_t>(s)]->index);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace amtdiag::scan
