#pragma once
// Matches log messages against all signatures of one artifact kind in one pass.
//
// A scan looks for every needle in one pass over the message, whatever the number of
// signatures: a four-byte window, case-folded, looked up in one bit table (8 KiB, stays in L1)
// and, on a hit, in a hash bucket. Needles are the case-sensitive literal a pattern cannot
// match without (required_literal()) or, for patterns without one (case-insensitive ones,
// alternations), the atoms RE2's FilteredRE2 derives from the parsed pattern, which it then
// combines (AND/OR) into the patterns that may match. Candidates are confirmed by their own
// pattern, which also extracts the named groups; a pattern that starts with its literal is
// matched anchored there. Only patterns FilteredRE2 cannot filter go through an RE2::Set on
// every line. `matches_slow()` runs the plain RE2::Set of every signature: lint and the
// matcher's tests and fuzzer compare both paths. A message met a moment ago is answered from
// a ScanMemo (scan_memo.h) without any of this; tests compare that with rescanning.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include "analyzer/scan/match_result.h"
#include "analyzer/scan/scan_memo.h"
#include "analyzer/scan/signature.h"

namespace amtdiag::scan {

// A signature's pattern compiled with the options every matcher uses; check ok() and error().
// The rule loader compiles each pattern through this to prove it valid and keeps the result in
// Signature::compiled, which matchers then share.
std::shared_ptr<const RE2> compile_signature_pattern(const std::string& pattern);

class SignatureMatcher {
  public:
    // Whether a repeated message is answered from the memo (the default) or scanned again;
    // rescanning is the reference the memo is tested against.
    enum class Repeats { recalled, rescanned };

    // Keeps pointers into `signatures`; they must outlive the matcher. Throws
    // std::runtime_error naming the signature when a pattern does not compile.
    SignatureMatcher(std::span<const Signature> signatures, std::string_view artifact_kind,
                     Repeats repeats = Repeats::recalled);
    ~SignatureMatcher();
    SignatureMatcher(const SignatureMatcher&) = delete;
    SignatureMatcher& operator=(const SignatureMatcher&) = delete;

    bool empty() const { return entries_.empty(); }

    // Scans one message. Afterwards hit_count() signatures matched, in ascending signature
    // order; hit(k) is the index into the constructor's span and captures(k) its groups.
    // Buffers are reused: the steady state does not allocate.
    void scan(std::string_view message);
    size_t hit_count() const { return hits_.size(); }
    int hit(size_t k) const { return hits_[k].signature; }
    std::span<const Capture> captures(size_t k) const;

    // Every matching signature by the plain RE2::Set (reference path for lint and tests).
    std::vector<int> matches_slow(std::string_view message) const;

    const Signature& signature(int index) const { return *signatures_[static_cast<size_t>(index)]; }

    // The memo, or nullptr when repeats are rescanned (or the kind has no signature).
    const ScanMemo* memo() const { return memo_.get(); }

  private:
    struct Entry;
    void scan_fresh(std::string_view message);
    bool confirm(const Entry& entry, std::string_view message, size_t literal_pos);

    void add_needle(std::string text, bool folded, uint32_t entry, int atom);
    void find_needles(std::string_view message);
    // What FilteredRE2 says may match, given the atoms find_needles() found.
    const std::vector<int>& potentials_of_matched_atoms();

    std::vector<const Signature*> signatures_;  // by constructor index
    std::vector<std::unique_ptr<Entry>> entries_;
    // A needle: a case-sensitive literal with the entries that need it, or (folded) a
    // lowercase FilteredRE2 atom, matched without regard to ASCII case.
    struct Needle {
        std::string text;
        bool folded = false;
        std::vector<uint32_t> entries;  // literal needles
        int atom = -1;                  // atom needles: index into FilteredRE2's atoms
    };
    std::vector<Needle> needles_;
    // Needle ids by the hash of their first four bytes (case-folded); `seen_` has one bit per
    // hash value, so most positions stop at one load.
    std::vector<uint32_t> bucket_start_;  // hash -> first index into bucket_ids_ (+1 entry)
    std::vector<uint32_t> bucket_ids_;
    std::vector<uint64_t> seen_;
    // Patterns without a literal: filtered by their atoms.
    re2::FilteredRE2 filtered_{4};
    std::vector<uint32_t> filtered_entries_;  // FilteredRE2 index -> entry
    std::vector<int> atoms_always_;           // atoms a byte scan cannot judge (non-ASCII)
    std::vector<bool> unfiltered_;            // FilteredRE2 index -> goes through always_set_
    std::vector<uint32_t> always_;            // entries FilteredRE2 cannot filter
    std::unique_ptr<RE2::Set> always_set_;    // set index -> always_[index]
    mutable std::unique_ptr<RE2::Set>
        full_set_;  // every entry (set index = entry), built on demand

    // Per-scan buffers.
    std::vector<MatchHit> hits_;
    std::vector<Capture> capture_buffer_;
    std::vector<uint32_t> candidate_entries_;
    std::vector<size_t> candidate_positions_;
    std::vector<int> set_hits_;
    std::vector<int> matched_atoms_;
    std::vector<uint32_t> atom_seen_;  // atom -> scan number that last matched it
    uint32_t scan_number_ = 0;
    std::vector<int> potentials_;
    // FilteredRE2::AllPotentials by the set of atoms a line holds. Lines of one shape hold the
    // same atoms whatever their names and numbers, and every call built and freed maps of its
    // own: a seventh of a fresh scan's instructions. Keyed by the atoms themselves (a few
    // ints), so there is no hash to collide. Bounded: a set not kept is asked afresh.
    static constexpr size_t kKnownAtomSetsAtMost = 4096;
    std::map<std::vector<int>, std::vector<int>> known_potentials_;  // sorted atoms -> answer
    std::vector<size_t> order_;
    std::vector<re2::StringPiece> groups_;
    std::unique_ptr<ScanMemo> memo_;
};

}  // namespace amtdiag::scan
