// The rule files' YAML reader (analyzer/engine/rule_yaml.h) against yaml-cpp, the reader it
// replaced: the same tree, scalars, quoting, lines and conversions on every embedded rule
// file and on the corner cases a rule author can write.
#include "analyzer/engine/rule_yaml.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "rules/embedded_rules.h"

namespace amtdiag::engine {
namespace {

using yaml::Document;
using yaml::NodeType;

// Walks both trees side by side; the first difference fails with its path.
void expect_same(const YAML::Node& reference, const yaml::Node& node, const std::string& path) {
    SCOPED_TRACE(path);
    switch (reference.Type()) {
        case YAML::NodeType::Null:
            // No line compared: yaml-cpp places an empty value (`key:`) on the line after its
            // key, libyaml on the key's own line, which is the better one for an error.
            ASSERT_EQ(node.type(), NodeType::null);
            return;
        case YAML::NodeType::Scalar:
            ASSERT_EQ(node.type(), NodeType::scalar);
            EXPECT_EQ(node.as<std::string>(), reference.Scalar());
            EXPECT_EQ(node.quoted(), reference.Tag() == "!");
            break;
        case YAML::NodeType::Sequence: {
            ASSERT_EQ(node.type(), NodeType::sequence);
            ASSERT_EQ(node.size(), reference.size());
            size_t i = 0;
            for (const auto& item : node) {
                expect_same(reference[i], item, path + "[" + std::to_string(i) + "]");
                ++i;
            }
            break;
        }
        case YAML::NodeType::Map: {
            ASSERT_EQ(node.type(), NodeType::map);
            ASSERT_EQ(node.size(), reference.size());
            auto ref = reference.begin();
            for (const auto& kv : node) {
                const std::string key = ref->first.as<std::string>();
                EXPECT_EQ(kv.first.as<std::string>(), key);
                EXPECT_EQ(kv.first.line(), ref->first.Mark().line) << key;
                expect_same(ref->second, kv.second, path + "." + key);
                ++ref;
            }
            break;
        }
        case YAML::NodeType::Undefined:
            ASSERT_FALSE(node);
            return;
    }
    EXPECT_EQ(node.line(), reference.Mark().line);
}

TEST(RuleYaml, EveryEmbeddedRuleFileReadsAsYamlCppReadsIt) {
    size_t files = 0;
    for (const auto& f : rules::embedded_files()) {
        if (std::string_view(f.path).starts_with("fixtures/")) continue;
        const std::string text(f.text);
        const Document doc = Document::parse(text);
        expect_same(YAML::Load(text), doc.root(), std::string(f.path));
        ++files;
    }
    EXPECT_GE(files, 20u);
}

TEST(RuleYaml, CornerCasesReadAsYamlCppReadsThem) {
    const char* const texts[] = {
        "a: null\nb: ~\nc:\nd: 'null'\ne: \"~\"\nf: NULL\ng: Null\nh: nULL\n",
        "list: [1, 'two', \"three\", four, 0x1F, -12, +7, 010]\n",
        "block: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
        "anchored: &a [x, y]\nagain: *a\nmap: &m {k: v}\nmap2: *m\n",
        "- id: a\n  checks: [x]\n- id: b\n  nested:\n    - deep: {q: 'quoted', p: plain}\n",
        "key: value # comment\n# only a comment\nother: 'it''s'\n",
        "",
        "---\nfirst: 1\n...\n---\nsecond: 2\n",
        "? complex\n: value\n",
        "unicode: \"caf\\u00e9 \\t tab\"\n",
    };
    for (const char* text : texts)
        expect_same(YAML::Load(text), Document::parse(text).root(), text);
}

TEST(RuleYaml, ConversionsFollowYamlCpp) {
    const char* const words[] = {"0",
                                 "12",
                                 "-12",
                                 "+7",
                                 "0x1F",
                                 "0X1f",
                                 "010",
                                 "08",
                                 "0x",
                                 "1e3",
                                 "12 ",
                                 " 12",
                                 "1.5",
                                 "",
                                 "-0x10",
                                 "9223372036854775807",
                                 "9223372036854775808",
                                 "-9223372036854775808",
                                 "-9223372036854775809",
                                 "abc",
                                 "true",
                                 "True",
                                 "TRUE",
                                 "tRUE",
                                 "yes",
                                 "Yes",
                                 "YES",
                                 "y",
                                 "Y",
                                 "n",
                                 "no",
                                 "off",
                                 "On",
                                 "oN",
                                 "false",
                                 "FALSE",
                                 "False",
                                 "maybe",
                                 "1"};
    for (const char* word : words) {
        SCOPED_TRACE(word);
        const YAML::Node reference(word);
        int64_t expected_number = 0, number = 0;
        const bool is_number = YAML::convert<int64_t>::decode(reference, expected_number);
        ASSERT_EQ(yaml::to_int64(word, number), is_number);
        if (is_number) {
            EXPECT_EQ(number, expected_number);
        }
        bool expected_flag = false, flag = false;
        const bool is_flag = YAML::convert<bool>::decode(reference, expected_flag);
        ASSERT_EQ(yaml::to_bool(word, flag), is_flag);
        if (is_flag) {
            EXPECT_EQ(flag, expected_flag);
        }
    }
}

TEST(RuleYaml, AccessorsOnMissingAndWrongKinds) {
    const Document doc = Document::parse("map: {a: 1}\nlist: [x]\nscalar: s\nnothing:\n");
    const yaml::Node root = doc.root();
    EXPECT_FALSE(root["absent"]);
    EXPECT_FALSE(root["scalar"]["a"]);
    EXPECT_FALSE(root["list"][5]);
    EXPECT_EQ(root["list"][0].as<std::string>(), "x");
    EXPECT_EQ(root["map"]["a"].as<int>(), 1);
    EXPECT_EQ(root["nothing"].as<std::string>(), "null");  // yaml-cpp's reading of a null
    EXPECT_EQ(root["scalar"].size(), 0u);
    EXPECT_EQ(root["scalar"].begin(), root["scalar"].end());
    EXPECT_THROW(root["map"].as<std::string>(), yaml::Error);
    EXPECT_THROW(root["scalar"].as<int>(), yaml::Error);
    EXPECT_THROW(root["scalar"].as<bool>(), yaml::Error);
    try {
        root["list"].as<int>();
        FAIL() << "a list is not an integer";
    } catch (const yaml::Error& e) {
        EXPECT_EQ(e.line, 1);
    }
}

TEST(RuleYaml, ErrorsNameTheLine) {
    try {
        Document::parse("a: 1\nb: [unclosed\nc: 2\n");
        FAIL() << "expected a syntax error";
    } catch (const yaml::Error& e) {
        EXPECT_GE(e.line, 1) << e.what();
    }
    try {
        Document::parse("a: 1\nb: *nowhere\n");
        FAIL() << "expected an alias error";
    } catch (const yaml::Error& e) {
        EXPECT_EQ(e.line, 1);
        EXPECT_NE(std::string(e.what()).find("*nowhere"), std::string::npos) << e.what();
    }
    // An alias to the collection it sits in would make a cycle: it is not resolved.
    EXPECT_THROW(Document::parse("a: &self [1, *self]\n"), yaml::Error);
    const std::string deep = std::string(300, '[') + std::string(300, ']');
    try {
        Document::parse(deep);
        FAIL() << "expected a depth error";
    } catch (const yaml::Error& e) {
        EXPECT_NE(std::string(e.what()).find("nested deeper"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(Document::parse(std::string(200, '[') + std::string(200, ']')));
}

}  // namespace
}  // namespace amtdiag::engine
