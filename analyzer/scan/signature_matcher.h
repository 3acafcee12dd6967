#pragma once
// All signatures of one artifact kind compiled into a single RE2::Set, so a record is scanned
// once whatever the number of signatures; the individual pattern only runs (to pull out its
// named groups) on the records the set says it matches.
#include <memory>
#include <span>
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
    SignatureMatcher(const SignatureMatcher&) = delete;
    SignatureMatcher& operator=(const SignatureMatcher&) = delete;

    bool empty() const { return entries_.empty(); }

    // Indices (into the span given to the constructor) of every signature matching `message`,
    // ascending. `out` is reused across calls so the hot path does not allocate.
    void match(std::string_view message, std::vector<int>& out) const;

    // Named groups of signature `index` in `message`; `out` is reused. Unset groups are left out.
    void captures(int index, std::string_view message, std::vector<Capture>& out) const;

    const Signature& signature(int index) const { return *signatures_[index]; }

private:
    struct Entry {
        const Signature* signature;
        int index;  // into the constructor's span
        std::unique_ptr<RE2> regex;
        std::vector<std::string> group_names;  // by group number, "" for unnamed groups
    };
    std::vector<const Signature*> signatures_;  // by constructor index
    std::vector<Entry> entries_;                // by set index
    std::unique_ptr<RE2::Set> set_;
    mutable std::vector<int> set_hits_;
};

}  // namespace amtdiag::scan
