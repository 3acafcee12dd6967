// Fuzzes the rule files' YAML reader (analyzer/engine/rule_yaml.cpp): `--rules` folders are
// written by people, so any bytes must give a tree or a yaml::Error with a line, never a
// crash, a hang or another exception; every accessor the rule loader uses must hold on
// whatever tree comes out.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzer/engine/rule_yaml.h"
#include "tests/fuzz/fuzz_require.h"

namespace yaml = amtdiag::engine::yaml;

namespace {

// Visits every node once per path (aliases may share nodes; the depth bound keeps it finite).
void walk(const yaml::Node& node, size_t depth, size_t& budget) {
    if (budget == 0) return;
    --budget;
    REQUIRE(depth <= 260);
    try {
        const std::string text = node.as<std::string>();
        REQUIRE(node.is_scalar() || node.is_null());
        int64_t number = 0;
        bool flag = false;
        if (yaml::to_int64(text, number)) REQUIRE(node.is_null() || node.as<int64_t>() == number);
        if (yaml::to_bool(text, flag)) REQUIRE(node.is_null() || node.as<bool>() == flag);
    } catch (const yaml::Error&) {
        REQUIRE(node.is_map() || node.is_sequence());
    }
    size_t seen = 0;
    for (const auto& entry : node) {
        ++seen;
        if (node.is_map()) {
            REQUIRE(entry.first && entry.second);
            walk(entry.first, depth + 1, budget);
            walk(entry.second, depth + 1, budget);
            if (entry.first.is_scalar()) REQUIRE(node[entry.first.as<std::string>()]);
        } else {
            walk(entry, depth + 1, budget);
        }
    }
    REQUIRE(seen == node.size());
    REQUIRE(!node[node.size()]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const yaml::Document doc = yaml::Document::parse(text);
        size_t budget = 100000;
        walk(doc.root(), 0, budget);
    } catch (const yaml::Error& e) {
        REQUIRE(e.line >= -1);
    }
    return 0;
}
