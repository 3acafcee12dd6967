#include "parsers/hosttext/hosttext_evidence.h"

#include "analyzer/model/device_key.h"
#include "parsers/hosttext/amtinfo.h"
#include "parsers/hosttext/ipconfig.h"
#include "parsers/hosttext/nslookup.h"
#include "parsers/hosttext/text.h"

namespace amtdiag::parsers::hosttext {

namespace {

using model::Attribute;

std::string cut(std::string s) {
    // Excerpts are single short lines (SourceRef's contract).
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > 240) s.resize(240);
    return s;
}

model::Evidence ipconfig_evidence(const IpconfigReport& r, const IpconfigAdapter* a,
                                  const std::string& artifact) {
    model::Evidence e;
    e.kind = "host.ipconfig";
    e.ref.artifact = artifact;
    e.ref.line = a != nullptr ? a->line : r.line;
    const std::string host = model::normalize_fqdn(r.host_name);
    e.keys.host = host;
    if (!host.empty() && !r.primary_dns_suffix.empty())
        e.keys.fqdn = model::normalize_fqdn(host + "." + r.primary_dns_suffix);
    std::string first_v4;
    if (a != nullptr) {
        e.keys.mac = model::normalize_mac(a->physical_address);
        for (const auto& ip : a->ip_addresses)
            if (first_v4.empty() && is_ipv4(ip)) first_v4 = ip;
        if (!model::is_placeholder_ip(first_v4)) e.keys.ip = first_v4;
    }
    auto& at = e.attrs;
    at.push_back(Attribute::text("host_name", r.host_name));
    at.push_back(Attribute::text("primary_dns_suffix", r.primary_dns_suffix));
    at.push_back(Attribute::list("dns_suffix_search", r.dns_suffix_search));
    if (a != nullptr) {
        at.push_back(Attribute::text("adapter", a->adapter));
        at.push_back(Attribute::text("adapter_type", a->type));
        at.push_back(Attribute::text("description", a->description));
        at.push_back(Attribute::text("connection_suffix", a->connection_suffix));
        if (a->dhcp_enabled) at.push_back(Attribute::flag("dhcp_enabled", *a->dhcp_enabled));
        at.push_back(Attribute::list("dns_servers", a->dns_servers));
        at.push_back(Attribute::list("ip_addresses", a->ip_addresses));
        at.push_back(Attribute::list("gateways", a->gateways));
        at.push_back(Attribute::text("dhcp_server", a->dhcp_server));
        at.push_back(Attribute::text("media_state", a->media_state));
        at.push_back(Attribute::text("physical_address", a->physical_address));
    }
    at.push_back(Attribute::text("source", "ipconfig"));
    std::string excerpt = "Host Name " + r.host_name;
    if (!r.primary_dns_suffix.empty()) excerpt += "; Primary Dns Suffix " + r.primary_dns_suffix;
    if (a != nullptr) {
        excerpt += "; " + a->type + " adapter " + a->adapter;
        if (!a->media_state.empty()) excerpt += "; media " + a->media_state;
        if (!a->physical_address.empty()) excerpt += "; " + a->physical_address;
        if (!first_v4.empty()) excerpt += "; " + first_v4;
        if (!a->connection_suffix.empty()) excerpt += "; suffix " + a->connection_suffix;
    }
    e.ref.excerpt = cut(excerpt);
    return e;
}

model::Evidence nslookup_evidence(const NslookupExchange& x, const std::string& artifact) {
    model::Evidence e;
    e.kind = "dns.exchange";
    e.ref.artifact = artifact;
    e.ref.line = x.line;
    auto& at = e.attrs;
    at.push_back(Attribute::text("qname", x.qname));
    at.push_back(Attribute::text("qtype", x.qtype));
    at.push_back(Attribute::text("opcode", "QUERY"));
    at.push_back(Attribute::flag("answered", x.answered));
    at.push_back(Attribute::text("rcode", x.rcode));
    at.push_back(Attribute::list("answers", x.answers));
    at.push_back(Attribute::list("addresses", x.addresses));
    at.push_back(Attribute::list("names", x.names));
    at.push_back(Attribute::text("server", x.server));
    at.push_back(Attribute::text("server_name", x.server_name));
    at.push_back(Attribute::flag("authoritative", x.authoritative));
    at.push_back(Attribute::text("source", "nslookup"));
    e.ref.excerpt = cut(x.qname + " " + x.qtype + " -> " + x.rcode +
                        (x.excerpt.empty() ? "" : " (" + x.excerpt + ")"));
    return e;
}

model::Evidence amtinfo_evidence(const AmtInfo& i, const std::string& artifact) {
    model::Evidence e;
    e.kind = "amt.info";
    e.ref.artifact = artifact;
    e.ref.line = i.line;
    if (auto u = model::normalize_uuid(i.uuid)) e.keys.uuid = *u;
    e.keys.mac = model::normalize_mac(i.mac);
    if (!i.hostname.empty()) {
        e.keys.host = model::host_of_fqdn(i.hostname);
        const std::string& suffix = !i.os_dns_suffix.empty() ? i.os_dns_suffix : i.dns_suffix;
        if (i.hostname.find('.') != std::string::npos)
            e.keys.fqdn = model::normalize_fqdn(i.hostname);
        else if (!suffix.empty())
            e.keys.fqdn = model::normalize_fqdn(i.hostname + "." + suffix);
    }
    auto& at = e.attrs;
    at.push_back(Attribute::text("firmware", i.firmware));
    at.push_back(Attribute::text("build", i.build));
    at.push_back(Attribute::text("sku", i.sku));
    at.push_back(Attribute::text("features", i.features));
    at.push_back(Attribute::text("control_mode", i.control_mode));
    at.push_back(Attribute::text("provisioning_state", i.provisioning_state));
    if (i.dhcp_enabled) at.push_back(Attribute::flag("dhcp_enabled", *i.dhcp_enabled));
    at.push_back(
        Attribute::text("dns_suffix", !i.dns_suffix.empty() ? i.dns_suffix : i.os_dns_suffix));
    at.push_back(Attribute::text("os_dns_suffix", i.os_dns_suffix));
    at.push_back(Attribute::text("pki_dns_suffix", i.pki_dns_suffix));
    at.push_back(Attribute::text("link_status", i.link_status));
    at.push_back(Attribute::text("ip", i.ip));
    at.push_back(Attribute::text("os_ip", i.os_ip));
    at.push_back(Attribute::text("hostname", i.hostname));
    at.push_back(Attribute::text("tool", i.tool));
    at.push_back(Attribute::text("source", "amtinfo"));
    std::string excerpt = i.tool + ": AMT " + i.firmware;
    if (!i.control_mode.empty()) excerpt += ", " + i.control_mode;
    if (!i.provisioning_state.empty()) excerpt += ", state " + i.provisioning_state;
    if (!i.dns_suffix.empty()) excerpt += ", DNS suffix " + i.dns_suffix;
    if (!i.mac.empty()) excerpt += ", wired " + i.mac;
    e.ref.excerpt = cut(excerpt);
    return e;
}

}  // namespace

TextSummary emit_host_text(std::string_view utf8_text, const std::string& artifact,
                           const std::function<void(const model::Evidence&)>& out) {
    TextSummary s;
    const IpconfigReport ip = parse_ipconfig(utf8_text);
    if (ip.recognised_lines > 0 && (!ip.host_name.empty() || !ip.adapters.empty())) {
        if (ip.adapters.empty()) {
            out(ipconfig_evidence(ip, nullptr, artifact));
            ++s.adapters;
        }
        for (const auto& a : ip.adapters) {
            out(ipconfig_evidence(ip, &a, artifact));
            ++s.adapters;
        }
    }
    if (nslookup_confidence(utf8_text) > 0) {
        for (const auto& x : parse_nslookup(utf8_text)) {
            if (x.qname.empty()) continue;
            out(nslookup_evidence(x, artifact));
            ++s.queries;
        }
    }
    for (const auto& i : parse_amtinfo(utf8_text)) {
        out(amtinfo_evidence(i, artifact));
        ++s.amt_blocks;
    }
    return s;
}

}  // namespace amtdiag::parsers::hosttext
