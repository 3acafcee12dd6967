// build_chains(): issuer links by name, key identifier and signature; deterministic and
// bounded whatever the pool (duplicates, cross-signed pairs, loops).
#include "parsers/cert/chain.h"

#include <algorithm>
#include <map>
#include <set>

#include "parsers/cert/error_mark.h"

namespace amtdiag::parsers::cert {
namespace {

// Issuer candidates examined per step: a pool of thousands of same-named certificates must
// not cost millions of signature checks.
constexpr std::size_t kMaxCandidates = 64;

std::string quoted(const Certificate& c) {
    return "'" + c.facts.subject + "'";
}

class ChainBuilder {
  public:
    ChainBuilder(std::span<const Certificate* const> pool, const ChainOptions& options)
        : pool_(pool), options_(options) {}

    // i could have issued j: names match and the key identifiers do not contradict.
    bool may_issue(std::size_t issuer, std::size_t subject) const {
        const Certificate& a = *pool_[issuer];
        const Certificate& b = *pool_[subject];
        if (X509_NAME_cmp(X509_get_subject_name(a.x509.get()),
                          X509_get_issuer_name(b.x509.get())) != 0)
            return false;
        return a.facts.subject_key_id.empty() || b.facts.authority_key_id.empty() ||
               a.facts.subject_key_id == b.facts.authority_key_id;
    }

    bool verifies(std::size_t issuer, std::size_t subject) {
        const auto key = std::make_pair(issuer, subject);
        if (const auto it = verified_.find(key); it != verified_.end()) return it->second;
        EVP_PKEY* public_key = X509_get0_pubkey(pool_[issuer]->x509.get());
        const bool ok =
            public_key != nullptr && X509_verify(pool_[subject]->x509.get(), public_key) == 1;
        verified_.emplace(key, ok);
        return ok;
    }

    // The same certificate given twice: neither "issued" the other.
    bool same(std::size_t a, std::size_t b) const {
        return pool_[a]->facts.sha256 == pool_[b]->facts.sha256;
    }

    bool usable(std::size_t i) const { return pool_[i] != nullptr && pool_[i]->x509 != nullptr; }

    // The best issuer of `subject` among the others, or pool size when there is none.
    std::size_t choose_issuer(std::size_t subject) {
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < pool_.size(); ++i)
            if (i != subject && usable(i) && !same(i, subject) && may_issue(i, subject))
                candidates.push_back(i);
        // Stable order independent of the pool's: by sha256, then index for exact duplicates.
        std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
            const auto& fa = pool_[a]->facts.sha256;
            const auto& fb = pool_[b]->facts.sha256;
            return fa != fb ? fa < fb : a < b;
        });
        if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
        std::size_t best = pool_.size();
        for (const std::size_t c : candidates)
            if (best == pool_.size() || better(c, best, subject)) best = c;
        return best;
    }

    Chain build(std::size_t head) {
        Chain chain;
        std::size_t current = head;
        chain.members.push_back(current);
        while (true) {
            const Certificate& cert = *pool_[current];
            if (cert.facts.self_signed) {
                chain.complete = true;
                break;
            }
            if (chain.members.size() >= options_.max_depth) {
                chain.problems.push_back("the chain is longer than " +
                                         std::to_string(options_.max_depth) +
                                         " certificates: stopped");
                break;
            }
            const std::size_t issuer = choose_issuer(current);
            if (issuer == pool_.size()) {
                if (cert.facts.self_issued)
                    chain.problems.push_back(quoted(cert) +
                                             " is self-issued but its signature does not verify "
                                             "with its own key");
                chain.missing_issuer = cert.facts.issuer;
                chain.missing_issuer_key_id = cert.facts.authority_key_id;
                break;
            }
            if (!verifies(issuer, current))
                chain.problems.push_back("the signature of " + quoted(cert) +
                                         " does not verify with the key of " +
                                         quoted(*pool_[issuer]));
            if (std::find(chain.members.begin(), chain.members.end(), issuer) !=
                chain.members.end()) {
                chain.problems.push_back("issuer loop: " + quoted(cert) + " is issued by " +
                                         quoted(*pool_[issuer]) + ", already in the chain");
                break;
            }
            chain.members.push_back(issuer);
            current = issuer;
        }
        return chain;
    }

  private:
    // Verifying signature first, then valid at `at`, then the latest notAfter, then sha256.
    bool better(std::size_t a, std::size_t b, std::size_t subject) {
        const bool va = verifies(a, subject);
        const bool vb = verifies(b, subject);
        if (va != vb) return va;
        const auto& fa = pool_[a]->facts;
        const auto& fb = pool_[b]->facts;
        if (options_.at) {
            const bool ta = fa.not_before <= *options_.at && *options_.at <= fa.not_after;
            const bool tb = fb.not_before <= *options_.at && *options_.at <= fb.not_after;
            if (ta != tb) return ta;
        }
        if (fa.not_after != fb.not_after) return fa.not_after > fb.not_after;
        return fa.sha256 < fb.sha256;  // candidates arrive sorted: ties keep the first
    }

    std::span<const Certificate* const> pool_;
    const ChainOptions& options_;
    std::map<std::pair<std::size_t, std::size_t>, bool> verified_;
};

}  // namespace

std::vector<Chain> build_chains(std::span<const Certificate* const> pool,
                                const ChainOptions& options) {
    const detail::ErrorMark mark;
    ChainBuilder builder(pool, options);
    std::vector<bool> issued_something(pool.size(), false);
    for (std::size_t i = 0; i < pool.size(); ++i) {
        if (!builder.usable(i)) continue;
        for (std::size_t j = 0; j < pool.size() && !issued_something[i]; ++j)
            if (j != i && builder.usable(j) && !builder.same(i, j) && builder.may_issue(i, j))
                issued_something[i] = true;
    }
    std::vector<Chain> chains;
    // By fingerprint, so a certificate given twice (a root in two bundles) is built once.
    std::set<std::string> covered;
    const auto add = [&](std::size_t head) {
        if (covered.count(pool[head]->facts.sha256) != 0) return;
        chains.push_back(builder.build(head));
        for (const std::size_t m : chains.back().members) covered.insert(pool[m]->facts.sha256);
    };
    for (std::size_t i = 0; i < pool.size(); ++i)
        if (builder.usable(i) && !issued_something[i]) add(i);
    // Certificates no head reaches (a loop of cross-signed issuers): chains of their own.
    for (std::size_t i = 0; i < pool.size(); ++i)
        if (builder.usable(i)) add(i);
    return chains;
}

}  // namespace amtdiag::parsers::cert
