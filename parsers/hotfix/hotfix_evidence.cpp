#include "parsers/hotfix/hotfix_evidence.h"

#include <algorithm>

#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::hotfix {

namespace {

using model::Attribute;

std::string key_of(const std::string& host_name) {
    std::string key = cmdout::lower(cmdout::trim(host_name));
    if (const size_t dot = key.find('.'); dot != std::string::npos) key.resize(dot);
    return key;
}

bool server_os(const HostInventory& h) {
    return cmdout::icontains(h.os_name, "server") ||
           cmdout::icontains(h.os_configuration, "server") ||
           cmdout::icontains(h.os_configuration, "domain controller");
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(item);
}

std::string cut(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > 240) s.resize(240);
    return s;
}

}  // namespace

std::string describe(const HostInventory& h) {
    std::string out = h.host_name.empty() ? "(host not named)" : h.host_name;
    out += ": ";
    if (!h.os_name.empty()) {
        out += h.os_name;
        if (h.service_pack && *h.service_pack > 0) out += " SP" + std::to_string(*h.service_pack);
        out += ", ";
    }
    if (h.hotfix_list_seen) {
        out += std::to_string(h.hotfixes.size()) +
               (h.hotfixes.size() == 1 ? " hot fix" : " hot fixes");
        if (!h.complete) out += " (list incomplete)";
    } else {
        out += "no hot-fix list";
    }
    if (!h.configmgr_site_version.empty()) out += ", ConfigMgr site " + h.configmgr_site_version;
    if (!h.configmgr_client_version.empty())
        out += ", ConfigMgr client " + h.configmgr_client_version;
    return out;
}

void InventoryMerger::add(const Inventory& inventory, const std::string& artifact) {
    for (const auto& h : inventory.hosts) {
        const std::string key = key_of(h.host_name);
        auto it = std::find(keys_.begin(), keys_.end(), key);
        if (it == keys_.end() || key.empty()) {
            // Parts that name no host stay apart: nothing says whose they are.
            keys_.push_back(key);
            hosts_.push_back({});
            hosts_.back().push_back({h, artifact});
            continue;
        }
        hosts_[static_cast<size_t>(it - keys_.begin())].push_back({h, artifact});
    }
}

std::vector<model::Evidence> InventoryMerger::evidence() const {
    std::vector<model::Evidence> out;
    for (const auto& parts : hosts_) {
        const HostInventory& first = parts.front().host;
        std::string host_name, os_name, os_version, os_version_text, os_configuration, domain;
        std::string site_version, client_version;
        int service_pack = 0;
        bool os_known = false, os_server = false, list_seen = false, list_complete = false;
        std::vector<std::string> kbs, formats, sources, problems;
        int64_t listed = 0;
        for (const auto& [h, artifact] : parts) {
            if (host_name.empty()) host_name = h.host_name;
            if (!os_known && !h.os_version.empty()) {
                os_known = true;
                os_name = h.os_name;
                os_version = h.os_version;
                os_version_text = h.os_version_text;
                service_pack = h.service_pack.value_or(0);
            }
            if (os_configuration.empty()) os_configuration = h.os_configuration;
            if (domain.empty()) domain = h.domain;
            os_server = os_server || server_os(h);
            if (site_version.empty()) site_version = h.configmgr_site_version;
            if (client_version.empty()) client_version = h.configmgr_client_version;
            for (const auto& e : h.hotfixes) add_unique(kbs, e.kb);
            listed += static_cast<int64_t>(h.hotfixes.size());
            list_seen = list_seen || h.hotfix_list_seen;
            // One complete list of the host is enough: the others only add to it.
            list_complete = list_complete || (h.hotfix_list_seen && h.complete);
            for (const auto& f : h.formats) {
                add_unique(formats, f);
                add_unique(sources, artifact + " (" + f + ")");
            }
            for (const auto& p : h.problems) add_unique(problems, p);
        }
        model::Evidence e;
        e.kind = "hotfix.inventory";
        e.ref.artifact = parts.front().artifact;
        e.ref.line = first.line;
        auto& at = e.attrs;
        at.push_back(Attribute::text("host_name", host_name));
        at.push_back(Attribute::flag("os_known", os_known));
        at.push_back(Attribute::text("os_name", os_name));
        at.push_back(Attribute::text("os_version", os_version));
        at.push_back(Attribute::text("os_version_text", os_version_text));
        at.push_back(Attribute::integer("service_pack", service_pack));
        at.push_back(Attribute::flag("os_server", os_server));
        at.push_back(Attribute::text("os_configuration", os_configuration));
        at.push_back(Attribute::text("domain", domain));
        at.push_back(Attribute::list("kbs", kbs));
        at.push_back(Attribute::integer("hotfix_count", listed));
        at.push_back(Attribute::flag("list_seen", list_seen));
        at.push_back(Attribute::flag("list_complete", list_complete));
        at.push_back(Attribute::text("configmgr_site_version", site_version));
        at.push_back(Attribute::text("configmgr_client_version", client_version));
        at.push_back(Attribute::list("formats", formats));
        at.push_back(Attribute::list("sources", sources));
        at.push_back(Attribute::list("problems", problems));
        std::string excerpt = host_name.empty() ? "(host not named)" : host_name;
        excerpt += ": ";
        if (os_known)
            excerpt += (os_name.empty() ? "Windows" : os_name) + " " + os_version_text + "; ";
        excerpt += std::to_string(kbs.size()) + " KBs";
        if (!kbs.empty()) {
            excerpt += " (";
            for (size_t i = 0; i < kbs.size() && i < 6; ++i) excerpt += (i ? ", " : "") + kbs[i];
            excerpt += kbs.size() > 6 ? ", ...)" : ")";
        }
        if (list_seen && !list_complete) excerpt += ", list incomplete";
        if (!site_version.empty()) excerpt += "; ConfigMgr site " + site_version;
        if (!client_version.empty()) excerpt += "; ConfigMgr client " + client_version;
        e.ref.excerpt = cut(excerpt);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace amtdiag::parsers::hotfix
