// Damaged input: mutated and truncated copies of every fixture go through the reader. The
// assertions are weak on purpose; the point is that nothing crashes, throws or trips the
// sanitizers (run this suite under ASan/UBSan).
#include "test_support.h"

namespace cmlog_test {
namespace {

TEST(Robustness, MutatedFixturesNeverCrash) {
    const char* names[] = {"ccm_single.log",    "ccm_multiline.log", "ccm_truncated.log",
                           "sms_trace.log",     "viewer_tabs.log",   "viewer_spaces.log",
                           "bare.log",          "cp1252.log",        "utf16le_bom.log",
                           "utf16le_nobom.log", "amtopmgr.lo_",      "oobmgmt.lo_"};
    std::mt19937 rng(12345);  // fixed seed: failures must reproduce
    const char specials[] = {'\0', '\n', '\r', '$',  '<',    '>',    '"',    '[',
                             ']',  '~',  ' ',  '\t', '\xFF', '\xFE', '\xC3', '\x80'};
    TempDir dir;
    for (const char* name : names) {
        const std::string original = slurp(fixture(name));
        ASSERT_FALSE(original.empty()) << name;
        for (int round = 0; round < 150; ++round) {
            std::string bytes = original;
            const int edits = 1 + static_cast<int>(rng() % 8);
            for (int e = 0; e < edits && !bytes.empty(); ++e) {
                const std::size_t at = rng() % bytes.size();
                switch (rng() % 4) {
                    case 0:
                        bytes[at] = specials[rng() % sizeof specials];
                        break;
                    case 1:
                        bytes.erase(at, 1 + rng() % 16);
                        break;
                    case 2:
                        bytes.insert(at, 1, specials[rng() % sizeof specials]);
                        break;
                    default:
                        bytes.resize(at);
                        break;
                }
            }
            const auto path = dir.write("m.log", bytes);
            uint64_t records = 0;
            const cm::FileInfo info = cm::read_log(path, [&](const cm::LogRecord& r) {
                ++records;
                EXPECT_LE(r.offset, bytes.size());
                EXPECT_GE(r.line, 1u);
            });
            EXPECT_EQ(info.records, records);
            (void)cm::sniff_bytes(bytes);
        }
    }
}

TEST(Robustness, RolloverOfMutatedPairs) {
    std::mt19937 rng(777);
    TempDir dir;
    const std::string lo = slurp(fixture("amtopmgr.lo_")) + slurp(fixture("oobmgmt.lo_"));
    const std::string log = slurp(fixture("oobmgmt.log")) + slurp(fixture("utf16le_bom.log"));
    for (int round = 0; round < 100; ++round) {
        const auto lo_path = dir.write("r.lo_", lo.substr(0, rng() % (lo.size() + 1)));
        const auto log_path = dir.write("r.log", log.substr(rng() % (log.size() + 1)));
        uint64_t records = 0;
        const auto infos =
            cm::read_log_with_rollover(lo_path, log_path, [&](const cm::LogRecord&) { ++records; });
        ASSERT_EQ(infos.size(), 2u);
        EXPECT_EQ(infos[0].records + infos[1].records, records);
    }
}

}  // namespace
}  // namespace cmlog_test
