// The correlator fed with facts and typed evidence directly: what structured readers do.
#include <gtest/gtest.h>

#include "analyzer/correlate/correlator.h"

namespace amtdiag::correlate {
namespace {

TEST(CorrelatorFacts, TypedEvidenceLandsOnTheDeviceItsKeysName) {
    Correlator c;
    const uint32_t log_kind = c.declare_kind("log.hello_rejected", Retention{3, 3});
    Fact line;
    line.kind = log_kind;
    line.keys.uuid = "C284DE32-F287-11DC-BBDA-C4A11E4B001C";
    line.artifact = "AMTOPMGR.LOG";
    line.line = 3;
    line.excerpt = "Reject hello message";
    c.begin_stream();
    c.add(line);
    c.end_stream();

    model::Evidence hello;
    hello.kind = "pcap.hello";
    hello.keys.uuid = "32DE84C2-87F2-DC11-BBDA-C4A11E4B001C";  // the same UUID, bytes swapped
    hello.attrs.push_back(model::Attribute::integer("hash_count", 23));
    hello.ref.artifact = "hello.pcapng";
    hello.ref.packet = 5;
    c.add(hello);

    model::Evidence cert;  // names no device: site evidence
    cert.kind = "cert.certificate";
    cert.attrs.push_back(model::Attribute::text("subject", "CN=prov.vprolab.com"));
    c.add(cert);

    const CorrelationResult r = c.finish();
    ASSERT_EQ(r.devices.size(), 1u);
    const auto& kinds = r.evidence.at(r.devices[0].id);
    ASSERT_TRUE(kinds.count("pcap.hello"));
    ASSERT_TRUE(kinds.count("log.hello_rejected"));
    const model::Evidence decoded =
        r.decoder->decode("pcap.hello", kinds.at("pcap.hello").samples.at(0));
    EXPECT_EQ(decoded.ref.packet, 5u);
    EXPECT_EQ(decoded.attribute("hash_count")->number, 23);
    EXPECT_EQ(r.evidence.at("").at("cert.certificate").count, 1u);
    EXPECT_EQ(r.total_counts.at("pcap.hello"), 1u);
}

TEST(CorrelatorFacts, KeylessLinesOfATaskJoinTheDeviceItNamesLater) {
    Correlator c;
    const uint32_t begin = c.declare_kind("log.task_begin", {});
    const uint32_t state = c.declare_kind("log.state", {});
    const uint32_t target = c.declare_kind("log.target", {});
    const uint32_t end = c.declare_kind("log.task_end", {});
    auto fact = [](uint32_t kind, uint64_t line, TaskRole role) {
        Fact f;
        f.kind = kind;
        f.artifact = "AMTOPMGR.LOG";
        f.line = line;
        f.thread = 9;
        f.has_thread = true;
        f.task.role = role;
        f.task.step = "step";
        return f;
    };
    c.begin_stream();
    c.add(fact(begin, 1, TaskRole::begin));
    c.add(fact(state, 2, TaskRole::none));  // no key yet: pending
    Fact t = fact(target, 3, TaskRole::target);
    t.keys.machine_id = "48";
    t.task.success = true;
    c.add(t);
    c.add(fact(end, 4, TaskRole::end));
    c.end_stream();
    const CorrelationResult r = c.finish();
    ASSERT_EQ(r.devices.size(), 1u);
    EXPECT_EQ(r.devices[0].id, "machine-48");
    ASSERT_EQ(r.devices[0].attempts.size(), 1u);
    EXPECT_EQ(r.devices[0].attempts[0].outcome, model::Attempt::Outcome::succeeded);
    EXPECT_EQ(r.evidence.at("machine-48").at("log.state").count, 1u);
    EXPECT_FALSE(r.evidence.count("") && r.evidence.at("").count("log.state"));
}

TEST(CorrelatorFacts, AReaderCanNameTheDevicesFirmwareAndMode) {
    Correlator c;
    model::Evidence info;
    info.kind = "amt.info";
    info.keys.mac = "00:1a:2b:3c:4d:5e";
    info.attrs.push_back(model::Attribute::text("firmware", "16.1.25"));
    info.attrs.push_back(model::Attribute::text("mode", "oob"));
    c.add(info);
    const CorrelationResult r = c.finish();
    ASSERT_EQ(r.devices.size(), 1u);
    EXPECT_EQ(r.devices[0].firmware, "16.1.25");
    EXPECT_EQ(r.devices[0].mode, "oob");
}

TEST(CorrelatorFacts, UndeclaredEvidenceKindsKeepEverything) {
    Correlator c;
    for (int i = 0; i < 50; ++i) {
        model::Evidence e;
        e.kind = "cert.certificate";
        e.attrs.push_back(model::Attribute::integer("n", i));
        c.add(e);
    }
    const CorrelationResult r = c.finish();
    EXPECT_EQ(r.evidence.at("").at("cert.certificate").samples.size(), 50u);
}

}  // namespace
}  // namespace amtdiag::correlate
