// The scan memo answers a repeated message with exactly what was remembered for it, its
// captures viewing the new message; anything else (another text in the same slot, a text
// too long to keep) is a miss that leaves the caller to scan.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/scan/scan_memo.h"

namespace amtdiag {
namespace {

using scan::Capture;
using scan::MatchHit;
using scan::ScanMemo;

struct Result {
    std::vector<MatchHit> hits;
    std::vector<Capture> captures;
};

// Remembers one hit with a capture of `value` inside `message`.
void remember_one(ScanMemo& memo, const std::string& message, std::string_view value) {
    Result scratch;
    ASSERT_FALSE(memo.recall(message, scratch.hits, scratch.captures));
    const size_t at = message.find(value);
    ASSERT_NE(at, std::string::npos);
    const std::vector<MatchHit> hits{{3, 0, 1}};
    const std::vector<Capture> captures{
        {"device", std::string_view(message).substr(at, value.size())}};
    memo.remember(message, hits, captures);
}

TEST(ScanMemo, RecallsTheHitsAndViewsTheNewMessage) {
    ScanMemo memo;
    const std::string first = "Send task dev01.corp.example.com to completion port";
    remember_one(memo, first, "dev01.corp.example.com");

    const std::string again = first;  // the same text in another buffer
    Result r;
    ASSERT_TRUE(memo.recall(again, r.hits, r.captures));
    ASSERT_EQ(r.hits.size(), 1u);
    EXPECT_EQ(r.hits[0].signature, 3);
    EXPECT_EQ(r.hits[0].capture_count, 1u);
    ASSERT_EQ(r.captures.size(), 1u);
    EXPECT_EQ(r.captures[0].name, "device");
    EXPECT_EQ(r.captures[0].value, "dev01.corp.example.com");
    EXPECT_GE(r.captures[0].value.data(), again.data());
    EXPECT_LE(r.captures[0].value.data() + r.captures[0].value.size(), again.data() + again.size());
    EXPECT_EQ(memo.recalled(), 1u);
    EXPECT_EQ(memo.missed(), 1u);
}

TEST(ScanMemo, ADifferentTextIsNeverAnsweredForAnother) {
    ScanMemo memo;
    // More texts than slots: some share a slot and push each other out, and none may be
    // answered with another's result.
    std::vector<std::string> texts;
    for (size_t i = 0; i < 4 * ScanMemo::kSlots; ++i)
        texts.push_back("Send task dev" + std::to_string(i) + ".corp.example.com to port");
    for (const auto& text : texts) {
        Result scratch;
        if (memo.recall(text, scratch.hits, scratch.captures)) continue;
        const std::vector<MatchHit> hits{{static_cast<int>(&text - texts.data()), 0, 0}};
        memo.remember(text, hits, {});
    }
    size_t recalled = 0;
    for (const auto& text : texts) {
        Result r;
        if (!memo.recall(text, r.hits, r.captures)) continue;
        ++recalled;
        ASSERT_EQ(r.hits.size(), 1u);
        EXPECT_EQ(r.hits[0].signature, static_cast<int>(&text - texts.data())) << text;
    }
    EXPECT_GT(recalled, 0u);
    EXPECT_LE(recalled, ScanMemo::kSlots);
}

TEST(ScanMemo, AMessageOfNoHitsIsRecalledAsNoHits) {
    ScanMemo memo;
    const std::string noise = "Sleeping 60 seconds before the next maintenance cycle";
    Result r{{{1, 0, 0}}, {{"stale", "stale"}}};
    ASSERT_FALSE(memo.recall(noise, r.hits, r.captures));
    memo.remember(noise, {}, {});
    ASSERT_TRUE(memo.recall(noise, r.hits, r.captures));
    EXPECT_TRUE(r.hits.empty());
    EXPECT_TRUE(r.captures.empty());
}

TEST(ScanMemo, LongTextsAndPrefixesAreNotConfused) {
    ScanMemo memo;
    const std::string longest(ScanMemo::kMaxText + 1, 'x');
    Result r;
    ASSERT_FALSE(memo.recall(longest, r.hits, r.captures));
    const std::vector<MatchHit> hits{{0, 0, 0}};
    memo.remember(longest, hits, {});  // not kept: too long
    EXPECT_FALSE(memo.recall(longest, r.hits, r.captures));

    const std::string text = "Found 0 pending AMT operations";
    ASSERT_FALSE(memo.recall(text, r.hits, r.captures));
    memo.remember(text, hits, {});
    EXPECT_FALSE(memo.recall(text.substr(0, text.size() - 1), r.hits, r.captures));
    EXPECT_FALSE(memo.recall(text + " ", r.hits, r.captures));
    EXPECT_TRUE(memo.recall(text, r.hits, r.captures));
}

TEST(ScanMemo, RememberWithoutAMissIsIgnored) {
    ScanMemo memo;
    const std::string text = "Checking the discovery queue";
    const std::vector<MatchHit> hits{{5, 0, 0}};
    memo.remember(text, hits, {});  // no recall() missed it first
    Result r;
    EXPECT_FALSE(memo.recall(text, r.hits, r.captures));
}

}  // namespace
}  // namespace amtdiag
