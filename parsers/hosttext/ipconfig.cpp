#include "parsers/hosttext/ipconfig.h"

#include <array>
#include <cctype>

#include "parsers/hosttext/text.h"

namespace amtdiag::parsers::hosttext {

namespace {

// The labels of ipconfig /all (Windows XP to 11). A pasted line whose label is one of these
// is read even without dot leaders ("Host Name: pc1").
constexpr std::array<std::string_view, 33> kLabels = {
    "host name",
    "primary dns suffix",
    "node type",
    "ip routing enabled",
    "wins proxy enabled",
    "dns suffix search list",
    "media state",
    "connection-specific dns suffix",
    "connection-specific dns suffix search list",
    "description",
    "physical address",
    "dhcp enabled",
    "autoconfiguration enabled",
    "ipv4 address",
    "ip address",
    "ipv6 address",
    "temporary ipv6 address",
    "link-local ipv6 address",
    "autoconfiguration ipv4 address",
    "autoconfiguration ip address",
    "subnet mask",
    "default gateway",
    "dhcp server",
    "dhcpv6 iaid",
    "dhcpv6 client duid",
    "dns servers",
    "primary wins server",
    "secondary wins server",
    "netbios over tcpip",
    "lease obtained",
    "lease expires",
    "ipv4 class id",
    "dhcp class id",
};

// The labels of the host block; every other label belongs to an adapter.
bool host_label(std::string_view label) {
    return label == "host name" || label == "primary dns suffix" || label == "node type" ||
           label == "ip routing enabled" || label == "wins proxy enabled" ||
           label == "dns suffix search list";
}

bool known_label(std::string_view label) {
    for (auto k : kLabels)
        if (k == label) return true;
    return false;
}

struct LabelLine {
    std::string label;  // lowercase, without leaders
    std::string_view value;
};

// "   Host Name . . . . . . : pc1" -> {"host name", "pc1"}.
std::optional<LabelLine> label_line(std::string_view line) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view raw = line.substr(0, colon);
    const bool leaders = raw.find(". .") != std::string_view::npos ||
                         raw.find(" .") != std::string_view::npos || raw.ends_with('.');
    while (!raw.empty() && (raw.back() == '.' || raw.back() == ' ' || raw.back() == '\t'))
        raw.remove_suffix(1);
    std::string label = lower(trim(raw));
    if (label.empty() || (!leaders && !known_label(label))) return std::nullopt;
    // A leader-dotted label is only taken when it starts like a word (not an address).
    if (!std::isalpha(static_cast<unsigned char>(label[0]))) return std::nullopt;
    return LabelLine{std::move(label), trim(line.substr(colon + 1))};
}

// "10.0.0.5(Preferred)" -> "10.0.0.5"; "fe80::1%12(Preferred)" -> "fe80::1".
std::string clean_address(std::string_view v) {
    v = trim(v);
    if (const size_t paren = v.find('('); paren != std::string_view::npos) v = v.substr(0, paren);
    if (const size_t zone = v.find('%'); zone != std::string_view::npos) v = v.substr(0, zone);
    return std::string(trim(v));
}

bool is_address_label(const std::string& label) {
    return label == "ipv4 address" || label == "ip address" || label == "ipv6 address" ||
           label == "temporary ipv6 address" || label == "link-local ipv6 address" ||
           label == "autoconfiguration ipv4 address" || label == "autoconfiguration ip address";
}

void apply(IpconfigReport& report, IpconfigAdapter* adapter, const std::string& label,
           std::string_view value) {
    const std::string v(trim(value));
    if (adapter == nullptr) {
        if (label == "host name") report.host_name = v;
        if (label == "primary dns suffix") report.primary_dns_suffix = v;
        if (label == "dns suffix search list" && !v.empty()) report.dns_suffix_search.push_back(v);
        return;
    }
    if (label == "description") adapter->description = v;
    if (label == "physical address") adapter->physical_address = v;
    if (label == "connection-specific dns suffix") adapter->connection_suffix = v;
    if (label == "dhcp enabled") adapter->dhcp_enabled = starts_with_nocase(v, "yes");
    if (label == "dhcp server") adapter->dhcp_server = v;
    if (label == "media state") {
        const std::string l = lower(v);
        adapter->media_state = l.starts_with("media ") ? l.substr(6) : l;
    }
    if (is_address_label(label)) {
        const std::string a = clean_address(v);
        if (!a.empty()) adapter->ip_addresses.push_back(a);
    }
    if (label == "dns servers") {
        const std::string a = clean_address(v);
        if (!a.empty()) adapter->dns_servers.push_back(a);
    }
    if (label == "default gateway") {
        const std::string a = clean_address(v);
        if (!a.empty()) adapter->gateways.push_back(a);
    }
}

// Labels whose value may continue on the following, label-less lines.
bool multi_valued(const std::string& label) {
    return label == "dns suffix search list" || label == "dns servers" ||
           label == "default gateway" || label == "connection-specific dns suffix search list" ||
           label == "primary wins server" || label == "secondary wins server";
}

// "Ethernet adapter Local Area Connection:" -> type "Ethernet", name "Local Area Connection".
std::optional<IpconfigAdapter> adapter_header(std::string_view line, uint64_t number) {
    if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) return std::nullopt;
    std::string_view t = trim(line);
    if (!t.ends_with(':')) return std::nullopt;
    t.remove_suffix(1);
    const std::string l = lower(t);
    const size_t at = l.find(" adapter ");
    if (at == std::string::npos || at == 0) return std::nullopt;
    IpconfigAdapter a;
    a.type = std::string(t.substr(0, at));
    a.adapter = std::string(trim(t.substr(at + 9)));
    a.line = number;
    return a;
}

}  // namespace

