#include "analyzer/provisioning/scenario.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "analyzer/provisioning/clock.h"
#include "analyzer/provisioning/knobs.h"

namespace amtdiag::provisioning {

namespace {

// Large inputs are refused before yaml-cpp sees them: a scenario is a page, and a fuzzer's
// megabyte of nesting must not cost minutes.
constexpr size_t kMaxScenarioBytes = 1 << 20;
// A scenario that asks for more devices than a benchmark fleet is a typo.
constexpr int kMaxDevices = 1'000'000;

[[noreturn]] void fail(std::string_view origin, const YAML::Mark& mark, const std::string& what) {
    std::ostringstream out;
    out << origin;
    if (mark.line >= 0) out << ":" << mark.line + 1 << ":" << mark.column + 1;
    out << ": " << what;
    throw ScenarioError(out.str());
}

// Printable UTF-8 without control characters: what a scenario's names and values are, and
// what the bundle's copy (and the logs the values end up in) can carry unchanged.
bool printable_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) return false;
        size_t n = c < 0x80           ? 1
                   : (c >> 5) == 0x6  ? 2
                   : (c >> 4) == 0xE  ? 3
                   : (c >> 3) == 0x1E ? 4
                                      : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        if (n == 2 && c < 0xC2) return false;  // overlong
        i += n;
    }
    return true;
}

std::string scalar(std::string_view origin, const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) fail(origin, node.Mark(), std::string(what) + " must be a single value");
    if (!printable_utf8(node.Scalar()) || node.Scalar().size() > 1024)
        fail(origin, node.Mark(),
             std::string(what) + " must be printable UTF-8 text of at most 1024 bytes");
    return node.Scalar();
}

bool matches(std::string_view s, std::string_view shape) {
    // shape: 'h' a hex digit, 'd' a decimal digit, 'a' [A-Z0-9], anything else itself.
    if (s.size() != shape.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool ok = shape[i] == 'h'   ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                        : shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(c)) != 0
                        : shape[i] == 'a' ? (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                                          : c == shape[i];
        if (!ok) return false;
    }
    return true;
}

int integer(std::string_view origin, const YAML::Node& node, std::string_view what, int lo,
            int hi) {
    const std::string text = scalar(origin, node, what);
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used != text.size() || v < lo || v > hi) throw std::out_of_range(text);
        return static_cast<int>(v);
    } catch (const std::exception&) {
        fail(origin, node.Mark(),
             std::string(what) + " must be a whole number from " + std::to_string(lo) + " to " +
                 std::to_string(hi) + ", not '" + text + "'");
    }
}

void read_settings(std::string_view origin, const YAML::Node& map, Settings& into,
                   bool device_keys) {
    if (map.IsNull()) return;
    if (!map.IsMap()) fail(origin, map.Mark(), "settings must be a mapping of key: value");
    for (const auto& kv : map) {
        const std::string key = scalar(origin, kv.first, "a setting's name");
        const bool is_device = key.rfind("device.", 0) == 0;
        if (find_knob(key) == nullptr)
            fail(origin, kv.first.Mark(),
                 "unknown setting '" + key + "' (amtdiag sim knobs lists them)");
        if (is_device != device_keys)
            fail(origin, kv.first.Mark(),
                 device_keys ? "a device's settings are device.* keys, not '" + key + "'"
                             : "'" + key + "' is a device setting: put it under a device");
        into.set(key, scalar(origin, kv.second, "the value of '" + key + "'"));
    }
}

void check_keys(std::string_view origin, const YAML::Node& map,
                const std::set<std::string, std::less<>>& allowed, std::string_view where) {
    for (const auto& kv : map) {
        const std::string key = scalar(origin, kv.first, "a key");
        if (!allowed.contains(key))
            fail(origin, kv.first.Mark(), "unknown key '" + key + "' in " + std::string(where));
    }
}

