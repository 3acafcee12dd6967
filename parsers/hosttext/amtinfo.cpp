#include "parsers/hosttext/amtinfo.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "parsers/hosttext/text.h"

namespace amtdiag::parsers::hosttext {

namespace {

using Json = nlohmann::json;

enum class Section { main, wired, wireless, other };

// "Version\t\t\t: 16.1.25", "  Version                        16.1.25", "FW Version: x".
struct LabelValue {
    std::string label;  // lowercase, single-spaced
    std::string value;
};

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : trim(s)) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

bool label_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '\t' || c == '(' ||
           c == ')' || c == '-' || c == '/' || c == '.' || c == '_';
}

std::optional<LabelValue> split_label(std::string_view line) {
    const std::string_view t = trim(line);
    if (t.empty() || !std::isalpha(static_cast<unsigned char>(t[0]))) return std::nullopt;
    // A colon that ends a label: everything before it looks like a label.
    const size_t colon = t.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        bool ok = true;
        for (size_t i = 0; i < colon; ++i) ok &= label_char(t[i]);
        if (ok)
            return LabelValue{collapse(t.substr(0, colon)), std::string(trim(t.substr(colon + 1)))};
    }
    // Aligned columns: the label ends where two spaces (or a tab) begin.
    size_t gap = std::string_view::npos;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        if ((t[i] == ' ' && t[i + 1] == ' ') || t[i] == '\t') {
            gap = i;
            break;
        }
    }
    if (gap == std::string_view::npos) return LabelValue{collapse(t), ""};
    return LabelValue{collapse(t.substr(0, gap)), std::string(trim(t.substr(gap)))};
}

// "16.1.25.2020" -> firmware "16.1.25", build "2020".
void set_version(AmtInfo& info, std::string_view v) {
    v = trim(v);
    const size_t end = v.find_first_of(" \t,");
    const std::string_view version = v.substr(0, end);
    int dots = 0;
    size_t third = std::string_view::npos;
    for (size_t i = 0; i < version.size(); ++i) {
        if (version[i] == '.' && ++dots == 3) third = i;
    }
    if (third != std::string_view::npos) {
        info.firmware = std::string(version.substr(0, third));
        if (info.build.empty()) info.build = std::string(version.substr(third + 1));
    } else {
        info.firmware = std::string(version);
    }
}

bool placeholder(std::string_view v) {
    v = trim(v);
    return v.empty() || v == "0.0.0.0" || v == "Not Found" || v == "00:00:00:00:00:00";
}

bool has_content(const AmtInfo& i) {
    return !i.firmware.empty() || !i.uuid.empty() || !i.control_mode.empty() ||
           !i.provisioning_state.empty() || !i.mac.empty() || !i.dns_suffix.empty();
}

void apply(AmtInfo& info, Section section, const LabelValue& lv) {
    const std::string& l = lv.label;
    const std::string& v = lv.value;
    if (section == Section::wired) {
        if (l == "dhcp enabled")
            info.dhcp_enabled = starts_with_nocase(v, "true") || starts_with_nocase(v, "yes") ||
                                starts_with_nocase(v, "enabled");
        if (l == "link status") info.link_status = lower(v);
        if ((l == "ip address" || l == "amt ip address") && !placeholder(v)) info.ip = v;
        if (l == "os ip address" && !placeholder(v)) info.os_ip = v;
        if (l == "mac address" && !placeholder(v)) info.mac = v;
        return;
    }
    if (section != Section::main) return;
    if (l == "version" || l == "amt version") set_version(info, v);
    if (l == "fw version") {
        set_version(info, v);
        const size_t sp = v.find(' ');
        if (sp != std::string::npos && info.sku.empty()) info.sku = std::string(trim(v.substr(sp)));
    }
    if (l == "build number") info.build = v;
    if (l == "sku") info.sku = v;
    if (l == "features") info.features = v;
    if (l == "uuid") info.uuid = v;
    if (l == "control mode") info.control_mode = normalize_control_mode(v);
    if (l == "provisioning state" || l == "provisioning status")
        info.provisioning_state = normalize_provisioning_state(v);
    if (l == "dns suffix" || l == "amt dns suffix") info.dns_suffix = v;
    if (l == "domain name" && info.dns_suffix.empty()) info.dns_suffix = v;  // MEInfo
    if (l == "dns suffix (os)") info.os_dns_suffix = v;
    if (l == "pki dns suffix") info.pki_dns_suffix = v;
    if (l == "hostname (os)" || l == "host name" || l == "hostname") info.hostname = v;
    if (l == "wired mac address" || l == "lan mac address") info.mac = v;
}

