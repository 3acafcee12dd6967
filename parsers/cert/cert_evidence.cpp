#include "parsers/cert/cert_evidence.h"

#include <algorithm>

#include "analyzer/model/log_time.h"
#include "parsers/cert/chain.h"

namespace amtdiag::parsers::cert {

namespace {

std::string date_of(int64_t unix_seconds) {
    return model::format_epoch_ms(unix_seconds * 1000).substr(0, 10);
}

std::vector<std::string> values_of(const std::vector<NameAttribute>& attrs, std::string_view type) {
    std::vector<std::string> out;
    for (const auto& a : attrs)
        if (a.type == type) out.push_back(a.value);
    return out;
}

// A chain's head that is no CA is a leaf, self-signed or not; a self-signed CA is a root.
std::string role_of(const CertificateFacts& f, bool heads_a_chain) {
    if (heads_a_chain && !f.is_ca) return "leaf";
    if (f.self_signed) return "root";
    return "intermediate";
}

std::string short_name(const CertificateFacts& f) {
    const auto cns = values_of(f.subject_attrs, "CN");
    return cns.empty() ? f.subject : cns.front();
}

model::Evidence certificate_evidence(const CertificatePool::Entry& e, const std::string& role) {
    const CertificateFacts& f = e.cert.facts;
    using model::Attribute;
    model::Evidence ev;
    ev.kind = "cert.certificate";
    ev.ref = e.ref;
    ev.ref.excerpt = "subject " + f.subject + "; issuer " + f.issuer + "; serial " + f.serial +
                     "; valid " + date_of(f.not_before) + " to " + date_of(f.not_after) + "; " +
                     f.key_type + " " + std::to_string(f.key_bits) + "; " + f.signature_algorithm +
                     "; SHA-1 " + f.sha1 + "; SHA-256 " + f.sha256;
    std::vector<std::string> attrs, values;
    for (const auto& a : f.subject_attrs) {
        attrs.push_back(a.type + "=" + a.value);
        values.push_back(a.value);
    }
    const auto cns = values_of(f.subject_attrs, "CN");
    auto& a = ev.attrs;
    a.push_back(Attribute::text("role", role));
    a.push_back(Attribute::text("subject", f.subject));
    a.push_back(Attribute::text("issuer", f.issuer));
    a.push_back(Attribute::text("cn", cns.empty() ? "" : cns.back()));
    a.push_back(Attribute::list("ou", values_of(f.subject_attrs, "OU")));
    a.push_back(Attribute::list("o", values_of(f.subject_attrs, "O")));
    a.push_back(Attribute::list("subject_attrs", attrs));
    a.push_back(Attribute::list("subject_values", values));
    a.push_back(Attribute::text("serial", f.serial));
    a.push_back(Attribute::text("sha1", f.sha1));
    a.push_back(Attribute::text("sha256", f.sha256));
    a.push_back(Attribute::text("sha384", f.sha384));
    a.push_back(Attribute::integer("version", f.version));
    a.push_back(Attribute::time_ms("not_before", f.not_before * 1000));
    a.push_back(Attribute::time_ms("not_after", f.not_after * 1000));
    a.push_back(Attribute::text("key_type", f.key_type));
    a.push_back(Attribute::integer("key_bits", f.key_bits));
    a.push_back(Attribute::text("curve", f.curve));
    a.push_back(Attribute::text("signature_algorithm", f.signature_algorithm));
    a.push_back(Attribute::text("signature_hash", f.signature_hash));
    a.push_back(Attribute::flag("has_eku", f.has_eku));
    a.push_back(Attribute::list("eku", f.eku));
    a.push_back(Attribute::list("key_usage", f.key_usage));
    a.push_back(Attribute::flag("is_ca", f.is_ca));
    a.push_back(Attribute::integer("path_len", f.path_len));
    a.push_back(Attribute::text("subject_key_id", f.subject_key_id));
    a.push_back(Attribute::text("authority_key_id", f.authority_key_id));
    a.push_back(Attribute::list("dns_names", f.dns_names));
    a.push_back(Attribute::flag("has_cdp", f.has_cdp));
    a.push_back(Attribute::list("crl_urls", f.crl_urls));
    a.push_back(Attribute::flag("has_aia", f.has_aia));
    a.push_back(Attribute::list("ocsp_urls", f.ocsp_urls));
    a.push_back(Attribute::list("ca_issuer_urls", f.ca_issuer_urls));
    a.push_back(Attribute::list("extension_notes", f.extension_notes));
    a.push_back(Attribute::flag("self_signed", f.self_signed));
    a.push_back(Attribute::flag("self_issued", f.self_issued));
    a.push_back(Attribute::flag("has_private_key", e.has_private_key));
    a.push_back(Attribute::list("containers", e.containers));
    a.push_back(Attribute::list("found_in", e.found_in));
    a.push_back(Attribute::text("friendly_name", f.friendly_name));
    return ev;
}

model::Evidence chain_evidence(const Chain& chain, const std::vector<CertificatePool::Entry>& pool,
                               const std::vector<std::string>& roles) {
    using model::Attribute;
    const CertificatePool::Entry& head = pool[chain.members.front()];
    model::Evidence ev;
    ev.kind = "cert.chain";
    ev.ref = head.ref;
    std::vector<std::string> members, subjects, names;
    for (size_t i : chain.members) {
        members.push_back(pool[i].cert.facts.sha256);
        subjects.push_back(pool[i].cert.facts.subject);
        names.push_back(short_name(pool[i].cert.facts));
    }
    ev.ref.excerpt = "chain: ";
    for (size_t i = 0; i < names.size(); ++i) ev.ref.excerpt += (i ? " -> " : "") + names[i];
    if (chain.complete) {
        ev.ref.excerpt += " (complete)";
    } else {
        ev.ref.excerpt += " -> [missing: " + chain.missing_issuer;
        if (!chain.missing_issuer_key_id.empty())
            ev.ref.excerpt += ", key id " + chain.missing_issuer_key_id;
        ev.ref.excerpt += "]";
    }
    const CertificateFacts& hf = head.cert.facts;
    const CertificateFacts& top = pool[chain.members.back()].cert.facts;
    auto& a = ev.attrs;
    a.push_back(Attribute::text("head_sha256", hf.sha256));
    a.push_back(Attribute::text("head_subject", hf.subject));
    a.push_back(Attribute::text("head_role", roles[chain.members.front()]));
    a.push_back(Attribute::flag("head_is_ca", hf.is_ca));
    a.push_back(Attribute::list("members", members));
    a.push_back(Attribute::list("member_subjects", subjects));
    a.push_back(Attribute::integer("length", static_cast<int64_t>(members.size())));
    a.push_back(Attribute::flag("complete", chain.complete));
    a.push_back(Attribute::text("missing_issuer", chain.missing_issuer));
    a.push_back(Attribute::text("missing_issuer_key_id", chain.missing_issuer_key_id));
    a.push_back(Attribute::list("problems", chain.problems));
    a.push_back(Attribute::text("top_subject", top.subject));
    a.push_back(Attribute::text("root_subject", chain.complete ? top.subject : ""));
    a.push_back(Attribute::text("root_sha1", chain.complete ? top.sha1 : ""));
    a.push_back(Attribute::text("root_sha256", chain.complete ? top.sha256 : ""));
    a.push_back(Attribute::text("root_sha384", chain.complete ? top.sha384 : ""));
    return ev;
}

}  // namespace

void CertificatePool::add(const Certificate& c, const model::SourceRef& where,
                          std::string found_in) {
    const CertificateFacts& f = c.facts;
    auto [it, added] = index_.try_emplace(f.sha256, entries_.size());
    if (added) {
        Entry e;
        e.cert.x509.reset(X509_dup(c.x509.get()));
        e.cert.facts = f;
        e.ref = where;
        entries_.push_back(std::move(e));
    }
    Entry& e = entries_[it->second];
    e.found_in.push_back(std::move(found_in));
    if (std::find(e.containers.begin(), e.containers.end(), f.container) == e.containers.end())
        e.containers.push_back(f.container);
    e.has_private_key = e.has_private_key || f.has_private_key;
}

void CertificatePool::emit(const std::function<void(const model::Evidence&)>& out) const {
    std::vector<const Certificate*> certs;
    for (const auto& e : entries_) certs.push_back(&e.cert);
    const std::vector<Chain> chains = build_chains(certs);
    std::vector<bool> heads(entries_.size(), false);
    for (const auto& c : chains)
        if (!c.members.empty()) heads[c.members.front()] = true;
    std::vector<std::string> roles;
    for (size_t i = 0; i < entries_.size(); ++i)
        roles.push_back(role_of(entries_[i].cert.facts, heads[i]));
    for (size_t i = 0; i < entries_.size(); ++i) out(certificate_evidence(entries_[i], roles[i]));
    for (const auto& c : chains)
        if (!c.members.empty()) out(chain_evidence(c, entries_, roles));
}

}  // namespace amtdiag::parsers::cert
