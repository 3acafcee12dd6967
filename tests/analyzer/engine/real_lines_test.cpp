// The regression corpus of real log lines (tests/corpus/real-lines.yaml): every line people
// published from their own sites, or Microsoft and Intel documentation prints, must fire the
// signature it names, for its log kind, and alone (pasted into a ticket) be read as that log.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

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

}  // namespace
}  // namespace amtdiag
