// libFuzzer target of the signature matcher: every log kind's fast path (needle scan,
// FilteredRE2 atoms, anchored confirmation) against the plain RE2::Set of all its signatures,
// on the same bytes. Any difference is a bug in the fast path; so are crashes, captures
// outside the message, or hits out of signature order. Each input is then scanned again from
// a copy, which the scan memo answers: it must give the same hits and captures, viewing the
// copy.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/scan/signature_matcher.h"
#include "tests/fuzz/fuzz_require.h"

namespace {

struct Matchers {
    amtdiag::engine::RuleSet rules = amtdiag::engine::load_rule_set();
    std::vector<std::unique_ptr<amtdiag::scan::SignatureMatcher>> by_kind;
    Matchers() {
        std::set<std::string> kinds;
        for (const auto& sig : rules.signatures) kinds.insert(sig.logs.begin(), sig.logs.end());
        for (const auto& kind : kinds)
            by_kind.push_back(
                std::make_unique<amtdiag::scan::SignatureMatcher>(rules.signatures, kind));
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Matchers matchers;  // built once: compiling every pattern per input would dominate
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    for (auto& matcher : matchers.by_kind) {
        matcher->scan(line);
        std::vector<int> fast;
        for (size_t k = 0; k < matcher->hit_count(); ++k) {
            fast.push_back(matcher->hit(k));
            REQUIRE(k == 0 || matcher->hit(k - 1) < matcher->hit(k));
            for (const auto& capture : matcher->captures(k)) {
                REQUIRE(capture.value.data() >= line.data());
                REQUIRE(capture.value.data() + capture.value.size() <= line.data() + line.size());
            }
        }
        REQUIRE(fast == matcher->matches_slow(line));

        std::vector<std::string> values;
        for (size_t k = 0; k < matcher->hit_count(); ++k)
            for (const auto& capture : matcher->captures(k)) values.emplace_back(capture.value);
        const std::string copy(line);
        matcher->scan(copy);
        std::vector<int> again;
        std::vector<std::string> values_again;
        for (size_t k = 0; k < matcher->hit_count(); ++k) {
            again.push_back(matcher->hit(k));
            for (const auto& capture : matcher->captures(k)) {
                REQUIRE(capture.value.data() >= copy.data());
                REQUIRE(capture.value.data() + capture.value.size() <= copy.data() + copy.size());
                values_again.emplace_back(capture.value);
            }
        }
        REQUIRE(again == fast);
        REQUIRE(values_again == values);
    }
    return 0;
}
