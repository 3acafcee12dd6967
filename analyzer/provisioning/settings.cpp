#include "analyzer/provisioning/settings.h"

#include <charconv>
#include <stdexcept>

#include "analyzer/provisioning/knobs.h"

namespace amtdiag::provisioning {

void Settings::merge(const Settings& over) {
    for (const auto& [k, v] : over.values_) values_[k] = v;
}

bool Settings::has(std::string_view key) const {
    return values_.find(key) != values_.end();
}

std::string Settings::text(std::string_view key, std::string_view fallback) const {
    const auto it = values_.find(key);
    return it == values_.end() ? std::string(fallback) : it->second;
}

bool Settings::flag(std::string_view key, bool fallback) const {
    const auto it = values_.find(key);
    if (it == values_.end()) return fallback;
    const std::string& v = it->second;
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    return fallback;
}

int64_t Settings::number(std::string_view key, int64_t fallback) const {
    const auto it = values_.find(key);
    if (it == values_.end()) return fallback;
    int64_t out = 0;
    const std::string& v = it->second;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size() ? out : fallback;
}

std::string Settings::get(std::string_view key) const {
    const Knob* k = find_knob(key);
    if (k == nullptr) throw std::logic_error("unknown setting " + std::string(key));
    return text(key, k->healthy);
}

bool Settings::on(std::string_view key) const {
    const std::string v = get(key);
    return v == "true" || v == "yes" || v == "on" || v == "1";
}

int64_t Settings::num(std::string_view key) const {
    const Knob* k = find_knob(key);
    if (k == nullptr) throw std::logic_error("unknown setting " + std::string(key));
    int64_t fallback = 0;
    std::from_chars(k->healthy.data(), k->healthy.data() + k->healthy.size(), fallback);
    return number(key, fallback);
}

std::vector<std::string> Settings::list(std::string_view key) const {
    std::vector<std::string> out;
    const std::string v = find_knob(key) ? get(key) : text(key, "");
    size_t start = 0;
    while (start <= v.size()) {
        size_t end = v.find(',', start);
        if (end == std::string::npos) end = v.size();
        std::string item = v.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

}  // namespace amtdiag::provisioning
