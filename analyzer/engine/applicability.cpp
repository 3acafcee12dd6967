#include "analyzer/engine/applicability.h"

#include <algorithm>

#include "analyzer/engine/expression/string_functions.h"

namespace amtdiag::engine {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(sep)) + item;
    return out;
}

std::string_view mode_name(std::string_view mode) {
    if (mode == "oob") return "out-of-band";
    if (mode == "inband") return "in-band";
    if (mode == "onetouch") return "one-touch (PID/PPS)";
    if (mode == "pki") return "PKI (remote configuration)";
    if (mode == "psk") return "PSK (PID/PPS)";
    return mode;
}

std::string names(const std::vector<std::string>& modes) {
    std::vector<std::string> out;
    for (const auto& m : modes) out.emplace_back(mode_name(m));
    return join(out, " or ");
}

bool has_pid_list(const correlate::CorrelationResult& all) {
    const auto site = all.evidence.find("");
    return site != all.evidence.end() && site->second.contains("epm.pid_list");
}

// A hello is the device speaking for itself: it asked for out-of-band provisioning, with a
// PID (version 2, PSK) or with its trusted-root hashes (version 3, PKI).
void from_hellos(const model::Device& device, const correlate::CorrelationResult& all,
                 DeviceProfile& profile) {
    const auto by_device = all.evidence.find(device.id);
    if (by_device == all.evidence.end() || !all.decoder) return;
    const correlate::KindEvidence* hellos = by_device->second.find("hello.message");
    if (hellos == nullptr || hellos->samples.empty()) return;
    const model::Evidence last = all.decoder->decode("hello.message", hellos->samples.back());
    const std::string where =
        "the hello at " + last.ref.artifact +
        (last.ref.packet > 0 ? " packet " + std::to_string(last.ref.packet) : std::string());
    if (profile.mode.empty()) {
        // A hello with a PID at a site that gave its endpoint manager's PID/PPS list is
        // one-touch; any other hello asks for out-of-band provisioning.
        const bool psk =
            last.attribute("version") != nullptr && last.attribute("version")->number == 2;
        profile.mode = psk && has_pid_list(all) ? "onetouch" : "oob";
        profile.mode_source = where;
    }
    if (const model::Attribute* version = last.attribute("version");
        profile.auth.empty() && version != nullptr) {
        if (version->number == 2) profile.auth = "psk";
        if (version->number == 3) profile.auth = "pki";
        if (!profile.auth.empty()) profile.auth_source = where;
    }
}

}  // namespace

bool is_mode_word(const std::string& word) {
    return word == "oob" || word == "inband" || word == "onetouch" || word == "pki" ||
           word == "psk";
}

DeviceProfile profile_of(const model::Device* device, const correlate::CorrelationResult& all,
                         const std::vector<std::string>& given, const std::string& firmware) {
    DeviceProfile p;
    for (const auto& word : given) {
        if (word == "pki" || word == "psk") {
            p.auth = word;
            p.auth_source = "--mode";
        } else if (is_mode_word(word)) {
            p.mode = word;
            p.mode_source = "--mode";
        }
    }
    // One-touch is PSK by definition: the PID and PPS are the pre-shared key.
    if (p.mode == "onetouch" && p.auth.empty()) {
        p.auth = "psk";
        p.auth_source = "--mode";
    }
    if (!firmware.empty()) {
        p.firmware = firmware;
        p.firmware_source = "--amt-version";
    }
    if (device == nullptr) {
        // The site's own evidence: an endpoint manager's PID/PPS list means one-touch.
        if (p.mode.empty() && has_pid_list(all)) {
            p.mode = "onetouch";
            p.mode_source = "the endpoint manager's PID/PPS list";
            if (p.auth.empty()) {
                p.auth = "psk";
                p.auth_source = p.mode_source;
            }
        }
        return p;
    }
    if (p.mode.empty() && !device->mode.empty()) {
        p.mode = device->mode;
        p.mode_source = "the operation manager log";
    }
    from_hellos(*device, all, p);
    if (p.firmware.empty() && !device->firmware.empty()) {
        p.firmware = device->firmware;
        p.firmware_source = "the operation manager log";
    }
    return p;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_version_range(
    const std::string& text, std::string& error) {
    std::vector<std::pair<std::string, std::string>> bounds;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        if (comma == std::string::npos) comma = text.size();
        std::string part = text.substr(pos, comma - pos);
        pos = comma + 1;
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (part.empty()) {
            error = "empty bound in version range '" + text + "'";
            return std::nullopt;
        }
        size_t op_end = part.find_first_not_of("<>=");
        if (op_end == std::string::npos) op_end = part.size();
        const std::string op = part.substr(0, op_end);
        std::string version = part.substr(op_end);
        version.erase(0, version.find_first_not_of(' '));
        if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "==") {
            error =
                "version range '" + text + "': '" + part + "' must start with <, <=, >, >= or ==";
            return std::nullopt;
        }
        if (version.empty() || version.find_first_not_of("0123456789.") != std::string::npos) {
            error = "version range '" + text + "': '" + version +
                    "' is not a version (digits and dots)";
            return std::nullopt;
        }
        bounds.emplace_back(op, version);
    }
    return bounds;
}

