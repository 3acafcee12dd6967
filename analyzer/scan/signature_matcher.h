#pragma once
// Matches log messages against all signatures of one artifact kind in one pass.
//
// A scan first looks for every signature's required literal (derived from its pattern) with
// a hashed three-byte window over the message: one pass, whatever the number of signatures.
// Candidates are confirmed by their own pattern, which also extracts the named groups; a
// pattern that starts with its literal is matched anchored at the literal. Signatures without
// a usable literal go through one RE2::Set holding all of them. `matches_slow()` runs the
// plain RE2::Set of every signature: lint compares both paths on every example.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "analyzer/scan/signature.h"

namespace amtdiag::scan {

// Named-group values of one match. Views point into the scanned message.
struct Capture {
    std::string_view name;
    std::string_view value;
};

class SignatureMatcher {
  public:
    // Keeps pointers into `signatures`; they must outlive the matcher. Throws
    // std::runtime_error naming the signature when a pattern does not compile.
    SignatureMatcher(std::span<const Signature> signatures, std::string_view artifact_kind);
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

  private:
    struct Entry;
    struct Hit {
        int signature;
        uint32_t first_capture;
        uint32_t capture_count;
    };
    bool confirm(const Entry& entry, std::string_view message, size_t literal_pos);

    std::vector<const Signature*> signatures_;  // by constructor index
    std::vector<std::unique_ptr<Entry>> entries_;
    // Prefilter: literals with the entries needing them, bucketed by a hash of their first
    // three bytes; `seen_` has one bit per possible first two bytes of a literal.
    struct Literal {
        std::string text;
        std::vector<uint32_t> entries;
    };
    std::vector<Literal> literals_;
    std::vector<std::vector<uint32_t>> buckets_;  // hash -> literal ids
    std::vector<uint64_t> seen_;
    std::vector<uint32_t> always_;          // entries without a literal
    std::unique_ptr<RE2::Set> always_set_;  // set index -> always_[index]
    mutable std::unique_ptr<RE2::Set>
        full_set_;  // every entry (set index = entry), built on demand

    // Per-scan buffers.
    std::vector<Hit> hits_;
    std::vector<Capture> capture_buffer_;
    std::vector<uint32_t> candidate_entries_;
    std::vector<size_t> candidate_positions_;
    std::vector<int> set_hits_;
    std::vector<re2::StringPiece> groups_;
};

}  // namespace amtdiag::scan
