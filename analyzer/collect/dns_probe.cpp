#include "analyzer/collect/dns_probe.h"

#include "parsers/dns/ldns_cxx.h"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace amtdiag::collect {

namespace {

struct ResolverFree {
    void operator()(ldns_resolver* r) const { ldns_resolver_deep_free(r); }
};
struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
struct RdfFree {
    void operator()(ldns_rdf* r) const { ldns_rdf_deep_free(r); }
};
struct CharFree {
    void operator()(char* s) const { free(s); }  // ldns allocates with malloc
};
using Resolver = std::unique_ptr<ldns_resolver, ResolverFree>;
using Packet = std::unique_ptr<ldns_pkt, PktFree>;
using Rdf = std::unique_ptr<ldns_rdf, RdfFree>;
using CString = std::unique_ptr<char, CharFree>;

std::string text_of(const ldns_rdf* rdf) {
    if (rdf == nullptr) return {};
    CString s(ldns_rdf2str(rdf));
    return s ? std::string(s.get()) : std::string{};
}

std::string rcode_name(ldns_pkt_rcode rcode) {
    switch (rcode) {
        case LDNS_RCODE_NOERROR:
            return "NOERROR";
        case LDNS_RCODE_FORMERR:
            return "FORMERR";
        case LDNS_RCODE_SERVFAIL:
            return "SERVFAIL";
        case LDNS_RCODE_NXDOMAIN:
            return "NXDOMAIN";
        case LDNS_RCODE_NOTIMPL:
            return "NOTIMP";
        case LDNS_RCODE_REFUSED:
            return "REFUSED";
        default:
            return "RCODE" + std::to_string(static_cast<int>(rcode));
    }
}

std::string type_name(ldns_rr_type type) {
    CString s(ldns_rr_type2str(type));
    return s ? std::string(s.get()) : std::to_string(static_cast<int>(type));
}

Rdf address_rdf(const std::string& ip) {
    in6_addr v6{};
    const ldns_rdf_type t =
        inet_pton(AF_INET6, ip.c_str(), &v6) == 1 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A;
    return Rdf(ldns_rdf_new_frm_str(t, ip.c_str()));
}

class Prober {
  public:
    Prober(Resolver resolver, std::string server)
        : res_(std::move(resolver)), server_(std::move(server)) {}

    // One query; its result object. `extra` holds purpose, suffix, host, address.
    Json query(const std::string& qname, ldns_rr_type type, Json extra,
               std::vector<std::string>* addresses_out = nullptr) {
        Json r = std::move(extra);
        r["qname"] = qname;
        r["qtype"] = type_name(type);
        r["server"] = server_;
        r["time"] = rfc3339(now_ms());
        Rdf name(ldns_dname_new_frm_str(qname.c_str()));
        if (!name) {
            r["elapsed_ms"] = 0;
            r["answered"] = false;
            r["rcode"] = "";
            r["error"] = "not a DNS name";
            r["answers"] = Json::array();
            return r;
        }
        ldns_pkt* raw = nullptr;
        const auto start = std::chrono::steady_clock::now();
        const ldns_status status =
            ldns_resolver_send(&raw, res_.get(), name.get(), type, LDNS_RR_CLASS_IN, LDNS_RD);
        const Packet pkt(raw);
        r["elapsed_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
        Json answers = Json::array();
        if (status != LDNS_STATUS_OK || !pkt) {
            r["answered"] = false;
            r["rcode"] = "";
            r["error"] = ldns_get_errorstr_by_id(status) != nullptr
                             ? std::string(ldns_get_errorstr_by_id(status))
                             : "no answer";
            r["answers"] = std::move(answers);
            return r;
        }
        r["answered"] = true;
        r["rcode"] = rcode_name(ldns_pkt_get_rcode(pkt.get()));
        r["authoritative"] = ldns_pkt_aa(pkt.get());
        const ldns_rr_list* list = ldns_pkt_answer(pkt.get());
        for (size_t i = 0; list != nullptr && i < ldns_rr_list_rr_count(list); ++i) {
            const ldns_rr* rr = ldns_rr_list_rr(list, i);
            Json a;
            a["name"] = text_of(ldns_rr_owner(rr));
            a["type"] = type_name(ldns_rr_get_type(rr));
            a["ttl"] = ldns_rr_ttl(rr);
            a["data"] = ldns_rr_rd_count(rr) > 0 ? text_of(ldns_rr_rdf(rr, 0)) : std::string{};
            if (addresses_out != nullptr && (ldns_rr_get_type(rr) == LDNS_RR_TYPE_A ||
                                             ldns_rr_get_type(rr) == LDNS_RR_TYPE_AAAA))
                addresses_out->push_back(a["data"].get<std::string>());
            answers.push_back(std::move(a));
        }
        r["answers"] = std::move(answers);
        return r;
    }

  private:
    Resolver res_;
    std::string server_;
};

std::string without_dot(std::string s) {
    while (!s.empty() && s.back() == '.') s.pop_back();
    while (!s.empty() && s.front() == '.') s.erase(s.begin());
    return s;
}

}  // namespace

bool parse_server(const std::string& text, std::string& ip, unsigned& port) {
    port = 53;
    std::string host = text;
    std::string port_text;
    if (!text.empty() && text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string::npos) return false;
        host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':') return false;
            port_text = text.substr(close + 2);
        }
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        host = text.substr(0, text.find(':'));
        port_text = text.substr(text.find(':') + 1);
    }
    if (!port_text.empty()) {
        if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos)
            return false;
        port = static_cast<unsigned>(std::stoul(port_text));
        if (port == 0 || port > 65535) return false;
    }
    in6_addr v6{};
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) != 1 && inet_pton(AF_INET6, host.c_str(), &v6) != 1)
        return false;
    ip = host;
    return true;
}

