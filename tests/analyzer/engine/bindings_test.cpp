// Site-scope ev() and site_ev(): the first and last few samples of a kind over every scope,
// in reading order. The engine finds them through a kind index and a linear-time selection;
// these tests hold that to the plain definition (every sample of the kind, stable-sorted by
// sequence, the middle dropped), ties and kinds kept whole included.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/bindings.h"
#include "analyzer/engine/expression/expression.h"

namespace amtdiag::engine {
namespace {

// ("pc" + std::to_string(n) draws a false -Wrestrict from GCC 12 at -O2 and above.)
std::string scope_name(std::string_view prefix, int n) {
    std::string out(prefix);
    out += std::to_string(n);
    return out;
}

struct Fleet {
    correlate::CorrelationResult result;
    std::set<std::string> artifact_kinds{"cm-log"};
    std::shared_ptr<correlate::NameTable> names = std::make_shared<correlate::NameTable>();
    correlate::SampleWriter writer{*names};

    Fleet() {
        names->id("");
        names->id("AMTOPMGR.LOG");
        result.decoder = std::make_shared<correlate::SampleDecoder>(names);
    }
    // A sample whose line number names it, so a test can tell which ones came back.
    void add(const std::string& scope, const std::string& kind, uint64_t sequence, uint64_t line,
             correlate::Retention retention = {}) {
        correlate::KindEvidence& k = result.evidence[scope][kind];
        k.retention = retention;
        ++k.count;
        correlate::Sample s;
        correlate::SampleHeader h;
        h.artifact = 1;
        h.line = line;
        writer.fill(s, sequence, h);
        k.samples.push_back(s);
    }
    // The definition: every scope in map order, each scope's samples in order, stable-sorted
    // by sequence; the first `first` and the last `last` kept.
    std::vector<int64_t> expected(const std::string& kind, size_t first, size_t last) const {
        std::vector<const correlate::Sample*> all;
        for (const auto& [scope, kinds] : result.evidence)
            if (const correlate::KindEvidence* found = kinds.find(kind))
                for (const auto& s : found->samples) all.push_back(&s);
        std::stable_sort(all.begin(), all.end(),
                         [](const auto* a, const auto* b) { return a->sequence < b->sequence; });
        if (all.size() > first + last) all.erase(all.begin() + first, all.end() - last);
        std::vector<int64_t> lines;
        for (const auto* s : all) lines.push_back(static_cast<int64_t>(s->header().line));
        return lines;
    }
    std::vector<int64_t> site_lines(const std::string& function, const std::string& kind,
                                    bool indexed) const {
        static const correlate::ScopeEvidence kNone;
        auto site = result.evidence.find("");
        ScopeData data;
        data.evidence = site == result.evidence.end() ? &kNone : &site->second;
        data.all = &result;
        data.artifact_kinds = &artifact_kinds;
        if (indexed) data.kinds = index_kinds(result);
        const expr::Environment env = make_environment(data);
        const auto r =
            expr::Expression::compile(function + "('" + kind + "').map(e, e.line)").evaluate(env);
        EXPECT_TRUE(r.ok()) << r.error();
        std::vector<int64_t> lines;
        if (r.ok())
            for (const auto& v : r.value().as_list()) lines.push_back(v.as_int());
        return lines;
    }
};

TEST(SiteEvidence, KeepsTheFirstAndLastEightOverEveryScopeInReadingOrder) {
    Fleet fleet;
    std::mt19937 random(20090114);
    uint64_t line = 0;
    for (int device = 0; device < 40; ++device) {
        const std::string id = scope_name("pc", device).append(".contoso.com");
        // Each scope keeps its samples in reading order; scopes interleave in time.
        uint64_t sequence = random() % 1000;
        for (int i = 0; i < 6; ++i) {
            sequence += 1 + random() % 50;
            fleet.add(id, "ms.hello", sequence, ++line);
        }
    }
    for (uint64_t s : {5u, 400u, 999u}) fleet.add("", "ms.hello", s, ++line);
    const auto want = fleet.expected("ms.hello", 8, 8);
    ASSERT_EQ(want.size(), 16u);
    EXPECT_EQ(fleet.site_lines("ev", "ms.hello", true), want);
    EXPECT_EQ(fleet.site_lines("site_ev", "ms.hello", true), want);
    EXPECT_EQ(fleet.site_lines("ev", "ms.hello", false), want);  // index built on demand
}

TEST(SiteEvidence, EqualSequencesKeepScopeOrderAsAStableSortDoes) {
    Fleet fleet;
    uint64_t line = 0;
    // Every scope's samples share sequences with the other scopes' (one record seen as
    // several facts): ties at both ends and across the cut.
    for (int device = 0; device < 12; ++device)
        for (uint64_t sequence : {1u, 1u, 2u, 7u, 7u, 9u})
            fleet.add(scope_name("dev", 100 + device), "ms.retry", sequence, ++line);
    EXPECT_EQ(fleet.site_lines("ev", "ms.retry", true), fleet.expected("ms.retry", 8, 8));
}

TEST(SiteEvidence, KindsKeptWholeStayWholeAndTheFirstScopeSetsTheRetention) {
    Fleet fleet;
    uint64_t line = 0;
    for (int device = 0; device < 9; ++device)
        for (uint64_t sequence = 0; sequence < 5; ++sequence)
            fleet.add(scope_name("host", device), "cert.certificate", 100 - sequence * 10 - device,
                      ++line, correlate::kKeepAll);
    const auto all = fleet.site_lines("ev", "cert.certificate", true);
    EXPECT_EQ(all.size(), 45u);
    EXPECT_EQ(all, fleet.expected("cert.certificate", 45, 0));
    // A retention above 8 at one end widens that end only.
    Fleet wide;
    for (int device = 0; device < 10; ++device)
        for (uint64_t i = 0; i < 4; ++i)
            wide.add(scope_name("d", device), "tls.alert", device * 10 + i, ++line, {12, 2});
    EXPECT_EQ(wide.site_lines("ev", "tls.alert", true), wide.expected("tls.alert", 12, 8));
}

TEST(SiteEvidence, AKindNoScopeHoldsIsAnEmptyList) {
    Fleet fleet;
    fleet.add("pc1", "ms.hello", 1, 1);
    EXPECT_TRUE(fleet.site_lines("ev", "ms.nothing", true).empty());
    EXPECT_TRUE(fleet.site_lines("site_ev", "ms.nothing", false).empty());
}

}  // namespace
}  // namespace amtdiag::engine
