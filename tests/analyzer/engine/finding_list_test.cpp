// FindingList keeps findings encoded: every field must come back as it went in, in any order
// the list is built, appended, reordered, filtered or changed in.
#include "analyzer/model/finding_list.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace amtdiag::model {
namespace {

// Every field, compared one by one (Finding has no operator==), so a field the codec drops or
// mixes up fails here with its name.
void expect_same(const Finding& a, const Finding& b, const std::string& where) {
    EXPECT_EQ(a.check, b.check) << where;
    EXPECT_EQ(a.status, b.status) << where;
    EXPECT_EQ(a.stages, b.stages) << where;
    EXPECT_EQ(a.verdict_stage, b.verdict_stage) << where;
    EXPECT_EQ(a.component, b.component) << where;
    EXPECT_EQ(a.device, b.device) << where;
    EXPECT_EQ(a.message, b.message) << where;
    EXPECT_EQ(a.fix, b.fix) << where;
    EXPECT_EQ(a.refs, b.refs) << where;
    EXPECT_EQ(a.needs, b.needs) << where;
    EXPECT_EQ(a.rule, b.rule) << where;
    EXPECT_EQ(a.suspects, b.suspects) << where;
    EXPECT_EQ(a.suspect_rank, b.suspect_rank) << where;
    EXPECT_EQ(a.for_all_devices, b.for_all_devices) << where;
    ASSERT_EQ(a.evidence.size(), b.evidence.size()) << where;
    for (size_t i = 0; i < a.evidence.size(); ++i) {
        const auto& x = a.evidence[i];
        const auto& y = b.evidence[i];
        const std::string at = where + " evidence " + std::to_string(i);
        EXPECT_EQ(x.ref.artifact, y.ref.artifact) << at;
        EXPECT_EQ(x.ref.line, y.ref.line) << at;
        EXPECT_EQ(x.ref.packet, y.ref.packet) << at;
        EXPECT_EQ(x.ref.offset, y.ref.offset) << at;
        EXPECT_EQ(x.ref.item, y.ref.item) << at;
        EXPECT_EQ(x.ref.excerpt, y.ref.excerpt) << at;
        EXPECT_EQ(x.time, y.time) << at;
        ASSERT_EQ(x.codes.size(), y.codes.size()) << at;
        for (size_t k = 0; k < x.codes.size(); ++k) {
            EXPECT_EQ(x.codes[k].code, y.codes[k].code) << at;
            EXPECT_EQ(x.codes[k].family, y.codes[k].family) << at;
            EXPECT_EQ(x.codes[k].name, y.codes[k].name) << at;
            EXPECT_EQ(x.codes[k].meaning, y.codes[k].meaning) << at;
        }
    }
}

const std::vector<std::string> kWords = {"ca.template-read-enroll",
                                         "certificate-authority",
                                         "Publish the template and give Read and Enroll.",
                                         "opmgr/cert-retry",
                                         "catalog",
                                         "amtopmgr-log",
                                         "dev00001.corp.example.com",
                                         "0x80090325",
                                         "schannel"};

// Words, near-words, empty and long strings, numbers at every varint width, negative ints.
Finding random_finding(std::mt19937_64& rng) {
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    auto text = [&]() -> std::string {
        switch (pick(6)) {
            case 0:
                return "";
            case 1:
                return kWords[pick(kWords.size())];
            case 2:
                return kWords[pick(kWords.size())] + "x";  // not a word, shares its start
            case 3:
                return std::string(pick(300), static_cast<char>('a' + pick(26)));
            case 4:
                return std::string("\0\x01\xff\x80 mixed", 11);
            default:
                return "ab";  // shorter than any word is ever numbered
        }
    };
    auto number = [&]() -> uint64_t {
        switch (pick(4)) {
            case 0:
                return 0;
            case 1:
                return pick(128);
            case 2:
                return rng() >> pick(64);
            default:
                return std::numeric_limits<uint64_t>::max();
        }
    };
    Finding f;
    f.check = text();
    f.status = static_cast<Status>(pick(6));
    for (size_t n = pick(4); n > 0; --n) f.stages.push_back(static_cast<int>(pick(9)) - 1);
    f.verdict_stage = static_cast<int>(pick(20)) - 10;
    f.component = text();
    f.device = text();
    f.message = text();
    f.fix = text();
    for (size_t n = pick(3); n > 0; --n) f.refs.push_back(text());
    for (size_t n = pick(12); n > 0; --n) {
        EvidenceRef e;
        e.ref.artifact = pick(2) ? "/logs/AMTOPMGR.LOG" : text();
        e.ref.line = number();
        e.ref.packet = number();
        e.ref.offset = number();
        e.ref.item = static_cast<uint32_t>(number());
        e.ref.excerpt = text();
        e.time = text();
        for (size_t k = pick(3); k > 0; --k) e.codes.push_back({text(), text(), text(), text()});
        f.evidence.push_back(std::move(e));
    }
    for (size_t n = pick(3); n > 0; --n) f.needs.push_back(text());
    f.rule = text();
    for (size_t n = pick(3); n > 0; --n) f.suspects.push_back(text());
    f.suspect_rank = static_cast<int>(pick(7)) - 3;
    f.for_all_devices = number();
    return f;
}

std::vector<Finding> random_findings(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Finding> out;
    for (size_t i = 0; i < n; ++i) out.push_back(random_finding(rng));
    return out;
}

std::shared_ptr<const FindingVocabulary> vocabulary() {
    return std::make_shared<const FindingVocabulary>(kWords);
}

void expect_list(const FindingList& list, const std::vector<Finding>& want,
                 const std::string& where) {
    ASSERT_EQ(list.size(), want.size()) << where;
    for (size_t i = 0; i < want.size(); ++i) {
        expect_same(list[i], want[i], where + " #" + std::to_string(i));
        const FindingHead head = list.head(i);
        EXPECT_EQ(head.status, want[i].status);
        EXPECT_EQ(head.verdict_stage, want[i].verdict_stage);
        EXPECT_EQ(head.suspect_rank, want[i].suspect_rank);
        EXPECT_EQ(head.for_all_devices, want[i].for_all_devices);
        EXPECT_EQ(head.check, want[i].check);
        EXPECT_EQ(head.device, want[i].device);
        EXPECT_EQ(head.rule, want[i].rule);
    }
}

TEST(FindingList, EveryFieldRoundTripsWithAndWithoutAVocabulary) {
    const auto want = random_findings(600, 1);
    FindingList words(vocabulary());
    FindingList plain;
    for (const auto& f : want) {
        words.push_back(f);
        plain.push_back(f);
    }
    expect_list(words, want, "vocabulary");
    expect_list(plain, want, "plain");
    // Decoding into one scratch finding, as report writers do, leaves nothing of the last one.
    Finding scratch;
    for (size_t i = want.size(); i-- > 0;) {
        words.decode(i, scratch);
        expect_same(scratch, want[i], "scratch #" + std::to_string(i));
    }
    EXPECT_EQ(FindingList(want).to_vector().size(), want.size());
}

TEST(FindingList, IteratesLikeAVector) {
    const auto want = random_findings(50, 2);
    const FindingList list(want);
    size_t i = 0;
    for (const auto& f : list) expect_same(f, want[i++], "range-for");
    EXPECT_EQ(i, want.size());
    const auto found = std::find_if(list.begin(), list.end(),
                                    [&](const Finding& f) { return f.check == want[17].check; });
    ASSERT_NE(found, list.end());
    EXPECT_LE(found.index(), 17u);
    EXPECT_THROW(list.at(want.size()), std::out_of_range);
}

TEST(FindingList, AWordIsStoredAsItsNumberAndAnythingElseAsItIs) {
    Finding f;
    f.check = kWords[0];
    f.component = kWords[1];
    f.fix = kWords[2];
    f.device = kWords[6];
    f.rule = kWords[3];
    f.message = kWords[2];  // messages are never looked up, even when they equal a word
    FindingList words(vocabulary());
    words.push_back(f);
    FindingList plain;
    plain.push_back(f);
    // Status, 3 numbers, 4 word numbers, stage count, component, message inline, fix, and
    // empty lists: far below the plain encoding.
    EXPECT_LT(words.encoded_bytes(), 20 + f.message.size());
    EXPECT_GT(plain.encoded_bytes(), 2 * f.message.size());
    expect_same(words[0], f, "words");
    // Not words: a word with a letter more, and one the vocabulary never numbers (too short).
    const FindingVocabulary v(kWords);
    EXPECT_EQ(v.find(kWords[0] + "x"), -1);
    EXPECT_EQ(v.find(""), -1);
    EXPECT_GE(v.find("catalog"), 0);
    EXPECT_EQ(FindingVocabulary({"ab", "abc"}).size(), 1u);
}

TEST(FindingList, AFindingLargerThanABlockAndThoseAfterItRoundTrip) {
    auto want = random_findings(5, 3);
    want[2].message.assign(3 << 20, 'm');  // three blocks' worth
    const FindingList list(want);
    expect_list(list, want, "large");
}

TEST(FindingList, AppendMovesBlocksOrReencodesForAnotherVocabulary) {
    const auto first = random_findings(300, 4);
    const auto second = random_findings(300, 5);
    std::vector<Finding> both = first;
    both.insert(both.end(), second.begin(), second.end());
    const auto shared = vocabulary();
    for (int other_kind = 0; other_kind < 3; ++other_kind) {
        FindingList a(shared);
        for (const auto& f : first) a.push_back(f);
        FindingList b = other_kind == 0   ? FindingList(shared)
                        : other_kind == 1 ? FindingList(vocabulary())  // same words, not shared
                                          : FindingList();
        for (const auto& f : second) b.push_back(f);
        a.append(std::move(b));
        expect_list(a, both, "append kind " + std::to_string(other_kind));
        EXPECT_TRUE(b.empty());
        // Appending after an append writes into the moved blocks' room.
        a.push_back(first[0]);
        expect_same(a[a.size() - 1], first[0], "after append");
    }
}

TEST(FindingList, ReorderAndEraseMovePlacesNotFindings) {
    const auto want = random_findings(200, 6);
    FindingList list(vocabulary());
    for (const auto& f : want) list.push_back(f);
    std::vector<size_t> order(want.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = (i * 37 + 11) % order.size();
    const size_t bytes = list.encoded_bytes();
    list.reorder(order);
    EXPECT_EQ(list.encoded_bytes(), bytes);
    std::vector<Finding> reordered;
    for (size_t k : order) reordered.push_back(want[k]);
    expect_list(list, reordered, "reordered");

    const size_t dropped = list.erase_if([](const Finding& f) { return f.status == Status::pass; });
    std::vector<Finding> kept;
    for (const auto& f : reordered)
        if (f.status != Status::pass) kept.push_back(f);
    EXPECT_EQ(dropped, reordered.size() - kept.size());
    EXPECT_GT(dropped, 0u);
    expect_list(list, kept, "erased");
}

TEST(FindingList, ChangeEachOnSeveralThreadsEqualsOneThread) {
    // More than 4,096 findings per thread, so three threads really split the list.
    const auto want = random_findings(3 * 4096 + 123, 7);
    auto change = [](Finding& f) {
        if (f.status != Status::warn) return false;
        f.message += " (changed)";
        f.suspects.push_back("a.suspect");
        return true;
    };
    std::vector<Finding> changed = want;
    for (auto& f : changed) change(f);
    for (unsigned jobs : {1u, 3u}) {
        FindingList list(vocabulary());
        for (const auto& f : want) list.push_back(f);
        list.change_each(change, jobs);
        expect_list(list, changed, "jobs " + std::to_string(jobs));
    }
    FindingList list(want);
    list.replace(3, want[4]);
    expect_same(list[3], want[4], "replaced");
    expect_same(list[4], want[4], "next to the replaced one");
}

TEST(FindingList, AnErrorInChangeEachReachesTheCaller) {
    FindingList list(random_findings(3 * 4096, 8));
    EXPECT_THROW(list.change_each([](Finding&) -> bool { throw std::runtime_error("boom"); }, 3),
                 std::runtime_error);
}

TEST(FindingList, ATypicalFleetFindingTakesAFewHundredBytes) {
    // The shape of the commonest finding of a 10,000-device fleet (a pass citing four lines).
    Finding f;
    f.check = kWords[0];
    f.status = Status::pass;
    f.stages = {1, 3};
    f.verdict_stage = 3;
    f.component = kWords[1];
    f.device = kWords[6];
    f.message = "The device's FQDN 'dev00001.corp.example.com' has only characters AMT accepts.";
    f.fix = kWords[2];
    f.rule = kWords[3];
    for (int i = 0; i < 4; ++i) {
        EvidenceRef e;
        e.ref.artifact = "/logs/site/AMTOPMGR.LOG";
        e.ref.line = 3834253 + static_cast<uint64_t>(i);
        e.ref.offset = 412345678;
        e.ref.excerpt = "Provision target is indicated with SMS resource id. (MachineId = 1000)";
        e.time = "2009-01-17T01:52:14.404Z";
        f.evidence.push_back(e);
    }
    FindingList list(vocabulary());
    list.push_back(f);
    // 560 bytes as written; the same finding decoded holds about 1.9 KB of heap and struct.
    EXPECT_LE(list.encoded_bytes(), 600u);
}

// A message or excerpt many findings repeat is held once: every copy after the first costs
// its number, and each decodes to the text it was given, whichever thread wrote it.
TEST(FindingList, ALongTextRepeatedByManyFindingsIsKeptOnce) {
    Finding f;
    f.check = kWords[0];
    f.message = "Not decided: give hotfix-inventory. What decides it: the site server's build.";
    EvidenceRef e;
    e.ref.excerpt = "Send request to AMT proxy component to generate client certificate.";
    e.time = "2009-01-14T22:38:09.099Z";
    f.evidence = {e, e};
    const auto shared = vocabulary();
    FindingList list(shared);
    FindingList written_out;  // no vocabulary, so no phrase book: every text inline
    for (int i = 0; i < 100; ++i) {
        list.push_back(f);
        written_out.push_back(f);
    }
    EXPECT_LT(2 * list.encoded_bytes(), written_out.encoded_bytes());
    // The message and the excerpt; times are nearly all distinct, so they stay inline.
    EXPECT_EQ(shared->phrases().size(), 2u);
    EXPECT_GE(list.phrase_bytes(), f.message.size() + e.ref.excerpt.size());
    // Short texts stay inline: they cost less than a number and a lookup.
    Finding brief = f;
    brief.message = "short";
    list.push_back(brief);
    EXPECT_EQ(shared->phrases().size(), 2u);
    for (size_t i = 0; i + 1 < list.size(); ++i)
        expect_same(list[i], f, "repeat " + std::to_string(i));
    expect_same(list[list.size() - 1], brief, "brief");
}

TEST(PhraseBook, NumbersAreStableAndTheSameTextGetsTheSameNumberFromAnyThread) {
    PhraseBook book;
    constexpr int kPhrases = 5000;  // enough to grow the index several times
    auto text = [](int n) {
        return "phrase number " + std::to_string(n) + std::string(n % 40, '~');
    };
    std::vector<uint32_t> a(kPhrases), b(kPhrases);
    {
        std::jthread left([&] {
            for (int n = 0; n < kPhrases; ++n) a[static_cast<size_t>(n)] = book.number(text(n));
        });
        for (int n = kPhrases - 1; n >= 0; --n) b[static_cast<size_t>(n)] = book.number(text(n));
    }
    EXPECT_EQ(a, b);
    EXPECT_EQ(book.size(), static_cast<size_t>(kPhrases));
    for (int n = 0; n < kPhrases; ++n) EXPECT_EQ(book.phrase(a[static_cast<size_t>(n)]), text(n));
    EXPECT_EQ(book.number(""), book.number(""));
    EXPECT_EQ(book.phrase(book.number(std::string(200'000, 'x'))), std::string(200'000, 'x'));
}

}  // namespace
}  // namespace amtdiag::model
