#pragma once
// Certificate chains built from a pool of certificates (usually one file's, or all files'
// given together), the way a verifier would try to build them, reporting rather than judging.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parsers/cert/certificate.h"

namespace amtdiag::parsers::cert {

struct Chain {
    // Indices into the pool given: the head (leaf) first, then its issuer, ... up to the root.
    std::vector<std::size_t> members;
    bool complete = false;  // ends at a self-signed certificate
    // When incomplete: the issuer DN of the last member, whose certificate was not given,
    // and its authority key identifier (lowercase hex, "" when it has none).
    std::string missing_issuer;
    std::string missing_issuer_key_id;
    // E.g. "the signature of 'CN=leaf' does not verify with the key of 'CN=Issuing CA'",
    // loops, the depth limit.
    std::vector<std::string> problems;
};

struct ChainOptions {
    // When set (Unix seconds), issuers valid at that time are preferred; otherwise validity
    // only breaks ties by the latest notAfter. Left out, the result does not depend on the clock.
    std::optional<std::int64_t> at;
    std::size_t max_depth = 10;  // certificates per chain
};

// Heads are the certificates that issued no other certificate of the pool; certificates not
// reached from any head (issuer loops) head chains of their own, so every certificate is in
// at least one chain. Issuer choice for a certificate C, among the others of the pool:
//   subject DN == C's issuer DN (X509_NAME_cmp), AKI == SKI when both are present; then
//   prefer one whose key verifies C's signature, then one valid at `at`, then the latest
//   notAfter, then the smallest sha256 (so the choice never depends on the pool's order).
// A chain stops at a self-signed certificate (complete), at a missing issuer, at a loop or
// at max_depth. Null pool entries are skipped; a certificate given twice (same sha256) heads
// or joins chains once, under its first index.
std::vector<Chain> build_chains(std::span<const Certificate* const> pool,
                                const ChainOptions& options = {});

}  // namespace amtdiag::parsers::cert
