// The regression corpus of real log lines (tests/corpus/real-lines.yaml): every line people
// published from their own sites, or Microsoft and Intel documentation prints, must fire the
// signature it names, for its log kind, and alone (pasted into a ticket) be read as that log.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "analyzer/engine/rule_set.h"
#include "analyzer/scan/log_kind.h"
#include "analyzer/scan/signature_matcher.h"

namespace amtdiag {
namespace {

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

TEST(RealLines, EveryPublishedLineFiresItsSignatureForItsLog) {
    const YAML::Node corpus = YAML::LoadFile("tests/corpus/real-lines.yaml");
    size_t checked = 0, published = 0;
    scan::LogKindClassifier classifier(rules().signatures);
    for (const auto& entry : corpus["lines"]) {
        const std::string log = entry["log"].as<std::string>();
        const std::string text = entry["text"].as<std::string>();
        const std::string id = entry["signature"].as<std::string>();
        const std::string source = entry["source"].as<std::string>();
        ASSERT_FALSE(source.empty()) << text << ": every line says where it was published";
        if (source.rfind("http", 0) == 0) ++published;
        scan::SignatureMatcher matcher(rules().signatures, log);
        matcher.scan(text);
        bool fired = false;
        for (size_t k = 0; k < matcher.hit_count(); ++k)
            fired |= matcher.signature(matcher.hit(k)).id == id;
        EXPECT_TRUE(fired) << log << ": '" << text << "' does not fire " << id;
        // Alone, as a ticket's pasted line, it is read as a log its signature belongs to.
        const auto kind = classifier.classify(text + "\n");
        ASSERT_TRUE(kind.has_value()) << text;
        const auto& sig = *std::find_if(rules().signatures.begin(), rules().signatures.end(),
                                        [&](const scan::Signature& s) { return s.id == id; });
        EXPECT_NE(std::find(sig.logs.begin(), sig.logs.end(), *kind), sig.logs.end())
            << text << " read as " << *kind;
        ++checked;
    }
    EXPECT_GE(checked, 79u);
    EXPECT_GE(published, 7u);
}

TEST(ErrorCodes, TheKnowledgeBaseNamesTheCodesEngineersMeet) {
    const auto& codes = rules().error_codes;
    EXPECT_GT(codes.size(), 1000u);
    auto name = [&](const std::string& code, std::vector<std::string> families = {}) {
        const auto found = codes.lookup(code, families);
        return found.empty() ? std::string("(none)") : found.front()->name;
    };
    EXPECT_EQ(name("0x80090325"), "SEC_E_UNTRUSTED_ROOT");
    EXPECT_EQ(name("0x80090326"), "SEC_E_ILLEGAL_MESSAGE");
    EXPECT_EQ(name("0x80072ee7"), "ERROR_WINHTTP_NAME_NOT_RESOLVED");  // any case
    EXPECT_EQ(name("80041003"), "WBEM_E_ACCESS_DENIED");  // as the client log prints it
    EXPECT_EQ(name("0x80092012"), "CRYPT_E_NO_REVOCATION_CHECK");
    EXPECT_EQ(name("12029"), "ERROR_WINHTTP_CANNOT_CONNECT");
    EXPECT_EQ(name("0x10", {"amt"}), "PT_STATUS_NOT_PERMITTED");
    // Small values are ambiguous across families: the family decides.
    EXPECT_NE(name("0x20", {"amt"}), name("0x20", {"ldap"}));
    const auto in_text =
        codes.find_in_text("Error 0x80090325 returned by InitializeSecurityContext, error 12029");
    ASSERT_EQ(in_text.size(), 2u);
    EXPECT_EQ(in_text[0]->name, "SEC_E_UNTRUSTED_ROOT");
    EXPECT_EQ(in_text[1]->name, "ERROR_WINHTTP_CANNOT_CONNECT");
    EXPECT_TRUE(codes.find_in_text("status = 0x10, line 12, thread 4").empty());
}

// The word-by-word search for codes in text against the character-by-character search it
// replaced (kept here as the reference): same codes, same order, on texts built from the
// characters that decide a word's edges, hex digits, prefixes and real codes.
std::vector<std::string> codes_in_text_reference(const engine::ErrorCodes& codes,
                                                 std::string_view text) {
    std::vector<std::string> out;
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    // A code's value and whether it is hex, read as the knowledge base reads codes.
    auto value_of = [&](std::string_view code) -> std::optional<std::pair<bool, uint64_t>> {
        const bool all_hex = std::all_of(code.begin(), code.end(), hex);
        bool is_hex = false;
        if (code.size() > 2 && code[0] == '0' && (code[1] == 'x' || code[1] == 'X')) {
            code.remove_prefix(2);
            is_hex = true;
        } else if (code.size() == 8 && all_hex &&
                   (code[0] == '8' || !std::all_of(code.begin(), code.end(), [](char c) {
                        return std::isdigit(static_cast<unsigned char>(c)) != 0;
                    }))) {
            is_hex = true;
        }
        uint64_t value = 0;
        const auto [ptr, ec] =
            std::from_chars(code.data(), code.data() + code.size(), value, is_hex ? 16 : 10);
        if (code.empty() || ec != std::errc() || ptr != code.data() + code.size())
            return std::nullopt;
        return std::make_pair(is_hex, value);
    };
    for (size_t i = 0; i < text.size();) {
        if (!hex(text[i]) || (i > 0 && alnum(text[i - 1]))) {
            ++i;
            continue;
        }
        size_t j = i;
        if (text.substr(i, 2) == "0x" || text.substr(i, 2) == "0X") j += 2;
        const size_t digits_start = j;
        while (j < text.size() && hex(text[j])) ++j;
        const size_t digits = j - digits_start;
        const bool word_end = j == text.size() || !alnum(text[j]);
        const std::string_view token = text.substr(i, j - i);
        if (word_end && digits >= 5 && digits <= 8) {
            const auto key = value_of(token);
            if (key && ((key->first && key->second >= 0x10000) ||
                        (!key->first && key->second >= 12001 && key->second <= 12186))) {
                const auto found = codes.lookup(token);
                if (!found.empty() &&
                    std::find(out.begin(), out.end(), found.front()->name) == out.end())
                    out.push_back(found.front()->name);
            }
        }
        i = j > i ? j : i + 1;
    }
    return out;
}

TEST(ErrorCodes, CodesInTextAgreeWithTheCharacterByCharacterSearch) {
    const engine::ErrorCodes& codes = rules().error_codes;
    const std::vector<std::string> pieces = {
        "0x80090325", "80041003",  "12029",       "0X80072EE7",  "0x", "0X",  "x",        "0",
        "8",          "a",         "F",           "g",           "z",  "_",   " ",        ",",
        "=",          "(",         "\xC3\xA9",    "1",           "12", "0x1", "80090326", "ffff",
        "12345",      "123456789", "0x800903251", "0x0x80090325"};
    uint32_t state = 20090114;
    auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    size_t with_codes = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        const size_t parts = 1 + next() % 9;
        for (size_t k = 0; k < parts; ++k) text += pieces[next() % pieces.size()];
        std::vector<std::string> found;
        for (const auto* info : codes.find_in_text(text)) found.push_back(info->name);
        ASSERT_EQ(found, codes_in_text_reference(codes, text)) << "'" << text << "'";
        with_codes += !found.empty();
    }
    EXPECT_GT(with_codes, 1000u);  // the texts reach the codes, not only the edges
}

}  // namespace
}  // namespace amtdiag
