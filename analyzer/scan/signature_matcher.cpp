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
constexpr size_t kBuckets = size_t{1} << kHashBits;
// Needles are looked up by their first four bytes: shorter literals would make most
// positions candidates, and FilteredRE2 is asked for atoms of this length at least.
constexpr size_t kMinNeedle = 4;
constexpr uint32_t kFold = 0x20202020u;  // ASCII letters to lower case (others collide, harmless)

inline uint32_t folded_window_hash(const unsigned char* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return ((v | kFold) * 2654435761u) >> (32 - kHashBits);
}

inline bool folded_equal(const unsigned char* text, std::string_view lower_atom) {
    for (size_t k = 0; k < lower_atom.size(); ++k) {
        unsigned char c = text[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
        if (c != static_cast<unsigned char>(lower_atom[k])) return false;
    }
    return true;
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

std::shared_ptr<const RE2> compile_signature_pattern(const std::string& pattern) {
    return std::make_shared<const RE2>(pattern, pattern_options());
}

struct SignatureMatcher::Entry {
    const Signature* signature;
    int index;  // into the constructor's span
    std::shared_ptr<const RE2> regex;
    // "^(?:pattern)" for patterns that begin with their literal: matched on the text from the
    // literal on, RE2 can use its one-pass matcher instead of a backtracking search.
    std::unique_ptr<RE2> anchored;
    std::vector<std::string> group_names;  // by group number, "" for unnamed groups
    RequiredLiteral literal;
    bool literal_only = false;  // the pattern is exactly its literal: no regex needed
};

SignatureMatcher::~SignatureMatcher() = default;

void SignatureMatcher::add_needle(std::string text, bool folded, uint32_t entry, int atom) {
    if (!folded) {
        for (auto& needle : needles_) {
            if (!needle.folded && needle.text == text) {
                needle.entries.push_back(entry);
                return;
            }
        }
    }
    Needle needle{std::move(text), folded, {}, atom};
    if (!folded) needle.entries.push_back(entry);
    needles_.push_back(std::move(needle));
}

SignatureMatcher::SignatureMatcher(std::span<const Signature> signatures,
                                   std::string_view artifact_kind, Repeats repeats)
    : seen_(kBuckets / 64, 0) {
    std::vector<const Signature*> always_sigs;
    for (const auto& sig : signatures) signatures_.push_back(&sig);
    for (size_t i = 0; i < signatures.size(); ++i) {
        const Signature& sig = signatures[i];
        if (std::find(sig.logs.begin(), sig.logs.end(), artifact_kind) == sig.logs.end()) continue;
        auto entry = std::make_unique<Entry>();
        entry->signature = &sig;
        entry->index = static_cast<int>(i);
        // The loader's compiled pattern, unless the signature was changed since.
        entry->regex = sig.compiled != nullptr && sig.compiled->pattern() == sig.pattern
                           ? sig.compiled
                           : compile_signature_pattern(sig.pattern);
        if (!entry->regex->ok())
            throw std::runtime_error("signature " + sig.id + " (" + sig.defined_in +
                                     "): bad pattern: " + entry->regex->error());
        entry->group_names.resize(static_cast<size_t>(entry->regex->NumberOfCapturingGroups()) + 1);
        for (const auto& [name, number] : entry->regex->NamedCapturingGroups())
            entry->group_names[static_cast<size_t>(number)] = name;
        entry->literal = required_literal(sig.pattern);
        if (entry->literal.text.size() < kMinNeedle) entry->literal = {};
        if (entry->literal.at_start) {
            entry->anchored = std::make_unique<RE2>("^(?:" + sig.pattern + ")", pattern_options());
            entry->literal_only = entry->group_names.size() == 1 &&
                                  RE2::QuoteMeta(entry->literal.text) == sig.pattern;
        }
        const auto e = static_cast<uint32_t>(entries_.size());
        if (!entry->literal.text.empty()) {
            add_needle(entry->literal.text, false, e, -1);
        } else {
            int id = -1;
            if (filtered_.Add(sig.pattern, pattern_options(), &id) != RE2::NoError)
                throw std::runtime_error("signature " + sig.id + ": pattern refused by the filter");
            filtered_entries_.push_back(e);
        }
        entries_.push_back(std::move(entry));
    }
    if (!filtered_entries_.empty()) {
        std::vector<std::string> atoms;
        filtered_.Compile(&atoms);
        for (size_t a = 0; a < atoms.size(); ++a) {
            const bool ascii = std::all_of(atoms[a].begin(), atoms[a].end(),
                                           [](char c) { return (c & 0x80) == 0; });
            // A lowercase non-ASCII atom may stand for an uppercase letter of other bytes:
            // rather than fold UTF-8 here, such an atom counts as present in every line.
            if (ascii && atoms[a].size() >= kMinNeedle)
                add_needle(atoms[a], true, 0, static_cast<int>(a));
            else
                atoms_always_.push_back(static_cast<int>(a));
        }
        atom_seen_.assign(atoms.size(), 0);
        // What passes the filter on atoms alone that every line has: those patterns cannot be
        // filtered and go through the set on every line instead.
        std::vector<int> always_pass;
        filtered_.AllPotentials(atoms_always_, &always_pass);
        unfiltered_.assign(filtered_entries_.size(), false);
        for (int p : always_pass) {
            unfiltered_[static_cast<size_t>(p)] = true;
            always_.push_back(filtered_entries_[static_cast<size_t>(p)]);
            always_sigs.push_back(entries_[always_.back()]->signature);
        }
    }
    always_set_ = build_set(always_sigs);

    // Buckets: needle ids grouped by hash, in one array.
    bucket_start_.assign(kBuckets + 1, 0);
    std::vector<uint32_t> hash_of(needles_.size());
    for (size_t id = 0; id < needles_.size(); ++id) {
        std::string key = needles_[id].text.substr(0, kMinNeedle);
        hash_of[id] = folded_window_hash(reinterpret_cast<const unsigned char*>(key.data()));
        ++bucket_start_[hash_of[id] + 1];
        seen_[hash_of[id] / 64] |= uint64_t{1} << (hash_of[id] % 64);
    }
    for (size_t h = 0; h < kBuckets; ++h) bucket_start_[h + 1] += bucket_start_[h];
    bucket_ids_.resize(needles_.size());
    std::vector<uint32_t> fill(bucket_start_.begin(), bucket_start_.end() - 1);
    for (size_t id = 0; id < needles_.size(); ++id)
        bucket_ids_[fill[hash_of[id]]++] = static_cast<uint32_t>(id);

    // A matcher with no signature for this kind finds nothing: nothing to remember.
    if (repeats == Repeats::recalled && !entries_.empty()) memo_ = std::make_unique<ScanMemo>();

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
    MatchHit hit{entry.index, static_cast<uint32_t>(capture_buffer_.size()), 0};
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

void SignatureMatcher::find_needles(std::string_view message) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(message.data());
    const size_t n = message.size();
    if (n < kMinNeedle) return;
    for (size_t i = 0; i + kMinNeedle <= n; ++i) {
        const uint32_t h = folded_window_hash(bytes + i);
        if ((seen_[h / 64] & (uint64_t{1} << (h % 64))) == 0) continue;
        for (uint32_t k = bucket_start_[h]; k < bucket_start_[h + 1]; ++k) {
            const Needle& needle = needles_[bucket_ids_[k]];
            if (needle.text.size() > n - i) continue;
            if (needle.folded) {
                if (!folded_equal(bytes + i, needle.text)) continue;
                const auto atom = static_cast<size_t>(needle.atom);
                if (atom_seen_[atom] == scan_number_) continue;
                atom_seen_[atom] = scan_number_;
                matched_atoms_.push_back(needle.atom);
                continue;
            }
            if (std::memcmp(bytes + i, needle.text.data(), needle.text.size()) != 0) continue;
            for (uint32_t e : needle.entries) {
                // The first occurrence decides: an entry is confirmed once.
                if (std::find(candidate_entries_.begin(), candidate_entries_.end(), e) !=
                    candidate_entries_.end())
                    continue;
                candidate_entries_.push_back(e);
                candidate_positions_.push_back(i);
            }
        }
    }
}

void SignatureMatcher::scan(std::string_view message) {
    if (memo_ && memo_->recall(message, hits_, capture_buffer_)) return;
    scan_fresh(message);
    if (memo_) memo_->remember(message, hits_, capture_buffer_);
}

const std::vector<int>& SignatureMatcher::potentials_of_matched_atoms() {
    // AllPotentials treats the atoms as a set (and sorts its answer): any order of the same
    // atoms is the same question.
    std::sort(matched_atoms_.begin(), matched_atoms_.end());
    if (const auto known = known_potentials_.find(matched_atoms_); known != known_potentials_.end())
        return known->second;
    // The atoms a byte scan cannot judge count as found on every line: the same for every
    // question, so they are left out of the key.
    const size_t found = matched_atoms_.size();
    matched_atoms_.insert(matched_atoms_.end(), atoms_always_.begin(), atoms_always_.end());
    filtered_.AllPotentials(matched_atoms_, &potentials_);
    matched_atoms_.resize(found);
    if (known_potentials_.size() < kKnownAtomSetsAtMost)
        known_potentials_.emplace(matched_atoms_, potentials_);
    return potentials_;
}

void SignatureMatcher::scan_fresh(std::string_view message) {
    hits_.clear();
    capture_buffer_.clear();
    candidate_entries_.clear();
    candidate_positions_.clear();
    matched_atoms_.clear();
    if (entries_.empty()) return;
    if (++scan_number_ == 0) {  // wrapped: forget every mark
        std::fill(atom_seen_.begin(), atom_seen_.end(), 0);
        scan_number_ = 1;
    }
    find_needles(message);
    if (!matched_atoms_.empty()) {
        for (int p : potentials_of_matched_atoms()) {
            if (unfiltered_[static_cast<size_t>(p)]) continue;  // the set below judges it
            candidate_entries_.push_back(filtered_entries_[static_cast<size_t>(p)]);
            candidate_positions_.push_back(std::string_view::npos);
        }
    }
    const size_t n = message.size();
    if (!always_.empty() && always_set_->Match(re2::StringPiece(message.data(), n), &set_hits_)) {
        for (int s : set_hits_) {
            candidate_entries_.push_back(always_[static_cast<size_t>(s)]);
            candidate_positions_.push_back(std::string_view::npos);
        }
    }
    if (candidate_entries_.empty()) return;
    // Report in signature order, whatever order the needles turned up in.
    if (candidate_entries_.size() > 1) {
        order_.resize(candidate_entries_.size());
        std::iota(order_.begin(), order_.end(), 0);
        std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
            return candidate_entries_[a] < candidate_entries_[b];
        });
        for (size_t k : order_)
            confirm(*entries_[candidate_entries_[k]], message, candidate_positions_[k]);
        return;
    }
    confirm(*entries_[candidate_entries_[0]], message, candidate_positions_[0]);
}

std::span<const Capture> SignatureMatcher::captures(size_t k) const {
    const MatchHit& h = hits_[k];
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
