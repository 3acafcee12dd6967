#include "parsers/whoami/whoami_evidence.h"

#include <algorithm>
#include <map>

namespace amtdiag::parsers::whoami {

namespace {

using model::Attribute;

bool has_attribute(const Group& g, std::string_view a) {
    return std::find(g.attributes.begin(), g.attributes.end(), a) != g.attributes.end();
}

std::string cut(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() > 240) s.resize(240);
    return s;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
    return out;
}

}  // namespace

AccountDomain account_domain(const GroupsReport& r) {
    if (const std::string d = sid_domain(r.user_sid); !d.empty()) return {d, "user SID"};
    for (const auto& g : r.groups)
        if (g.type == "Group" && sid_rid(g.sid) == 513 && !sid_domain(g.sid).empty())
            return {sid_domain(g.sid), "Domain Users (RID 513)"};
    std::map<std::string, size_t> counts;
    for (const auto& g : r.groups)
        if (g.type == "Group")
            if (const std::string d = sid_domain(g.sid); !d.empty()) ++counts[d];
    std::string best;
    size_t best_n = 0;
    for (const auto& [d, n] : counts)
        if (n > best_n) {
            best = d;
            best_n = n;
        }
    if (!best.empty()) return {best, "most domain groups"};
    return {};
}

std::string sid_scope(std::string_view sid, const std::string& account_domain_sid) {
    if (sid.starts_with("S-1-16-")) return "label";
    if (sid.starts_with("S-1-5-32-")) return "builtin";
    const std::string d = sid_domain(sid);
    if (!d.empty()) return d == account_domain_sid ? "account" : "other-domain";
    return "well-known";
}

void emit_whoami(const WhoamiOutput& output, const std::string& artifact,
                 const std::function<void(const model::Evidence&)>& out) {
    int64_t index = 0;
    for (const auto& r : output.reports) {
        ++index;
        const AccountDomain domain = account_domain(r);
        std::vector<std::string> names, types, sids;
        for (const auto& g : r.groups) {
            names.push_back(g.name);
            types.push_back(g.type);
            sids.push_back(g.sid);
        }
        model::Evidence e;
        e.kind = "auth.groups";
        e.ref.artifact = artifact;
        e.ref.line = r.line;
        e.ref.item = static_cast<uint32_t>(index);
        auto& at = e.attrs;
        at.push_back(Attribute::integer("report", index));
        at.push_back(Attribute::text("user", r.user));
        at.push_back(Attribute::text("user_sid", r.user_sid));
        at.push_back(Attribute::text("account_domain_sid", domain.sid));
        at.push_back(Attribute::text("account_domain_from", domain.from));
        at.push_back(Attribute::integer("group_count", static_cast<int64_t>(r.groups.size())));
        at.push_back(Attribute::list("names", names));
        at.push_back(Attribute::list("types", types));
        at.push_back(Attribute::list("sids", sids));
        at.push_back(Attribute::text("format", r.format));
        at.push_back(Attribute::flag("complete", r.complete));
        std::map<std::string, size_t> by_type;
        for (const auto& t : types) ++by_type[t];
        std::vector<std::string> counts;
        for (const auto& [t, n] : by_type) counts.push_back(std::to_string(n) + " " + t);
        e.ref.excerpt = cut("whoami /groups (" + r.format + ") of " +
                            (r.user.empty() ? std::string("an account not named") : r.user) + ": " +
                            std::to_string(r.groups.size()) + " groups (" + join(counts, ", ") +
                            ")" + (r.complete ? "" : ", list damaged"));
        out(e);
        int64_t position = 0;
        for (const auto& g : r.groups) {
            model::Evidence ge;
            ge.kind = "auth.group";
            ge.ref.artifact = artifact;
            ge.ref.line = g.line;
            ge.ref.item = static_cast<uint32_t>(++position);
            auto& ga = ge.attrs;
            ga.push_back(Attribute::integer("report", index));
            ga.push_back(Attribute::integer("position", position));
            ga.push_back(Attribute::text("user", r.user));
            ga.push_back(Attribute::text("name", g.name));
            ga.push_back(Attribute::text("type", g.type));
            ga.push_back(Attribute::text("sid", g.sid));
            ga.push_back(Attribute::text("sid_domain", sid_domain(g.sid)));
            ga.push_back(Attribute::integer("rid", sid_rid(g.sid)));
            ga.push_back(Attribute::text("sid_scope", sid_scope(g.sid, domain.sid)));
            ga.push_back(Attribute::list("attributes", g.attributes));
            ga.push_back(Attribute::flag("enabled", has_attribute(g, "Enabled group")));
            ga.push_back(
                Attribute::flag("deny_only", has_attribute(g, "Group used for deny only")));
            ge.ref.excerpt =
                cut(g.name + "  " + g.type + "  " + g.sid + "  " + join(g.attributes, ", "));
            out(ge);
        }
    }
}

}  // namespace amtdiag::parsers::whoami
