// The malformed-input corpus (malformed/make_corpus.py): every case read from memory at once,
// in tiny reads and from a file, sniffed, and held to the expectation written in cases.json.
#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>

#include "parsers/cmlog/encoding.h"
#include "test_support.h"

#ifndef CMLOG_MALFORMED_DIR
#error "CMLOG_MALFORMED_DIR must name tests/parsers/cmlog/malformed"
#endif

namespace cmlog_test {
namespace {

using nlohmann::json;

const std::filesystem::path kDir = CMLOG_MALFORMED_DIR;

struct Case {
    std::string name;
    json spec;
};

void PrintTo(const Case& c, std::ostream* out) {
    *out << c.name;
}

// gtest parameter names: letters, digits and '_'.
std::string param_name(const testing::TestParamInfo<Case>& info) {
    std::string out = info.param.name;
    for (char& c : out) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return out;
}

std::vector<Case> load_cases() {
    std::ifstream in(kDir / "cases.json");
    if (!in) return {};
    const json doc = json::parse(in);
    std::vector<Case> cases;
    for (const json& c : doc.at("cases")) cases.push_back({c.at("name").get<std::string>(), c});
    return cases;
}

std::string unhex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
}

// A case's bytes: a checked-in file, or a recipe of parts with repeat counts.
std::string bytes_of(const json& source) {
    if (source.contains("file")) return slurp(kDir / source.at("file").get<std::string>());
    std::string out;
    for (const json& part : source.at("parts")) {
        const std::string piece = part.contains("hex") ? unhex(part.at("hex").get<std::string>())
                                                       : part.at("text").get<std::string>();
        const auto repeat = part.at("repeat").get<std::size_t>();
        out.reserve(out.size() + piece.size() * repeat);
        for (std::size_t k = 0; k < repeat; ++k) out += piece;
    }
    return out;
}

// Checks of one FileInfo against the keys of `e` that describe a file.
void check_info(const json& e, const cm::FileInfo& info) {
    if (e.contains("ok")) {
        EXPECT_EQ(info.ok, e["ok"].get<bool>()) << info.error;
    }
    if (e.contains("error")) {
        EXPECT_EQ(info.error, e["error"].get<std::string>());
    }
    if (e.contains("error_prefix")) {
        EXPECT_EQ(info.error.rfind(e["error_prefix"].get<std::string>(), 0), 0u) << info.error;
    }
    if (e.contains("encoding")) {
        EXPECT_EQ(cm::to_string(info.encoding), e["encoding"].get<std::string>());
    }
    if (e.contains("format")) {
        EXPECT_EQ(cm::to_string(info.format), e["format"].get<std::string>());
    }
    if (e.contains("lines")) {
        EXPECT_EQ(info.lines, e["lines"].get<uint64_t>());
    }
    if (e.contains("skipped_bytes")) {
        EXPECT_EQ(info.skipped_bytes, e["skipped_bytes"].get<uint64_t>());
    }
    if (e.contains("truncated_bytes")) {
        EXPECT_EQ(info.truncated_bytes, e["truncated_bytes"].get<uint64_t>());
    }
    if (e.contains("truncated_bytes_min")) {
        EXPECT_GE(info.truncated_bytes, e["truncated_bytes_min"].get<uint64_t>());
    }
    if (e.contains("invalid_times")) {
        EXPECT_EQ(info.invalid_times, e["invalid_times"].get<uint64_t>());
    }
    if (e.contains("damaged_lines")) {
        EXPECT_EQ(info.damaged_lines, e["damaged_lines"].get<std::vector<uint64_t>>());
    }
    if (e.contains("notes")) {
        EXPECT_EQ(info.notes, e["notes"].get<std::vector<std::string>>());
    }
    for (const auto& wanted : e.value("notes_contain", std::vector<std::string>{})) {
        bool found = false;
        for (const std::string& note : info.notes)
            found = found || note.find(wanted) != std::string::npos;
        EXPECT_TRUE(found) << "no note contains \"" << wanted
                           << "\"; notes: " << testing::PrintToString(info.notes);
    }
}

// Checks of the records (and their totals) against `e`.
void check_records(const json& e, const std::vector<Rec>& records, uint64_t damaged_total) {
    if (e.contains("records")) {
        EXPECT_EQ(records.size(), e["records"].get<std::size_t>());
    }
    if (e.contains("damaged_records")) {
        EXPECT_EQ(damaged_total, e["damaged_records"].get<uint64_t>());
    }
    if (e.contains("messages")) {
        std::vector<std::string> messages;
        for (const Rec& r : records) messages.push_back(r.message);
        EXPECT_EQ(messages, e["messages"].get<std::vector<std::string>>());
    }
    const auto flags = [&](const char* key, bool Rec::*member) {
        if (!e.contains(key)) return;
        std::vector<bool> got;
        for (const Rec& r : records) got.push_back(r.*member);
        EXPECT_EQ(got, e[key].get<std::vector<bool>>()) << key;
    };
    flags("damaged", &Rec::damaged);
    flags("truncated", &Rec::truncated);
    if (e.contains("times")) {
        const json& times = e["times"];
        ASSERT_EQ(records.size(), times.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            if (!times[i].is_null()) {
                EXPECT_EQ(records[i].time.to_string(), times[i].get<std::string>()) << i;
            }
        }
    }
}

// What holds for every record of every case, whatever the input.
void check_invariants(const ReadResult& r, std::size_t size) {
    EXPECT_EQ(r.info.records, r.records.size());
    for (const Rec& rec : r.records) {
        EXPECT_LE(rec.offset, size);
        EXPECT_GE(rec.line, 1u);
        EXPECT_LE(rec.line, std::max<uint64_t>(r.info.lines, 1));
        // Messages are always UTF-8, whatever the bytes were.
        EXPECT_TRUE(cm::detail::is_valid_utf8(rec.message)) << rec.line;
    }
    EXPECT_LE(r.info.damaged_lines.size(), cm::kMaxDamagedLines);
}

void check_sniff(const json& e, std::string_view bytes) {
    if (!e.contains("sniff")) return;
    const json& s = e["sniff"];
    const cm::Sniff sniff = cm::sniff_bytes(bytes.substr(0, cm::kSniffBytes));
    if (s.contains("is_text")) {
        EXPECT_EQ(sniff.is_text, s["is_text"].get<bool>()) << sniff.reason;
    }
    if (s.contains("is_empty")) {
        EXPECT_EQ(sniff.is_empty, s["is_empty"].get<bool>());
    }
    if (s.contains("reason")) {
        EXPECT_EQ(sniff.reason, s["reason"].get<std::string>());
    }
    if (s.contains("reason_prefix")) {
        EXPECT_EQ(sniff.reason.rfind(s["reason_prefix"].get<std::string>(), 0), 0u) << sniff.reason;
    }
}

// Small reads prove that no decision depends on where a read ends; big cases use bigger
// (still odd) reads to keep the suite fast under the sanitizers.
cm::ReadOptions small_reads(std::size_t size) {
    cm::ReadOptions options;
    options.chunk_bytes = size < (64u << 10) ? 7 : 4093;
    return options;
}

class MalformedCorpus : public testing::TestWithParam<Case> {};

TEST_P(MalformedCorpus, ReadsAsExpected) {
    const json& spec = GetParam().spec;
    const json& e = spec.at("expect");
    if (spec.contains("pair")) {
        const std::string lo = bytes_of(spec["pair"][0]);
        const std::string log = bytes_of(spec["pair"][1]);
        const auto read_pair = [&](const cm::ReadOptions& options) {
            std::vector<Rec> records;
            auto infos = cm::read_log_bytes_with_rollover(
                lo, "x.lo_", log, "x.log",
                [&](const cm::LogRecord& r) { records.push_back(copy(r)); }, options);
            return std::pair{std::move(infos), std::move(records)};
        };
        const auto [infos, records] = read_pair({});
        ASSERT_EQ(infos.size(), 2u);
        EXPECT_EQ(infos[0].records + infos[1].records, records.size());
        check_records(e, records, infos[0].damaged_records + infos[1].damaged_records);
        if (e.contains("infos")) {
            for (std::size_t k = 0; k < 2; ++k) {
                SCOPED_TRACE(k == 0 ? "x.lo_" : "x.log");
                check_info(e["infos"][k], infos[k]);
                if (e["infos"][k].contains("records")) {
                    EXPECT_EQ(infos[k].records, e["infos"][k]["records"].get<uint64_t>());
                }
            }
        }
        const auto [small_infos, small_records] = read_pair(small_reads(lo.size() + log.size()));
        std::vector<std::string> a, b;
        for (const Rec& r : records) a.push_back(describe(r));
        for (const Rec& r : small_records) b.push_back(describe(r));
        EXPECT_EQ(a, b) << "records depend on read sizes";
        for (std::size_t k = 0; k < 2; ++k) EXPECT_EQ(describe(infos[k]), describe(small_infos[k]));
        return;
    }
    const std::string bytes = bytes_of(spec);
    const ReadResult r = read_bytes(bytes);
    check_info(e, r.info);
    check_records(e, r.records, r.info.damaged_records);
    check_invariants(r, bytes.size());
    check_sniff(e, bytes);
    EXPECT_EQ(describe_all(read_bytes(bytes, small_reads(bytes.size()))), describe_all(r))
        << "results depend on read sizes";
    TempDir dir;
    ReadResult from_file = read(dir.write("mem.log", bytes));
    from_file.info.path = "mem.log";
    for (Rec& rec : from_file.records) rec.file = "mem.log";
    EXPECT_EQ(describe_all(from_file), describe_all(r)) << "file and memory readers differ";
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedCorpus, testing::ValuesIn(load_cases()), param_name);

TEST(MalformedCorpusFile, HasAtLeast200Cases) {
    EXPECT_GE(load_cases().size(), 200u) << "regenerate with malformed/make_corpus.py";
}

}  // namespace
}  // namespace cmlog_test
