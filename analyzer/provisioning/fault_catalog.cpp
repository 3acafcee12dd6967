#include "analyzer/provisioning/fault_catalog.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "analyzer/provisioning/embedded_faults.h"
#include "analyzer/provisioning/knobs.h"

namespace amtdiag::provisioning {

namespace {

[[noreturn]] void fail(std::string_view origin, const YAML::Mark& mark, const std::string& what) {
    throw ScenarioError(std::string(origin) + ":" + std::to_string(mark.line + 1) + ": " + what);
}

}  // namespace

FaultCatalog FaultCatalog::parse(std::string_view yaml, std::string_view origin) {
    FaultCatalog cat;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        fail(origin, e.mark, e.msg);
    }
    const YAML::Node list = root["faults"];
    if (!list || !list.IsSequence()) fail(origin, root.Mark(), "'faults' must be a list");
    std::set<std::string, std::less<>> ids;
    for (const auto& n : list) {
        Fault f;
        if (!n["id"] || !n["check"] || !n["description"])
            fail(origin, n.Mark(), "a fault needs id, check and description");
        f.id = n["id"].as<std::string>();
        f.check = n["check"].as<std::string>();
        f.description = n["description"].as<std::string>();
        if (!ids.insert(f.id).second) fail(origin, n.Mark(), "duplicate fault id " + f.id);
        if (const auto m = n["mode"]) {
            const auto mode = parse_mode(m.as<std::string>());
            if (!mode) fail(origin, m.Mark(), "unknown mode");
            f.mode = *mode;
        }
        if (const auto e = n["expect"]) f.expect = e.as<std::string>();
        if (const auto g = n["gap"]) f.gap = g.as<std::string>();
        if (f.expect != "fail" && f.expect != "warn") fail(origin, n.Mark(), "expect: fail|warn");
        if (const auto s = n["set"]) {
            for (const auto& kv : s) {
                const std::string key = kv.first.as<std::string>();
                if (find_knob(key) == nullptr)
                    fail(origin, kv.first.Mark(), "unknown setting " + key);
                f.set.set(key, kv.second.as<std::string>());
            }
        }
        f.unprovision = f.set.on("unprovision.run");
        cat.faults_.push_back(std::move(f));
    }
    return cat;
}

const FaultCatalog& FaultCatalog::builtin() {
    // Built once, read-only afterwards (a function-local static, not mutable global state).
    static const FaultCatalog catalog = parse(embedded_faults_yaml(), "faults.yaml");
    return catalog;
}

const Fault* FaultCatalog::find(std::string_view id) const {
    for (const Fault& f : faults_)
        if (f.id == id) return &f;
    return nullptr;
}

}  // namespace amtdiag::provisioning