Json run_dns_probe(const DnsProbeOptions& options, std::string& error) {
    Resolver res;
    std::string server_label;
    if (!options.server.empty()) {
        std::string ip;
        unsigned port = 53;
        if (!parse_server(options.server, ip, port)) {
            error = "--server wants IP or IP:PORT ([IPv6]:PORT), not '" + options.server + "'";
            return {};
        }
        res.reset(ldns_resolver_new());
        Rdf ns = address_rdf(ip);
        if (!res || !ns || ldns_resolver_push_nameserver(res.get(), ns.get()) != LDNS_STATUS_OK) {
            error = "cannot use the DNS server " + options.server;
            return {};
        }
        ldns_resolver_set_port(res.get(), static_cast<uint16_t>(port));
        server_label = endpoint(ip, port);
    } else {
        ldns_resolver* raw = nullptr;
        if (ldns_resolver_new_frm_file(&raw, nullptr) != LDNS_STATUS_OK || raw == nullptr ||
            ldns_resolver_nameserver_count(raw) == 0) {
            if (raw != nullptr) ldns_resolver_deep_free(raw);
            error = "no DNS server in /etc/resolv.conf: give --server IP";
            return {};
        }
        res.reset(raw);
        // Ask one server, the first the host would ask, so every result names who answered.
        while (ldns_resolver_nameserver_count(res.get()) > 1) {
            Rdf last(ldns_resolver_pop_nameserver(res.get()));
        }
        server_label = endpoint(text_of(ldns_resolver_nameservers(res.get())[0]),
                                ldns_resolver_port(res.get()));
    }
    ldns_resolver_set_recursive(res.get(), true);
    ldns_resolver_set_dnssec(res.get(), false);
    ldns_resolver_set_retry(res.get(), static_cast<uint8_t>(std::max(1, options.retries)));
    timeval tv{};
    tv.tv_sec = options.timeout_ms / 1000;
    tv.tv_usec = static_cast<suseconds_t>((options.timeout_ms % 1000) * 1000);
    ldns_resolver_set_timeout(res.get(), tv);

    Json record;
    record["schema"] = "amtdiag.probe/1";
    record["probe"] = "dns";
    record["tool"] = tool_json("probe dns");
    record["started"] = rfc3339(now_ms());
    record["host"] = host_name();
    Json opts;
    opts["server"] = server_label;
    opts["suffixes"] = options.suffixes;
    opts["hosts"] = options.hosts;
    opts["timeout_ms"] = options.timeout_ms;
    record["options"] = std::move(opts);

    Prober prober(std::move(res), server_label);
    Json results = Json::array();
    for (const auto& raw_suffix : options.suffixes) {
        const std::string suffix = without_dot(raw_suffix);
        const std::string qname = "provisionserver." + suffix;
        for (const ldns_rr_type t : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
            Json extra;
            extra["purpose"] = "provisionserver";
            extra["suffix"] = suffix;
            results.push_back(prober.query(qname, t, std::move(extra)));
        }
    }
    for (const auto& raw_host : options.hosts) {
        const std::string host = without_dot(raw_host);
        std::vector<std::string> addresses;
        for (const ldns_rr_type t : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
            Json extra;
            extra["purpose"] = "forward";
            extra["host"] = host;
            results.push_back(prober.query(host, t, std::move(extra), &addresses));
        }
        for (const auto& address : addresses) {
            Rdf addr = address_rdf(address);
            Rdf reverse(addr ? ldns_rdf_address_reverse(addr.get()) : nullptr);
            if (!reverse) continue;
            std::string rname = without_dot(text_of(reverse.get()));
            Json extra;
            extra["purpose"] = "reverse";
            extra["host"] = host;
            extra["address"] = address;
            Json r = prober.query(rname, LDNS_RR_TYPE_PTR, std::move(extra));
            // Forward/reverse consistency, decided here so the record says it plainly.
            bool matches = false;
            for (const auto& a : r["answers"])
                if (a["type"] == "PTR" &&
                    without_dot(a["data"].get<std::string>()).size() == host.size() &&
                    strcasecmp(without_dot(a["data"].get<std::string>()).c_str(), host.c_str()) ==
                        0)
                    matches = true;
            r["matches_host"] = matches;
            results.push_back(std::move(r));
        }
    }
    record["results"] = std::move(results);
    record["finished"] = rfc3339(now_ms());
    return record;
}

}  // namespace amtdiag::collect