DeviceSpec read_device(std::string_view origin, const YAML::Node& node, Mode default_mode) {
    if (!node.IsMap()) fail(origin, node.Mark(), "a device is a mapping (host, mode, ...)");
    check_keys(
        origin, node,
        {"host", "mode", "uuid", "mac", "ip", "pid", "machine_id", "firmware", "settings", "count"},
        "a device");
    DeviceSpec d;
    d.mode = default_mode;
    if (!node["host"]) fail(origin, node.Mark(), "a device needs a host name");
    d.host = scalar(origin, node["host"], "host");
    if (d.host.empty() || d.host.size() > 63)
        fail(origin, node["host"].Mark(), "a host name has 1 to 63 characters");
    if (const auto m = node["mode"]) {
        const auto mode = parse_mode(scalar(origin, m, "mode"));
        if (!mode) fail(origin, m.Mark(), "mode is oob, inband, onetouch-psk or onetouch-pki");
        d.mode = *mode;
    }
    for (const char c : d.host)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            fail(origin, node["host"].Mark(), "a host name has letters, digits, '-' and '_' only");
    if (const auto v = node["uuid"]) {
        d.uuid = scalar(origin, v, "uuid");
        for (char& c : d.uuid) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!matches(d.uuid, "hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh"))
            fail(origin, v.Mark(), "uuid is like 939B524B-13D4-1D18-E487-1C697A6B7A2B");
    }
    if (const auto v = node["mac"]) {
        d.mac = scalar(origin, v, "mac");
        for (char& c : d.mac)
            c = static_cast<char>(c == ':' ? '-' : std::toupper(static_cast<unsigned char>(c)));
        if (!matches(d.mac, "hh-hh-hh-hh-hh-hh"))
            fail(origin, v.Mark(), "mac is like 00-1A-4B-C2-9F-10");
    }
    if (const auto v = node["ip"]) {
        d.ip = scalar(origin, v, "ip");
        unsigned a = 0, b = 0, c = 0, e = 0;
        char tail = 0;
        if (std::sscanf(d.ip.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &e, &tail) != 4 || a > 255 ||
            b > 255 || c > 255 || e > 255)
            fail(origin, v.Mark(), "ip is an IPv4 address like 192.168.20.101");
    }
    if (const auto v = node["pid"]) {
        for (const char c : scalar(origin, v, "pid"))
            if (c != '-') d.pid.push_back(c);
        if (!matches(d.pid, "aaaaaaaa"))
            fail(origin, v.Mark(), "a PID is 8 characters of A-Z and 0-9 (XXXX-XXXC)");
    }
    if (const auto v = node["machine_id"])
        d.machine_id = integer(origin, v, "machine_id", 1, 99'999'999);
    if (const auto v = node["count"]) d.count = integer(origin, v, "count", 1, kMaxDevices);
    if (const auto v = node["firmware"])
        d.settings.set("device.firmware", scalar(origin, v, "firmware"));
    if (const auto v = node["settings"]) read_settings(origin, v, d.settings, true);
    return d;
}

}  // namespace

std::string_view mode_name(Mode mode) {
    switch (mode) {
        case Mode::oob:
            return "oob";
        case Mode::inband:
            return "inband";
        case Mode::onetouch_psk:
            return "onetouch-psk";
        case Mode::onetouch_pki:
            return "onetouch-pki";
    }
    return "oob";
}

std::optional<Mode> parse_mode(std::string_view name) {
    for (const Mode m : {Mode::oob, Mode::inband, Mode::onetouch_psk, Mode::onetouch_pki})
        if (mode_name(m) == name) return m;
    return std::nullopt;
}