std::optional<Section> section_title(std::string_view t) {
    std::string s = collapse(t);
    while (!s.empty() && s.front() == '-') s.erase(s.begin());
    while (!s.empty() && s.back() == '-') s.pop_back();
    if (s == "wired adapter") return Section::wired;
    if (s == "wireless adapter") return Section::wireless;
    if (s == "amt device information") return Section::main;
    if (s == "remote access" || s == "certificate hashes" || s == "intel upid" ||
        s == "public key certs" || s == "user certificates" || s == "no certificate hashes found")
        return Section::other;
    return std::nullopt;
}

// "Intel AMT v16.1.25, activated in Client Control Mode (CCM)."
bool meshcmd_version_line(std::string_view t, AmtInfo& info) {
    if (!(t.starts_with("Intel AMT v") || t.starts_with("Intel SM v") ||
          t.starts_with("Intel ME v")))
        return false;
    const size_t v = t.find(" v");
    const size_t comma = t.find(',', v);
    set_version(info, t.substr(v + 2, comma == std::string_view::npos ? std::string_view::npos
                                                                      : comma - v - 2));
    if (comma != std::string_view::npos) {
        std::string_view status = trim(t.substr(comma + 1));
        if (status.ends_with('.')) status.remove_suffix(1);
        info.control_mode = normalize_control_mode(status);
        info.provisioning_state = normalize_provisioning_state(status);
    }
    return true;
}

// "Wired Enabled, DHCP, 8C:EC:4B:11:22:33, 10.0.0.5."
bool meshcmd_wired_line(std::string_view t, AmtInfo& info) {
    if (!t.starts_with("Wired ")) return false;
    std::vector<std::string> parts;
    size_t start = 0;
    std::string_view body = t;
    if (body.ends_with('.')) body.remove_suffix(1);
    for (size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == ',') {
            parts.emplace_back(trim(body.substr(start, i - start)));
            start = i + 1;
        }
    }
    if (parts.size() < 2) return false;
    info.dhcp_enabled = starts_with_nocase(parts[1], "dhcp");
    for (size_t i = 2; i < parts.size(); ++i) {
        if (is_ipv4(parts[i]) && !placeholder(parts[i]))
            info.ip = parts[i];
        else if (parts[i].size() == 17 && parts[i][2] == ':')
            info.mac = parts[i];
    }
    return true;
}

std::string jstr(const Json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<AmtInfo> from_rpc_json(std::string_view text, uint64_t line) {
    const size_t open = text.find('{');
    const size_t close = text.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return std::nullopt;
    const Json j = Json::parse(text.substr(open, close - open + 1), nullptr, false);
    if (!j.is_object() || !(j.contains("controlMode") || j.contains("provisioningState") ||
                            (j.contains("amt") && j.contains("buildNumber"))))
        return std::nullopt;
    AmtInfo info;
    info.tool = "rpc";
    info.line = line;
    set_version(info, jstr(j, "amt"));
    if (const std::string b = jstr(j, "buildNumber"); !b.empty()) info.build = b;
    info.sku = jstr(j, "sku");
    info.features = jstr(j, "features");
    info.uuid = jstr(j, "uuid");
    info.control_mode = normalize_control_mode(jstr(j, "controlMode"));
    info.provisioning_state = normalize_provisioning_state(jstr(j, "provisioningState"));
    info.dns_suffix = jstr(j, "dnsSuffix");
    info.os_dns_suffix = jstr(j, "dnsSuffixOS");
    info.hostname = jstr(j, "hostnameOS");
    if (const auto w = j.find("wiredAdapter"); w != j.end() && w->is_object()) {
        if (const auto d = w->find("dhcpEnabled"); d != w->end() && d->is_boolean())
            info.dhcp_enabled = d->get<bool>();
        info.link_status = lower(jstr(*w, "linkStatus"));
        if (const std::string ip = jstr(*w, "ipAddress"); !placeholder(ip)) info.ip = ip;
        if (const std::string ip = jstr(*w, "osIpAddress"); !placeholder(ip)) info.os_ip = ip;
        if (const std::string mac = jstr(*w, "macAddress"); !placeholder(mac)) info.mac = mac;
    }
    info.excerpt = std::string(trim(text.substr(open, std::min<size_t>(close - open + 1, 200))));
    return info;
}

}  // namespace

