// Samples: bounded retention with exact counts, and a round trip of every attribute type
// through the compact form, whatever bytes the values hold.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "analyzer/correlate/correlator.h"
#include "analyzer/correlate/evidence_store.h"

namespace amtdiag::correlate {
namespace {

TEST(KindSamples, KeepsTheFirstAndLastWithAnExactCount) {
    KindSamples samples(Retention{2, 3});
    for (uint64_t i = 1; i <= 100; ++i) samples.add([&](Sample& s) { s.sequence = i; });
    EXPECT_EQ(samples.count(), 100u);
    const auto kept = samples.samples();
    ASSERT_EQ(kept.size(), 5u);
    const std::vector<uint64_t> want = {1, 2, 98, 99, 100};
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(kept[i].sequence, want[i]);
}

// take_samples moves the ring out in place: for every position the ring can stop at, it must
// give what samples() copies, in reading order, and leave nothing behind.
TEST(KindSamples, TakeSamplesEqualsSamplesWhereverTheRingStopped) {
    for (uint64_t total = 0; total <= 12; ++total) {
        KindSamples samples(Retention{2, 4});
        for (uint64_t i = 1; i <= total; ++i) samples.add([&](Sample& s) { s.sequence = i; });
        std::vector<uint64_t> copied, taken;
        for (const auto& s : samples.samples()) copied.push_back(s.sequence);
        for (const auto& s : samples.take_samples()) taken.push_back(s.sequence);
        EXPECT_EQ(taken, copied) << total << " added";
        EXPECT_TRUE(std::is_sorted(taken.begin(), taken.end())) << total << " added";
        EXPECT_TRUE(samples.samples().empty());
    }
}

// keeps_next() tells the correlator whether to encode a fact at all: it must be true exactly
// when the next add() calls its fill, or a kept sample would be left empty.
TEST(KindSamples, KeepsNextIsTrueExactlyWhenTheNextOccurrenceIsWritten) {
    for (const Retention r : {Retention{1, 0}, Retention{0, 0}, Retention{2, 3}, Retention{0, 2}}) {
        KindSamples samples(r);
        for (uint64_t i = 1; i <= 12; ++i) {
            const bool promised = samples.keeps_next();
            bool filled = false;
            samples.add([&](Sample& s) {
                s.sequence = i;
                filled = true;
            });
            EXPECT_EQ(promised, filled) << "keep " << r.first << "+" << r.last << ", add " << i;
        }
        EXPECT_EQ(samples.count(), 12u);
    }
}

TEST(KindSamples, KeepAllKeepsEverything) {
    KindSamples samples(kKeepAll);
    for (uint64_t i = 1; i <= 1000; ++i) samples.add([&](Sample& s) { s.sequence = i; });
    EXPECT_EQ(samples.samples().size(), 1000u);
}

TEST(KindSamples, MergeKeepsTheEarliestAndLatestOfTheUnion) {
    KindSamples a(Retention{1, 1}), b(Retention{1, 1});
    for (uint64_t i : {1, 5, 9}) a.add([&](Sample& s) { s.sequence = i; });
    for (uint64_t i : {2, 12}) b.add([&](Sample& s) { s.sequence = i; });
    a.merge(std::move(b));
    EXPECT_EQ(a.count(), 5u);
    const auto kept = a.samples();
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(kept[0].sequence, 1u);
    EXPECT_EQ(kept[1].sequence, 12u);
}

TEST(SampleRoundTrip, EveryAttributeTypeAndKeySurvives) {
    auto names = std::make_shared<NameTable>();
    const std::string message = "Validate client certificate for AMT device hp7800.vprolab.com";
    const std::vector<std::string> eku = {"1.3.6.1.5.5.7.3.1", "2.16.840.1.113741.1.2.3"};
    const std::vector<std::string> none;
    const FactField fields[] = {
        {"retry", std::string_view(message).substr(0, 8), model::AttrType::string, nullptr},
        {"key_bits", "2048", model::AttrType::integer, nullptr},
        {"is_ca", "false", model::AttrType::boolean, nullptr},
        {"not_after", "2034000000000", model::AttrType::timestamp, nullptr},
        {"eku", "", model::AttrType::list, &eku},
        {"crl_urls", "", model::AttrType::list, &none},
    };
    Fact fact;
    fact.keys.fqdn = std::string_view(message).substr(message.find("hp7800"));
    fact.fields = fields;
    fact.artifact = "certs/prov.pem";
    fact.item = 2;
    fact.line = 14;
    fact.excerpt = message;
    fact.origin = "opmgr.cert";
    fact.severity = model::Severity::warning;
    Sample sample;
    fill_sample(sample, fact, 42, *names);
    const model::Evidence ev = SampleDecoder(names).decode("cert.certificate", sample);

    EXPECT_EQ(ev.kind, "cert.certificate");
    EXPECT_EQ(ev.keys.fqdn, "hp7800.vprolab.com");
    EXPECT_EQ(ev.keys.host, "hp7800");
    EXPECT_EQ(ev.ref.artifact, "certs/prov.pem");
    EXPECT_EQ(ev.ref.item, 2u);
    EXPECT_EQ(ev.ref.line, 14u);
    EXPECT_EQ(ev.ref.excerpt, message);
    EXPECT_EQ(ev.sequence, 42u);
    EXPECT_EQ(ev.severity, model::Severity::warning);
    ASSERT_NE(ev.attribute("retry"), nullptr);
    EXPECT_EQ(ev.attribute("retry")->value, "Validate");
    EXPECT_EQ(ev.attribute("key_bits")->type, model::AttrType::integer);
    EXPECT_EQ(ev.attribute("key_bits")->number, 2048);
    EXPECT_EQ(ev.attribute("is_ca")->type, model::AttrType::boolean);
    EXPECT_EQ(ev.attribute("is_ca")->number, 0);
    EXPECT_EQ(ev.attribute("not_after")->number, 2034000000000);
    EXPECT_EQ(ev.attribute("eku")->items, eku);
    ASSERT_NE(ev.attribute("crl_urls"), nullptr);
    EXPECT_EQ(ev.attribute("crl_urls")->type, model::AttrType::list);
    EXPECT_TRUE(ev.attribute("crl_urls")->items.empty());
    EXPECT_EQ(*ev.attr("signature"), "opmgr.cert");
}

TEST(SampleRoundTrip, ValuesWithSeparatorBytesAreKeptAsWritten) {
    // Log text is hostile: no byte may act as a separator inside the store.
    auto names = std::make_shared<NameTable>();
    const std::string message = std::string(
        "a\x1f"
        "b\x1e"
        "c\x1d"
        "1,2 \x1b]0;x\x07 end");
    const std::string outside = std::string(
        "\x1d"
        "0,5\x1f");
    const FactField fields[] = {{"inside", std::string_view(message).substr(1, 6)},
                                {"outside", outside}};
    Fact fact;
    fact.fields = fields;
    fact.excerpt = message;
    Sample sample;
    fill_sample(sample, fact, 1, *names);
    const model::Evidence ev = SampleDecoder(names).decode("log.x", sample);
    EXPECT_EQ(*ev.attr("inside"), message.substr(1, 6));
    EXPECT_EQ(*ev.attr("outside"), outside);
    EXPECT_EQ(ev.ref.excerpt, message);
}

TEST(SampleRoundTrip, LongExcerptsAreCutButCapturesBeyondTheCutSurvive) {
    auto names = std::make_shared<NameTable>();
    const std::string message = std::string(300, 'x') + " device tail.example.com";
    Fact fact;
    fact.keys.fqdn = std::string_view(message).substr(message.find("tail"));
    fact.excerpt = message;
    Sample sample;
    fill_sample(sample, fact, 1, *names);
    const model::Evidence ev = SampleDecoder(names).decode("log.x", sample);
    EXPECT_EQ(ev.ref.excerpt, std::string(200, 'x') + "...");
    EXPECT_EQ(ev.keys.fqdn, "tail.example.com");
}

// The citation is stored as varints: extreme values, a negative bias and every time flag
// must come back exactly.
TEST(SampleRoundTrip, CitationNumbersAndTimeFlagsSurviveAtTheirExtremes) {
    auto names = std::make_shared<NameTable>();
    Fact fact;
    fact.excerpt = "x";
    fact.line = (uint64_t{1} << 40) + 7;
    fact.packet = std::numeric_limits<uint64_t>::max();
    fact.offset = (uint64_t{1} << 35) + 1;
    fact.item = std::numeric_limits<uint32_t>::max();
    fact.time.local_ms = -62'135'596'800'000;  // year 1
    fact.time.bias_minutes = -480;
    fact.time.has_time = true;
    fact.time.has_bias = true;
    fact.time.valid = false;
    fact.severity = model::Severity::error;
    Sample sample;
    fill_sample(sample, fact, std::numeric_limits<uint64_t>::max(), *names);
    const SampleHeader h = sample.header();
    EXPECT_EQ(h.line, fact.line);
    EXPECT_EQ(h.packet, fact.packet);
    EXPECT_EQ(h.offset, fact.offset);
    EXPECT_EQ(h.item, fact.item);
    EXPECT_EQ(h.time.local_ms, fact.time.local_ms);
    EXPECT_EQ(h.time.bias_minutes, -480);
    EXPECT_TRUE(h.time.has_time);
    EXPECT_TRUE(h.time.has_bias);
    EXPECT_FALSE(h.time.valid);
    EXPECT_EQ(h.severity, model::Severity::error);
    EXPECT_EQ(sample.sequence, std::numeric_limits<uint64_t>::max());
}

// A ring slot is overwritten in place: a longer sample must grow the block, a shorter one
// must not leave the longer one's bytes readable, and a copy must not share the block.
TEST(SampleRoundTrip, AReusedSlotAndACopyDecodeExactlyWhatWasWritten) {
    auto names = std::make_shared<NameTable>();
    SampleWriter writer(*names);
    const SampleDecoder decoder(names);
    const std::string long_text(500, 'L'), short_text = "short (MachineId = 7)";
    const FactField long_field[] = {{"retry", "12345678901234567890"}};
    Fact fact;
    Sample slot;
    fact.excerpt = "tiny";
    writer.fill(slot, fact, 1);
    const size_t tiny_block = slot.block_bytes();
    fact.excerpt = long_text;
    fact.excerpt_max = 1000;
    fact.fields = long_field;
    writer.fill(slot, fact, 2);
    EXPECT_GT(slot.block_bytes(), tiny_block);
    const Sample copy = slot;
    fact.excerpt = short_text;
    fact.fields = {};
    writer.fill(slot, fact, 3);
    const model::Evidence reused = decoder.decode("log.x", slot);
    EXPECT_EQ(reused.ref.excerpt, short_text);
    EXPECT_EQ(reused.attr("retry"), nullptr);
    EXPECT_EQ(reused.sequence, 3u);
    const model::Evidence copied = decoder.decode("log.x", copy);
    EXPECT_EQ(copied.ref.excerpt, long_text);
    ASSERT_NE(copied.attr("retry"), nullptr);
    EXPECT_EQ(*copied.attr("retry"), "12345678901234567890");
    EXPECT_EQ(copied.sequence, 2u);
}

// Results built by hand (tests, tools) and by the correlator look kinds up by name in a
// vector kept sorted by name.
TEST(ScopeEvidence, FindsKindsByNameWhateverOrderTheyWereAddedIn) {
    ScopeEvidence scope;
    for (const char* kind : {"log.z", "cert.a", "log.hello", "dns.answer"}) ++scope[kind].count;
    ++scope["log.hello"].count;
    ASSERT_EQ(scope.size(), 4u);
    std::vector<std::string> order;
    for (const KindEvidence& k : scope) order.push_back(*k.kind);
    EXPECT_EQ(order, (std::vector<std::string>{"cert.a", "dns.answer", "log.hello", "log.z"}));
    ASSERT_NE(scope.find("log.hello"), nullptr);
    EXPECT_EQ(scope.find("log.hello")->count, 2u);
    EXPECT_EQ(scope.find("log.h"), nullptr);
    EXPECT_EQ(scope.count("dns.answer"), 1u);
    EXPECT_THROW((void)scope.at("missing"), std::out_of_range);
}

// A sample whose text repeats one of the first samples' points to it instead of holding a
// copy; whatever the store does next (ring overwrites, copies, merges, the other store gone),
// every kept sample must still decode to what was added.
TEST(KindSamples, RepeatedTextIsSharedAndEverySampleStillDecodesToItsOwnFact) {
    auto names = std::make_shared<NameTable>();
    SampleWriter writer(*names);
    const SampleDecoder decoder(names);
    const std::vector<std::string> texts = {"Send request to AMT proxy (MachineId = 7)",
                                            "RETRY(1) - Validate client certificate",
                                            "Send request to AMT proxy (MachineId = 7)"};
    auto add = [&](KindSamples& into, uint64_t sequence, const std::string& text) {
        const std::string outside = "value " + std::to_string(sequence % 2);
        const FactField fields[] = {{"retry", std::string_view(text).substr(0, 5)},
                                    {"outside", outside}};
        Fact fact;
        fact.excerpt = text;
        fact.fields = fields;
        fact.line = sequence * 10;
        writer.encode(fact);
        into.add(writer, sequence);
    };
    auto expect_decodes = [&](const std::vector<Sample>& kept, const std::string& where) {
        for (const Sample& sample : kept) {
            const model::Evidence ev = decoder.decode("log.x", sample);
            const std::string& text = texts[(sample.sequence - 1) % texts.size()];
            EXPECT_EQ(ev.ref.excerpt, text) << where << " " << sample.sequence;
            EXPECT_EQ(ev.ref.line, sample.sequence * 10) << where;
            EXPECT_EQ(*ev.attr("retry"), text.substr(0, 5)) << where;
            EXPECT_EQ(*ev.attr("outside"), "value " + std::to_string(sample.sequence % 2)) << where;
        }
    };
    KindSamples a(Retention{2, 3});
    for (uint64_t i = 1; i <= 40; ++i) add(a, i, texts[(i - 1) % texts.size()]);
    const std::vector<Sample> copied = a.samples();
    ASSERT_EQ(copied.size(), 5u);
    expect_decodes(copied, "copied");
    for (const Sample& s : copied) EXPECT_FALSE(s.shares_body());  // copies own their text

    KindSamples b(Retention{2, 3});
    for (uint64_t i = 41; i <= 60; ++i) add(b, i, texts[(i - 1) % texts.size()]);
    {
        KindSamples early(Retention{2, 3});
        for (uint64_t i : {1001, 1004, 1007, 1010}) add(early, i - 1000, texts[0]);
        b.merge(std::move(early));
    }  // `early` is gone: nothing kept may point into it
    EXPECT_EQ(b.count(), 24u);
    std::vector<Sample> merged = b.take_samples();
    expect_decodes(merged, "merged");
    EXPECT_EQ(merged.front().sequence, 1u);

    // Sharing really happens, and saves the text: the ring repeats the first samples' texts.
    KindSamples c(Retention{4, 3});
    size_t shared = 0, bytes = 0;
    for (uint64_t i = 1; i <= 30; ++i) add(c, i, texts[(i - 1) % texts.size()]);
    const std::vector<Sample> kept = c.take_samples();
    for (const Sample& s : kept) {
        shared += s.shares_body() ? 1 : 0;
        bytes += s.block_bytes();
    }
    expect_decodes(kept, "ring");
    EXPECT_GE(shared, 3u);
    size_t owned_bytes = 0;
    for (const Sample& s : kept) owned_bytes += Sample(s).block_bytes();
    EXPECT_LT(bytes, owned_bytes);
}

}  // namespace
}  // namespace amtdiag::correlate