Scenario parse_scenario(std::string_view text, std::string_view origin) {
    if (text.size() > kMaxScenarioBytes)
        throw ScenarioError(std::string(origin) + ": a scenario is at most 1 MiB");
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        fail(origin, e.mark, e.msg);
    }
    if (!root.IsMap()) fail(origin, root.Mark(), "a scenario is a mapping (name, site, devices)");
    Scenario s;
    s.origin = std::string(origin);
    try {
        check_keys(origin, root, {"name", "seed", "start", "mode", "site", "devices", "faults"},
                   "the scenario");
        if (const auto v = root["name"]) s.name = scalar(origin, v, "name");
        if (const auto v = root["seed"]) {
            const std::string t = scalar(origin, v, "seed");
            try {
                size_t used = 0;
                if (t.empty() || t[0] < '0' || t[0] > '9') throw std::invalid_argument(t);
                s.seed = std::stoull(t, &used);
                if (used != t.size()) throw std::invalid_argument(t);
            } catch (const std::exception&) {
                fail(origin, v.Mark(), "seed must be a whole number, not '" + t + "'");
            }
        }
        if (const auto v = root["start"]) {
            s.start = scalar(origin, v, "start");
            if (!matches(s.start, "dddd-dd-ddTdd:dd:ddZ") || !parse_utc(s.start))
                fail(origin, v.Mark(), "start is a UTC time like 2026-12-01T10:00:00Z");
        }
        Mode mode = Mode::oob;
        if (const auto v = root["mode"]) {
            const auto m = parse_mode(scalar(origin, v, "mode"));
            if (!m) fail(origin, v.Mark(), "mode is oob, inband, onetouch-psk or onetouch-pki");
            mode = *m;
        }
        if (const auto v = root["site"]) read_settings(origin, v, s.site, false);
        if (const auto v = root["devices"]) {
            if (!v.IsSequence()) fail(origin, v.Mark(), "devices is a list");
            long long total = 0;
            for (const auto& d : v) {
                s.devices.push_back(read_device(origin, d, mode));
                total += s.devices.back().count;
                if (total > kMaxDevices) fail(origin, d.Mark(), "more than a million devices");
            }
        }
        if (const auto v = root["faults"]) {
            if (!v.IsSequence()) fail(origin, v.Mark(), "faults is a list of fault ids");
            for (const auto& f : v) {
                FaultUse use;
                if (f.IsScalar()) {
                    use.id = f.Scalar();
                } else if (f.IsMap()) {
                    check_keys(origin, f, {"id", "devices"}, "a fault");
                    if (!f["id"]) fail(origin, f.Mark(), "a fault needs its id");
                    use.id = scalar(origin, f["id"], "id");
                    if (const auto ds = f["devices"]) {
                        if (!ds.IsSequence()) fail(origin, ds.Mark(), "devices is a list");
                        for (const auto& h : ds) use.devices.push_back(scalar(origin, h, "host"));
                    }
                } else {
                    fail(origin, f.Mark(), "a fault is an id or {id, devices}");
                }
                use.line = f.Mark().line + 1;
                use.id.erase(0, use.id.find_first_not_of(' '));
                if (use.id.empty()) fail(origin, f.Mark(), "an empty fault id");
                s.faults.push_back(std::move(use));
            }
        }
    } catch (const YAML::Exception& e) {
        fail(origin, e.mark, e.msg);
    }
    return s;
}

Scenario load_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path + ": cannot open the scenario");
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (text.size() > kMaxScenarioBytes)
            throw ScenarioError(path + ": a scenario is at most 1 MiB");
    }
    return parse_scenario(text, path);
}

std::string scenario_to_yaml(const Scenario& s) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << s.name;
    out << YAML::Key << "seed" << YAML::Value << s.seed;
    out << YAML::Key << "start" << YAML::Value << s.start;
    if (!s.site.values().empty()) {
        out << YAML::Key << "site" << YAML::Value << YAML::BeginMap;
        for (const auto& [k, v] : s.site.values()) out << YAML::Key << k << YAML::Value << v;
        out << YAML::EndMap;
    }
    out << YAML::Key << "devices" << YAML::Value << YAML::BeginSeq;
    for (const DeviceSpec& d : s.devices) {
        out << YAML::BeginMap;
        out << YAML::Key << "host" << YAML::Value << d.host;
        out << YAML::Key << "mode" << YAML::Value << std::string(mode_name(d.mode));
        if (!d.uuid.empty()) out << YAML::Key << "uuid" << YAML::Value << d.uuid;
        if (!d.mac.empty()) out << YAML::Key << "mac" << YAML::Value << d.mac;
        if (!d.ip.empty()) out << YAML::Key << "ip" << YAML::Value << d.ip;
        if (!d.pid.empty()) out << YAML::Key << "pid" << YAML::Value << d.pid;
        if (d.machine_id != 0) out << YAML::Key << "machine_id" << YAML::Value << d.machine_id;
        if (d.count != 1) out << YAML::Key << "count" << YAML::Value << d.count;
        if (!d.settings.values().empty()) {
            out << YAML::Key << "settings" << YAML::Value << YAML::BeginMap;
            for (const auto& [k, v] : d.settings.values())
                out << YAML::Key << k << YAML::Value << v;
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!s.faults.empty()) {
        out << YAML::Key << "faults" << YAML::Value << YAML::BeginSeq;
        for (const FaultUse& f : s.faults) {
            if (f.devices.empty()) {
                out << f.id;
            } else {
                out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << f.id;
                out << YAML::Key << "devices" << YAML::Value << YAML::Flow << f.devices;
                out << YAML::EndMap;
            }
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace amtdiag::provisioning
