// The matcher's fast path (needle scan, FilteredRE2 atoms, anchored confirmation) must find
// exactly what the plain RE2::Set of every signature finds, on the way RE2's own tester
// compares its engines: the same inputs through both, any difference is a bug in the fast path.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/engine/rule_set.h"
#include "analyzer/scan/signature_matcher.h"

namespace amtdiag {
namespace {

const engine::RuleSet& rules() {
    static const engine::RuleSet set = engine::load_rule_set();
    return set;
}

std::set<std::string> log_kinds() {
    std::set<std::string> kinds;
    for (const auto& sig : rules().signatures) kinds.insert(sig.logs.begin(), sig.logs.end());
    return kinds;
}

std::vector<std::string> example_lines() {
    std::vector<std::string> lines;
    for (const auto& sig : rules().signatures) {
        lines.insert(lines.end(), sig.examples_match.begin(), sig.examples_match.end());
        lines.insert(lines.end(), sig.examples_no_match.begin(), sig.examples_no_match.end());
    }
    return lines;
}

std::vector<int> fast_hits(scan::SignatureMatcher& matcher, const std::string& line) {
    matcher.scan(line);
    std::vector<int> out;
    for (size_t k = 0; k < matcher.hit_count(); ++k) out.push_back(matcher.hit(k));
    return out;
}

void expect_same(scan::SignatureMatcher& matcher, const std::string& kind,
                 const std::string& line) {
    EXPECT_EQ(fast_hits(matcher, line), matcher.matches_slow(line))
        << "log kind " << kind << ", line: " << line;
}

// Case flips, cuts and splices of the example lines: they reach the needles' edges (a literal
// cut short, an atom in other case, two lines' needles in one).
std::vector<std::string> mutations(const std::vector<std::string>& lines, std::mt19937& random) {
    std::vector<std::string> out;
    for (const auto& line : lines) {
        std::string upper = line, lower = line;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back(upper);
        out.push_back(lower);
        if (line.size() > 2) {
            const size_t cut = random() % line.size();
            out.push_back(line.substr(0, cut));
            out.push_back(line.substr(cut));
            out.push_back(line.substr(cut) + " " + lines[random() % lines.size()]);
        }
    }
    return out;
}

// What one scan found, as values: the memo must give these for a repeated message exactly as
// scanning it again does, with captures viewing the message just scanned.
struct Found {
    std::vector<int> hits;
    std::vector<std::pair<std::string, std::string>> captures;
    bool operator==(const Found&) const = default;
};

Found found_in(scan::SignatureMatcher& matcher, const std::string& line) {
    matcher.scan(line);
    Found found;
    for (size_t k = 0; k < matcher.hit_count(); ++k) {
        found.hits.push_back(matcher.hit(k));
        for (const auto& capture : matcher.captures(k)) {
            EXPECT_GE(capture.value.data(), line.data());
            EXPECT_LE(capture.value.data() + capture.value.size(), line.data() + line.size());
            found.captures.emplace_back(capture.name, capture.value);
        }
    }
    return found;
}

TEST(SignatureMatcher, RepeatedMessagesAreAnsweredAsIfScannedAgain) {
    std::mt19937 random(1201);
    auto lines = example_lines();
    const auto mutated = mutations(lines, random);
    lines.insert(lines.end(), mutated.begin(), mutated.end());
    // Each line three times, shuffled: repeats come back after other lines took their slot
    // or left it alone, and each scan reads a fresh copy in a buffer of its own.
    std::vector<std::string> stream;
    for (int round = 0; round < 3; ++round) stream.insert(stream.end(), lines.begin(), lines.end());
    std::shuffle(stream.begin(), stream.end(), random);
    for (const auto& kind : log_kinds()) {
        scan::SignatureMatcher recalled(rules().signatures, kind);
        scan::SignatureMatcher rescanned(rules().signatures, kind,
                                         scan::SignatureMatcher::Repeats::rescanned);
        ASSERT_EQ(rescanned.memo(), nullptr);
        for (const auto& line : stream) {
            const std::string copy = line;
            ASSERT_EQ(found_in(recalled, copy), found_in(rescanned, line))
                << "log kind " << kind << ", line: " << line;
        }
        ASSERT_NE(recalled.memo(), nullptr);
        EXPECT_GT(recalled.memo()->recalled(), stream.size() / 10) << kind;
    }
}

TEST(SignatureMatcher, FastPathEqualsThePlainSetOnExamplesAndTheirMutations) {
    std::mt19937 random(20090114);
    const auto lines = example_lines();
    ASSERT_GT(lines.size(), 100u);
    const auto mutated = mutations(lines, random);
    for (const auto& kind : log_kinds()) {
        scan::SignatureMatcher matcher(rules().signatures, kind);
        for (const auto& line : lines) expect_same(matcher, kind, line);
        for (const auto& line : mutated) expect_same(matcher, kind, line);
    }
}

TEST(SignatureMatcher, FastPathEqualsThePlainSetOnRandomText) {
    std::mt19937 random(7);
    // Random lines over an alphabet rich in the needles' letters, digits and separators.
    const std::string alphabet = "aAeEiIoOrRsStTnNlLcCdDpPfFmM0123456789x .:=-_()'\"\\/\t";
    for (const auto& kind : log_kinds()) {
        scan::SignatureMatcher matcher(rules().signatures, kind);
        for (int i = 0; i < 3000; ++i) {
            std::string line(random() % 120, ' ');
            for (auto& c : line) c = alphabet[random() % alphabet.size()];
            expect_same(matcher, kind, line);
        }
    }
}

TEST(SignatureMatcher, CaseInsensitiveSignaturesFireInAnyCase) {
    int checked = 0;
    for (const auto& sig : rules().signatures) {
        if (sig.pattern.rfind("(?i)", 0) != 0 || sig.examples_match.empty()) continue;
        for (const auto& kind : sig.logs) {
            scan::SignatureMatcher matcher(rules().signatures, kind);
            std::string upper = sig.examples_match.front();
            for (auto& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            const auto hits = fast_hits(matcher, upper);
            const auto slow = matcher.matches_slow(upper);
            EXPECT_EQ(hits, slow) << sig.id;
            ++checked;
        }
    }
    EXPECT_GT(checked, 5);
}

// A pattern whose atom is not ASCII: lower-casing "É" gives other bytes, so a byte scan
// cannot look for it; the signature must still fire.
TEST(SignatureMatcher, NonAsciiAtomsAreNotMissed) {
    std::vector<scan::Signature> sigs(2);
    sigs[0].id = "test.accented";
    sigs[0].pattern = "(?i)ÉCHEC (?:de|du) provisionnement";
    sigs[0].logs = {"test-log"};
    sigs[1].id = "test.plain";
    sigs[1].pattern = "(?i)provisioning (?:failed|aborted)";
    sigs[1].logs = {"test-log"};
    scan::SignatureMatcher matcher(sigs, "test-log");
    for (const std::string line : {"ÉCHEC du provisionnement", "échec de provisionnement",
                                   "PROVISIONING FAILED", "provisioning aborted", "rien"}) {
        EXPECT_EQ(fast_hits(matcher, line), matcher.matches_slow(line)) << line;
    }
    EXPECT_EQ(fast_hits(matcher, "ÉCHEC du provisionnement"), std::vector<int>{0});
    EXPECT_EQ(fast_hits(matcher, "Provisioning Aborted"), std::vector<int>{1});
}

// Matchers reuse the pattern the rule loader compiled; a signature whose pattern changed since
// (an override, a test) must be matched by its new pattern, never the stale compiled one.
TEST(SignatureMatcher, ReusesTheLoadersCompiledPatternOnlyWhileItIsCurrent) {
    const scan::Signature* loaded = nullptr;
    for (const auto& sig : rules().signatures)
        if (sig.compiled != nullptr && !sig.examples_match.empty() && !sig.logs.empty()) {
            loaded = &sig;
            break;
        }
    ASSERT_NE(loaded, nullptr) << "the loader keeps no compiled pattern";
    const std::string line = loaded->examples_match.front();
    std::vector<scan::Signature> sigs{*loaded};
    scan::SignatureMatcher current(sigs, loaded->logs.front());
    EXPECT_EQ(fast_hits(current, line), std::vector<int>{0}) << loaded->id;

    // The compiled pattern is now stale. Case-insensitive, so the new pattern is confirmed by
    // the entry's own regex (a literal at the start would be confirmed by an anchored copy).
    sigs[0].pattern = "(?i)no such line in any log, 7f3a";
    scan::SignatureMatcher changed(sigs, loaded->logs.front());
    EXPECT_TRUE(fast_hits(changed, line).empty()) << loaded->id;
    EXPECT_EQ(fast_hits(changed, "x No Such Line in any log, 7F3A y"), std::vector<int>{0});
}

}  // namespace
}  // namespace amtdiag
