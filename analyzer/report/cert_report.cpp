#include "analyzer/report/cert_report.h"

#include <map>
#include <ostream>
#include <sstream>

#include "analyzer/report/json_parts.h"
#include "analyzer/report/safe_text.h"

namespace amtdiag::report {

namespace {

// Names people know the usual EKU purposes by.
std::string purpose_name(const std::string& oid) {
    static const std::map<std::string, std::string> kNames = {
        {"1.3.6.1.5.5.7.3.1", "Server Authentication"},
        {"1.3.6.1.5.5.7.3.2", "Client Authentication"},
        {"1.3.6.1.5.5.7.3.3", "Code Signing"},
        {"1.3.6.1.5.5.7.3.4", "Secure Email"},
        {"1.3.6.1.5.5.7.3.8", "Time Stamping"},
        {"1.3.6.1.5.5.7.3.9", "OCSP Signing"},
        {"2.16.840.1.113741.1.2.3", "Intel AMT provisioning"},
        {"2.5.29.37.0", "Any Purpose"},
    };
    auto it = kNames.find(oid);
    return it == kNames.end() ? oid : it->second + " (" + oid + ")";
}

std::string text_of(const model::Evidence& e, std::string_view name) {
    const model::Attribute* a = e.attribute(name);
    return a == nullptr ? std::string() : a->value;
}

std::vector<std::string> list_of(const model::Evidence& e, std::string_view name) {
    const model::Attribute* a = e.attribute(name);
    return a == nullptr ? std::vector<std::string>() : a->items;
}

bool flag_of(const model::Evidence& e, std::string_view name) {
    const model::Attribute* a = e.attribute(name);
    return a != nullptr && a->number != 0;
}

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

bool is_certificate_check(const model::Finding& f) {
    return (f.check.rfind("cert.", 0) == 0 || f.check.rfind("ca.", 0) == 0) && f.rule != "catalog";
}

struct Palette {
    bool on = false;
    std::string paint(std::string_view text, const char* code) const {
        return on ? std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m"
                  : std::string(text);
    }
};

void certificate_lines(std::ostringstream& out, const model::Evidence& c, size_t number) {
    auto row = [&](const char* label, const std::string& value) {
        if (value.empty()) return;
        out << "        " << label << std::string(12 - std::string_view(label).size(), ' ')
            << safe_text(value) << "\n";
    };
    out << "  [" << number << "] " << text_of(c, "role") << "  " << safe_text(text_of(c, "subject"))
        << "\n";
    std::string where = c.ref.artifact;
    if (c.ref.item > 1) where += ", certificate " + std::to_string(c.ref.item);
    if (c.ref.line > 0) where += ", line " + std::to_string(c.ref.line);
    row("file", where);
    row("issuer", text_of(c, "issuer"));
    row("serial", text_of(c, "serial"));
    row("valid",
        text_of(c, "not_before").substr(0, 10) + " to " + text_of(c, "not_after").substr(0, 10));
    std::string key = text_of(c, "key_type") + " " + text_of(c, "key_bits");
    if (!text_of(c, "curve").empty()) key += " (" + text_of(c, "curve") + ")";
    row("key", key + ", signed " + text_of(c, "signature_algorithm"));
    if (flag_of(c, "has_eku")) {
        std::vector<std::string> purposes;
        for (const auto& oid : list_of(c, "eku")) purposes.push_back(purpose_name(oid));
        row("EKU", purposes.empty() ? "(empty)" : joined(purposes, ", "));
    } else if (text_of(c, "role") == "leaf") {
        row("EKU", "(none: no EKU extension)");
    }
    for (const auto& ou : list_of(c, "ou")) row("OU", "\"" + ou + "\"");
    if (flag_of(c, "is_ca")) row("CA", "yes");
    if (flag_of(c, "has_private_key")) row("key pair", "the private key is in the file");
    row("SHA-1", text_of(c, "sha1"));
    row("SHA-256", text_of(c, "sha256"));
    row("CDP", joined(list_of(c, "crl_urls"), " "));
    std::vector<std::string> aia = list_of(c, "ca_issuer_urls");
    for (const auto& u : list_of(c, "ocsp_urls")) aia.push_back("OCSP " + u);
    row("AIA", joined(aia, " "));
    for (const auto& note : list_of(c, "extension_notes")) row("note", note);
}

}  // namespace

std::string cert_text(const model::Analysis& analysis, bool color) {
    const Palette palette{color};
    std::map<std::string, const model::Evidence*> by_sha256;
    std::vector<const model::Evidence*> chains;
    for (const auto& e : analysis.site_timeline) {
        if (e.kind == "cert.certificate") by_sha256[text_of(e, "sha256")] = &e;
        if (e.kind == "cert.chain") chains.push_back(&e);
    }
    std::ostringstream out;
    for (const auto& a : analysis.artifacts)
        if (a.status == model::ReadStatus::error)
            out << palette.paint("error", "31") << "  " << safe_text(a.path) << ": "
                << safe_text(a.error) << "\n";
    if (chains.empty()) {
        out << "No certificate could be read.\n";
        return out.str();
    }
    size_t n = 0;
    for (const model::Evidence* chain : chains) {
        out << "\nChain " << ++n << ": " << safe_text(chain->ref.excerpt.substr(7)) << "\n";
        size_t member = 0;
        for (const auto& sha : list_of(*chain, "members"))
            if (auto it = by_sha256.find(sha); it != by_sha256.end())
                certificate_lines(out, *it->second, ++member);
    }
    out << "\nChecks\n";
    for (const auto& f : analysis.findings) {
        if (!is_certificate_check(f)) continue;
        const std::string status(model::to_string(f.status));
        const char* code = f.status == model::Status::fail   ? "31"
                           : f.status == model::Status::warn ? "33"
                           : f.status == model::Status::pass ? "32"
                                                             : "0";
        std::string label = f.status == model::Status::fail ? "FAIL" : status;
        label.resize(8, ' ');
        out << "  " << palette.paint(label, code) << f.check;
        if (!f.device.empty()) out << " [" << safe_text(f.device) << "]";
        out << "\n          " << safe_text(f.message) << "\n";
        if (f.status == model::Status::fail || f.status == model::Status::warn)
            out << "          fix: " << safe_text(f.fix) << "\n";
    }
    return out.str();
}

void write_cert_json(const model::Analysis& analysis, std::ostream& out) {
    Json root;
    root["schema"] = "amtdiag.cert-inspect/1";
    root["tool"] = {
        {"name", "amtdiag"}, {"version", analysis.tool_version}, {"rules", analysis.rules_id}};
    Json artifacts = Json::array();
    for (const auto& a : analysis.artifacts) artifacts.push_back(artifact_json(a));
    root["artifacts"] = std::move(artifacts);
    Json certificates = Json::array(), chains = Json::array();
    for (const auto& e : analysis.site_timeline) {
        if (e.kind == "cert.certificate") certificates.push_back(evidence_json(e));
        if (e.kind == "cert.chain") chains.push_back(evidence_json(e));
    }
    root["certificates"] = std::move(certificates);
    root["chains"] = std::move(chains);
    Json findings = Json::array();
    for (const auto& f : analysis.findings)
        if (is_certificate_check(f)) findings.push_back(finding_json(f));
    root["findings"] = std::move(findings);
    out << root.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace amtdiag::report