bool version_in_range(const std::string& version,
                      const std::vector<std::pair<std::string, std::string>>& bounds) {
    return std::all_of(bounds.begin(), bounds.end(), [&](const auto& bound) {
        const int c = expr::compare_versions(version, bound.second);
        const std::string& op = bound.first;
        if (op == "<") return c < 0;
        if (op == "<=") return c <= 0;
        if (op == ">") return c > 0;
        if (op == ">=") return c >= 0;
        return c == 0;
    });
}

namespace {

// One-touch is out-of-band provisioning with a pre-shared key (the catalog writes it
// "oob, psk"), so a check for out-of-band applies to a one-touch device, and a rule written for
// one-touch applies to an out-of-band device whose hello carried a PID.
bool mode_applies(const std::vector<std::string>& modes, const DeviceProfile& profile) {
    if (contains(modes, profile.mode)) return true;
    if (profile.mode == "onetouch" && contains(modes, "oob")) return true;
    return profile.mode == "oob" && profile.auth == "psk" && contains(modes, "onetouch");
}

}  // namespace

std::string rule_skip_reason(const Applicability& applies, const DeviceProfile& profile) {
    if (!applies.modes.empty() && !profile.mode.empty() && !mode_applies(applies.modes, profile))
        return "applies to " + names(applies.modes) + " provisioning; " + profile.mode_source +
               " says " + std::string(mode_name(profile.mode));
    if (!applies.auth.empty() && !profile.auth.empty() && !contains(applies.auth, profile.auth))
        return "applies to " + names(applies.auth) + "; " + profile.auth_source + " says " +
               std::string(mode_name(profile.auth));
    if (!applies.amt_bounds.empty() && !profile.firmware.empty() &&
        !version_in_range(profile.firmware, applies.amt_bounds))
        return "applies to AMT firmware " + applies.amt + "; " + profile.firmware_source +
               " says " + profile.firmware;
    return {};
}

std::string catalog_skip_reason(const CatalogCheck& check, const DeviceProfile& profile) {
    const auto& to = check.applies_to;
    if (to.empty() || contains(to, "all")) return {};
    Applicability a;
    for (const char* mode : {"oob", "inband"})
        if (contains(to, mode)) a.modes.emplace_back(mode);
    for (const char* auth : {"pki", "psk"})
        if (contains(to, auth)) a.auth.emplace_back(auth);
    // Firmware older than 3.2.1 only when that is all the check is about (a check that also
    // names a path applies to newer firmware on that path).
    if (to.size() == 1 && to.front() == "legacy-fw") {
        a.amt = "< 3.2.1";
        a.amt_bounds = {{"<", "3.2.1"}};
    }
    return rule_skip_reason(a, profile);
}

}  // namespace amtdiag::engine