IpconfigReport parse_ipconfig(std::string_view utf8_text) {
    IpconfigReport report;
    IpconfigAdapter* current = nullptr;
    std::string last_label;
    for (const Line& line : split_lines(utf8_text)) {
        if (auto header = adapter_header(line.text, line.number)) {
            report.adapters.push_back(std::move(*header));
            current = &report.adapters.back();
            last_label.clear();
            if (report.line == 0) report.line = line.number;
            continue;
        }
        const std::string_view t = trim(line.text);
        if (starts_with_nocase(t, "Windows IP Configuration") ||
            starts_with_nocase(t, "Windows 2000 IP Configuration")) {
            current = nullptr;
            last_label.clear();
            if (report.line == 0) report.line = line.number;
            continue;
        }
        if (auto ll = label_line(line.text)) {
            // An adapter's lines pasted under the host block without their header ("DHCP
            // Enabled: No" below "Host Name: pc1" in a ticket) still describe an adapter, one
            // without a name. (Without a host name first, such lines may be another tool's:
            // amtinfo prints "DHCP Enabled" and "IP Address" too.)
            if (current == nullptr && !host_label(ll->label) && !report.host_name.empty()) {
                report.adapters.push_back(IpconfigAdapter{});
                current = &report.adapters.back();
                current->line = line.number;
            }
            apply(report, current, ll->label, ll->value);
            last_label = ll->label;
            ++report.recognised_lines;
            if (report.line == 0) report.line = line.number;
            continue;
        }
        // A value continued on its own indented line (second DNS server, search list).
        if (!t.empty() && !line.text.empty() &&
            std::isspace(static_cast<unsigned char>(line.text[0])) && multi_valued(last_label) &&
            t.find(' ') == std::string_view::npos) {
            apply(report, current, last_label, t);
            continue;
        }
        last_label.clear();
    }
    return report;
}

int ipconfig_confidence(std::string_view utf8_text) {
    const IpconfigReport r = parse_ipconfig(utf8_text);
    if (r.recognised_lines == 0) return 0;
    const bool header = utf8_text.find("IP Configuration") != std::string_view::npos;
    const bool adapters = !r.adapters.empty();
    if (header && (adapters || r.recognised_lines >= 2)) return 90;
    if (adapters && r.recognised_lines >= 2) return 85;
    if (r.recognised_lines >= 3) return 70;
    return 0;
}

}  // namespace amtdiag::parsers::hosttext
