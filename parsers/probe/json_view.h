#pragma once
// Typed reads from untrusted JSON that never throw: a missing member or one of another type
// reads as empty, zero or false, so a damaged record yields what it still holds.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace amtdiag::parsers::probe {

using Json = nlohmann::json;

inline const Json* member(const Json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}
inline std::string str(const Json& j, const char* key) {
    const Json* m = member(j, key);
    return m != nullptr && m->is_string() ? m->get<std::string>() : std::string{};
}
inline int64_t num(const Json& j, const char* key, int64_t fallback = 0) {
    const Json* m = member(j, key);
    if (m == nullptr) return fallback;
    if (m->is_number_integer()) return m->get<int64_t>();
    if (m->is_number_unsigned())
        return static_cast<int64_t>(m->get<uint64_t>() & 0x7FFFFFFFFFFFFFFF);
    if (m->is_number_float()) {
        const double d = m->get<double>();
        return d > -9e18 && d < 9e18 ? static_cast<int64_t>(d) : fallback;
    }
    return fallback;
}
inline bool has_num(const Json& j, const char* key) {
    const Json* m = member(j, key);
    return m != nullptr && m->is_number();
}
inline bool flag(const Json& j, const char* key, bool fallback = false) {
    const Json* m = member(j, key);
    return m != nullptr && m->is_boolean() ? m->get<bool>() : fallback;
}
inline bool has_flag(const Json& j, const char* key) {
    const Json* m = member(j, key);
    return m != nullptr && m->is_boolean();
}
inline std::vector<std::string> strings(const Json& j, const char* key) {
    std::vector<std::string> out;
    const Json* m = member(j, key);
    if (m == nullptr || !m->is_array()) return out;
    for (const auto& v : *m)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}
inline const Json& array(const Json& j, const char* key) {
    static const Json empty = Json::array();
    const Json* m = member(j, key);
    return m != nullptr && m->is_array() ? *m : empty;
}

}  // namespace amtdiag::parsers::probe