std::string normalize_control_mode(std::string_view text) {
    std::string l = lower(trim(text));
    if (l.empty()) return {};
    if (l.find("pre-provisioning") != std::string::npos || l == "none" ||
        l.find("not activated") != std::string::npos)
        return "pre-provisioning";
    if (l.find("in-provisioning") != std::string::npos) return "in-provisioning";
    if (l.find("client control") != std::string::npos || l == "ccm" ||
        l.find("(ccm)") != std::string::npos)
        return "ccm";
    if (l.find("admin control") != std::string::npos || l == "acm" ||
        l.find("(acm)") != std::string::npos)
        return "acm";
    if (l.find("unknown") != std::string::npos) return "unknown";
    return l;
}

std::string normalize_provisioning_state(std::string_view text) {
    std::string l = lower(trim(text));
    if (l.empty()) return {};
    if (l.starts_with("pre") || l.find("unprovisioned") != std::string::npos) return "pre";
    if (l.starts_with("in") && !l.starts_with("invalid")) return "in";
    if (l.starts_with("post") || l.starts_with("activated") || l.starts_with("provisioned"))
        return "post";
    return l;
}

std::vector<AmtInfo> parse_amtinfo(std::string_view utf8_text) {
    std::vector<AmtInfo> out;
    const std::vector<Line> lines = split_lines(utf8_text);
    for (const Line& line : lines) {
        if (trim(line.text).starts_with('{')) {
            const size_t at = static_cast<size_t>(line.text.data() - utf8_text.data());
            if (auto j = from_rpc_json(utf8_text.substr(at), line.number)) {
                out.push_back(std::move(*j));
                return out;  // a JSON paste is the whole answer
            }
            break;
        }
    }

    AmtInfo cur;
    Section section = Section::main;
    auto finish = [&] {
        if (has_content(cur)) out.push_back(std::move(cur));
        cur = AmtInfo{};
        section = Section::main;
    };
    auto start = [&](const char* tool, const Line& line) {
        if (!cur.tool.empty() && (cur.tool != tool || has_content(cur))) finish();
        if (cur.tool.empty()) {
            cur.tool = tool;
            cur.line = line.number;
            cur.excerpt = std::string(trim(line.text));
        }
    };
    for (const Line& line : lines) {
        const std::string_view t = trim(line.text);
        if (t.empty()) continue;
        if (contains_nocase(t, "MEInfo Version") || starts_with_nocase(t, "Intel(R) MEInfo")) {
            if (!cur.tool.empty()) finish();
            start("meinfo", line);
            continue;
        }
        AmtInfo mesh;
        if (meshcmd_version_line(t, mesh)) {
            finish();
            mesh.tool = "meshcmd";
            mesh.line = line.number;
            mesh.excerpt = std::string(t);
            cur = std::move(mesh);
            continue;
        }
        if (cur.tool == "meshcmd" && meshcmd_wired_line(t, cur)) continue;
        if (const auto s = section_title(t)) {
            section = *s;
            continue;
        }
        if (t.starts_with("\u2500") || t.starts_with("---")) continue;  // rpc's rule lines
        const auto lv = split_label(line.text);
        if (!lv) continue;
        const bool rpc_label = lv->label == "control mode" || lv->label == "build number" ||
                               lv->label == "dns suffix (os)" || lv->label == "hostname (os)" ||
                               (lv->label == "version" && cur.tool != "meinfo");
        if (rpc_label && cur.tool != "rpc" && cur.tool != "meinfo") {
            start("rpc", line);
        } else if (rpc_label && cur.tool == "rpc" && lv->label == "version" &&
                   !cur.firmware.empty()) {
            finish();  // a second rpc paste
            start("rpc", line);
        }
        if (cur.tool.empty()) {
            if (lv->label != "fw version") continue;
            start("meinfo", line);
        }
        apply(cur, section, *lv);
    }
    finish();
    return out;
}

int amtinfo_confidence(std::string_view utf8_text) {
    const std::string_view head = utf8_text.substr(0, 65536);
    if (contains_nocase(head, "MEInfo Version")) return 95;
    const auto infos = parse_amtinfo(head);
    if (infos.empty()) return 0;
    const AmtInfo& i = infos.front();
    if (i.tool == "meshcmd") return 90;
    if (i.tool == "rpc" && !i.control_mode.empty() &&
        (!i.firmware.empty() || !i.provisioning_state.empty()))
        return 90;
    if (!i.firmware.empty() && (!i.control_mode.empty() || !i.provisioning_state.empty()))
        return 75;
    return 0;
}

}  // namespace amtdiag::parsers::hosttext
