#include "parsers/probe/probe_record.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <tuple>

#include "analyzer/model/device_key.h"
#include "analyzer/model/log_time.h"
#include "parsers/hello/hello.h"
#include "parsers/probe/json_view.h"

namespace amtdiag::parsers::probe {

namespace {

using model::Attribute;

model::LogTime utc_time(int64_t ms) {
    model::LogTime t;
    t.local_ms = ms;
    t.has_time = true;
    t.has_bias = true;
    return t;
}

void set_time(model::Evidence& e, const Json& item) {
    int64_t ms = 0;
    if (parse_rfc3339(str(item, "time"), ms)) e.time = utc_time(ms);
}

std::string one_line(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    if (s.size() > 240) s.resize(240);
    return s;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// ---- DNS ----------------------------------------------------------------------------------

model::Evidence dns_evidence(const Json& r, const std::string& artifact, uint32_t item) {
    model::Evidence e;
    e.kind = "dns.exchange";
    e.ref.artifact = artifact;
    e.ref.item = item;
    set_time(e, r);
    const std::string qname = model::normalize_fqdn(str(r, "qname"));
    const std::string qtype = upper(str(r, "qtype"));
    const bool answered = flag(r, "answered");
    std::string rcode = upper(str(r, "rcode"));
    if (!answered) rcode = "TIMEOUT";
    if (rcode.empty()) rcode = "NOERROR";
    std::vector<std::string> answers, addresses, names;
    for (const auto& a : array(r, "answers")) {
        const std::string type = upper(str(a, "type"));
        std::string data = str(a, "data");
        if (type == "PTR" || type == "CNAME") data = model::normalize_fqdn(data);
        answers.push_back(model::normalize_fqdn(str(a, "name")) + " " + type + " " + data);
        if (type == "A" || type == "AAAA") addresses.push_back(data);
        if (type == "PTR" || type == "CNAME") names.push_back(data);
    }
    auto& at = e.attrs;
    at.push_back(Attribute::text("qname", qname));
    at.push_back(Attribute::text("qtype", qtype));
    at.push_back(Attribute::text("opcode", "QUERY"));
    at.push_back(Attribute::flag("answered", answered));
    at.push_back(Attribute::text("rcode", rcode));
    at.push_back(Attribute::list("answers", answers));
    at.push_back(Attribute::list("addresses", addresses));
    at.push_back(Attribute::list("names", names));
    at.push_back(Attribute::text("server", str(r, "server")));
    at.push_back(Attribute::text("source", "probe"));
    at.push_back(Attribute::text("purpose", str(r, "purpose")));
    if (has_flag(r, "authoritative"))
        at.push_back(Attribute::flag("authoritative", flag(r, "authoritative")));
    if (has_num(r, "elapsed_ms"))
        at.push_back(Attribute::integer("elapsed_ms", num(r, "elapsed_ms")));
    if (!str(r, "host").empty())
        at.push_back(Attribute::text("for_host", model::normalize_fqdn(str(r, "host"))));
    if (!str(r, "address").empty()) at.push_back(Attribute::text("address", str(r, "address")));
    if (has_flag(r, "matches_host"))
        at.push_back(Attribute::flag("matches_host", flag(r, "matches_host")));
    if (!str(r, "error").empty()) at.push_back(Attribute::text("error", str(r, "error")));
    std::string excerpt = qname + " " + qtype + " @" + str(r, "server") + " -> " + rcode;
    if (!answers.empty()) {
        excerpt += ":";
        for (const auto& a : answers) excerpt += " " + a.substr(a.find(' ') + 1) + ";";
    }
    e.ref.excerpt = one_line(excerpt);
    return e;
}

// ---- DHCP ---------------------------------------------------------------------------------

// `asked_fqdn`: the name the probe's REQUEST carried in option 81 ("" when it sent none), so a
// rule can tell an ACK that ignored option 81 from one that was never asked for it.
model::Evidence dhcp_evidence(const Json& m, const std::string& artifact, uint32_t item,
                              const std::string& asked_fqdn) {
    model::Evidence e;
    e.kind = "dhcp.message";
    e.ref.artifact = artifact;
    e.ref.item = item;
    set_time(e, m);
    e.keys.mac = model::normalize_mac(str(m, "client_mac"));
    const std::string yiaddr = str(m, "yiaddr");
    if (!model::is_placeholder_ip(yiaddr)) e.keys.ip = yiaddr;
    const Json* fqdn = member(m, "client_fqdn");
    const bool has_fqdn = fqdn != nullptr && fqdn->is_object();
    const Json* domain = member(m, "domain");
    const bool has_domain = domain != nullptr && domain->is_string();
    std::vector<std::string> codes;
    for (const auto& o : array(m, "options"))
        if (has_num(o, "code")) codes.push_back(std::to_string(num(o, "code")));
    auto& at = e.attrs;
    at.push_back(Attribute::text("message_type", upper(str(m, "message_type"))));
    at.push_back(Attribute::text("xid", str(m, "xid")));
    at.push_back(Attribute::text("server_ip", str(m, "server_ip")));
    at.push_back(Attribute::text("client_ip", model::is_placeholder_ip(yiaddr) ? "" : yiaddr));
    at.push_back(Attribute::flag("has_domain", has_domain));
    at.push_back(Attribute::text("domain", has_domain ? domain->get<std::string>() : ""));
    at.push_back(Attribute::flag("has_client_fqdn", has_fqdn));
    at.push_back(Attribute::text("client_fqdn", has_fqdn ? str(*fqdn, "name") : ""));
    at.push_back(Attribute::integer("client_fqdn_flags", has_fqdn ? num(*fqdn, "flags") : 0));
    at.push_back(Attribute::text("host_name", str(m, "host_name")));
    at.push_back(Attribute::list("dns_servers", strings(m, "dns_servers")));
    at.push_back(Attribute::list("routers", strings(m, "routers")));
    if (has_num(m, "lease_seconds"))
        at.push_back(Attribute::integer("lease_seconds", num(m, "lease_seconds")));
    at.push_back(Attribute::list("option_codes", codes));
    const std::string type = upper(str(m, "message_type"));
    at.push_back(Attribute::text("requested_client_fqdn",
                                 type == "ACK" || type == "NAK" ? asked_fqdn : std::string()));
    at.push_back(Attribute::text("source", "probe"));
    std::string excerpt = upper(str(m, "message_type")) + " xid " + str(m, "xid") + " from " +
                          str(m, "server_ip") + ": offers " + yiaddr;
    excerpt += has_domain ? ", option 15 '" + domain->get<std::string>() + "'" : ", no option 15";
    if (has_fqdn) excerpt += ", option 81 '" + str(*fqdn, "name") + "'";
    e.ref.excerpt = one_line(excerpt);
    return e;
}

// ---- hellos -------------------------------------------------------------------------------

bool from_hex(std::string_view hex, std::string& out) {
    if (hex.size() % 2 != 0) return false;
    out.clear();
    out.reserve(hex.size() / 2);
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = val(hex[i]), lo = val(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

// "10.0.0.5:51234" / "[fe80::1]:9971" -> address and port.
void split_endpoint(const std::string& ep, std::string& address, int64_t& port) {
    address = ep;
    port = 0;
    if (ep.empty()) return;
    const size_t colon = ep.rfind(':');
    if (colon == std::string::npos) return;
    if (ep.front() == '[') {
        const size_t close = ep.find(']');
        if (close == std::string::npos) return;
        address = ep.substr(1, close - 1);
    } else {
        if (ep.find(':') != colon) return;  // a bare IPv6 address
        address = ep.substr(0, colon);
    }
    const std::string digits = ep.substr(colon + 1);
    if (digits.empty() || digits.size() > 5 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return;
    port = std::stoll(digits);
}

model::Evidence hello_evidence(const Json& h, const std::string& artifact, uint32_t item,
                               std::vector<HelloSighting>* sightings) {
    model::Evidence e;
    e.kind = "hello.message";
    e.ref.artifact = artifact;
    e.ref.item = item;
    set_time(e, h);
    std::string payload;
    std::vector<std::string> problems;
    if (!from_hex(str(h, "payload_hex"), payload)) {
        problems.push_back("payload_hex is not hex");
        payload.clear();
    }
    const hello::HelloDecode d = hello::decode_hello(payload);
    // A connection that sent nothing is no short hello: say it as it is.
    if (payload.empty())
        problems.push_back("empty: the peer sent nothing");
    else
        problems.insert(problems.end(), d.problems.begin(), d.problems.end());
    if (flag(h, "truncated")) problems.push_back("cut at the listener's byte cap");
    const std::string end = str(h, "end");
    if (end == "timeout" && !payload.empty()) problems.push_back("peer did not close (timeout)");
    std::vector<std::string> hashes, algorithms;
    for (const auto& hash : d.hello.hashes) {
        hashes.push_back(hello::hex_lower(hash.bytes));
        algorithms.push_back(hello::algorithm_name(hash.algorithm));
    }
    const hello::Hello& f = d.hello;
    // Only a recognisable hello names a device: 24 bytes of garbage have a "UUID" too.
    const bool recognised = d.header_ok && f.admin_credentials <= 1 &&
                            (f.version == hello::kVersionPsk || f.version == hello::kVersionPki);
    std::string peer;
    int64_t peer_port = 0, server_port = 0;
    split_endpoint(str(h, "peer"), peer, peer_port);
    std::string server;
    split_endpoint(str(h, "local"), server, server_port);
    if (recognised) e.keys.uuid = f.uuid;
    // A port scan or a health check is no device: only a hello's sender is keyed by address.
    if (recognised && !model::is_placeholder_ip(peer)) e.keys.ip = peer;
    auto& at = e.attrs;
    at.push_back(Attribute::integer("version", d.header_ok ? f.version : 0));
    at.push_back(Attribute::integer("admin_credentials", f.admin_credentials));
    at.push_back(Attribute::integer("retry", f.retry));
    at.push_back(Attribute::text("pid", f.pid));
    at.push_back(Attribute::flag("pid_checksum_ok", d.pid_checksum_ok));
    at.push_back(Attribute::integer("hash_count", static_cast<int64_t>(hashes.size())));
    at.push_back(Attribute::list("hashes", hashes));
    at.push_back(Attribute::list("hash_algorithms", algorithms));
    at.push_back(Attribute::text("server_ip", server));
    at.push_back(Attribute::integer("server_port", server_port));
    at.push_back(Attribute::integer("length", static_cast<int64_t>(d.length)));
    at.push_back(Attribute::list("problems", problems));
    at.push_back(Attribute::text("source", "listener"));
    at.push_back(Attribute::text("peer", str(h, "peer")));
    at.push_back(Attribute::text("end", end));
    std::string excerpt = "hello from " + str(h, "peer") + " to " + str(h, "local") + ": ";
    if (d.header_ok) {
        excerpt += "v" + std::to_string(f.version) + " UUID " + f.uuid + ", retry " +
                   std::to_string(f.retry) + ", ";
        excerpt += f.version == 2 ? "PID " + f.pid : std::to_string(f.hashes.size()) + " hashes";
    } else {
        excerpt += std::to_string(d.length) + " bytes";
    }
    if (!problems.empty()) excerpt += " (" + problems.front() + ")";
    e.ref.excerpt = one_line(excerpt);
    if (sightings != nullptr && recognised && !f.uuid.empty()) {
        HelloSighting s;
        s.uuid = f.uuid;
        s.device_ip = e.keys.ip;
        s.server_ip = server;
        s.server_port = server_port;
        s.has_time = e.time.has_time;
        s.time_ms = e.time.local_ms;
        s.ref = e.ref;
        sightings->push_back(std::move(s));
    }
    return e;
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

bool parse_rfc3339(std::string_view t, int64_t& ms) {
    auto digits = [&](size_t at, size_t n, unsigned& v) {
        if (at + n > t.size()) return false;
        v = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            v = v * 10 + static_cast<unsigned>(t[i] - '0');
        }
        return true;
    };
    unsigned y, mo, d, h, mi, s, frac = 0;
    if (!digits(0, 4, y) || t.size() < 20 || t[4] != '-' || !digits(5, 2, mo) || t[7] != '-' ||
        !digits(8, 2, d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(11, 2, h) ||
        t[13] != ':' || !digits(14, 2, mi) || t[16] != ':' || !digits(17, 2, s))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > model::days_in_month(static_cast<int>(y), mo) || h > 23 ||
        mi > 59 || s > 60)
        return false;
    size_t at = 19;
    if (at < t.size() && t[at] == '.') {
        size_t n = 0;
        ++at;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') {
            if (n < 3) frac = frac * 10 + static_cast<unsigned>(t[at] - '0');
            ++n;
            ++at;
        }
        if (n == 0) return false;
        for (; n < 3; ++n) frac *= 10;
    }
    int64_t offset_min = 0;
    if (at < t.size() && (t[at] == 'Z' || t[at] == 'z')) {
        ++at;
    } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
        unsigned oh, om;
        if (!digits(at + 1, 2, oh) || at + 3 >= t.size() || t[at + 3] != ':' ||
            !digits(at + 4, 2, om))
            return false;
        offset_min = (t[at] == '-' ? -1 : 1) * static_cast<int64_t>(oh * 60 + om);
        at += 6;
    } else {
        return false;
    }
    if (at != t.size()) return false;
    ms = model::to_epoch_ms(static_cast<int>(y), mo, d, h, mi, s, frac) - offset_min * 60'000;
    return true;
}

int record_confidence(std::string_view head, std::string& kind) {
    // Our writers put "schema" first; allow whitespace and a BOM before it.
    const std::string_view start = head.substr(0, 4096);
    const size_t at = start.find("\"schema\"");
    if (at == std::string_view::npos) return 0;
    const size_t open = start.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (open == std::string_view::npos || start[open] != '{') return 0;
    const std::string_view rest = start.substr(at + 8);
    const size_t q = rest.find('"');
    if (q == std::string_view::npos) return 0;
    const std::string_view value = rest.substr(q);
    if (value.starts_with("\"amtdiag.hello-record/1\"")) {
        kind = "pcap-hello";
        return 100;
    }
    if (value.starts_with("\"amtdiag.probe/1\"")) {
        const bool dhcp = start.find("\"probe\": \"dhcp\"") != std::string_view::npos ||
                          start.find("\"probe\":\"dhcp\"") != std::string_view::npos;
        kind = dhcp ? "dhcp-probe" : "dns-probe";
        return 100;
    }
    return 0;
}

RecordSummary read_record(std::string_view bytes, const std::string& artifact,
                          const std::function<void(const model::Evidence&)>& out,
                          std::vector<HelloSighting>* sightings) {
    RecordSummary s;
    const Json j = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        s.error = "not valid JSON: a probe or hello record cut short or edited?";
        return s;
    }
    const std::string schema = str(j, "schema");
    const std::string host = str(j, "host");
    uint32_t item = 0;
    if (schema == kHelloSchema) {
        s.kind = "pcap-hello";
        const size_t first_sighting = sightings != nullptr ? sightings->size() : 0;
        int64_t window_end = 0;
        for (const auto& h : array(j, "hellos")) {
            out(hello_evidence(h, artifact, ++item, sightings));
            ++s.evidence;
            int64_t at = 0;
            if (parse_rfc3339(str(h, "time"), at)) {
                // A connection lasts at most a listener's timeout: anything longer is damage.
                const int64_t duration = num(h, "duration_ms");
                if (duration > 0 && duration < 86'400'000) at += duration;
                window_end = std::max(window_end, at);
            }
        }
        if (int64_t finished = 0; parse_rfc3339(str(j, "finished"), finished))
            window_end = std::max(window_end, finished);
        if (sightings != nullptr)
            for (size_t k = first_sighting; k < sightings->size(); ++k)
                (*sightings)[k].window_end_ms = window_end;
        s.detail = "hello record: " + plural(s.evidence, "connection", "connections");
    } else if (schema == kProbeSchema) {
        const std::string probe = str(j, "probe");
        if (probe == "dns") {
            s.kind = "dns-probe";
            for (const auto& r : array(j, "results")) {
                out(dns_evidence(r, artifact, ++item));
                ++s.evidence;
            }
            s.detail = "DNS probe: " + plural(s.evidence, "query", "queries");
        } else if (probe == "dhcp") {
            s.kind = "dhcp-probe";
            const Json* options = member(j, "options");
            const std::string asked = options != nullptr && flag(*options, "request")
                                          ? str(*options, "client_fqdn")
                                          : std::string();
            for (const auto& r : array(j, "results")) {
                out(dhcp_evidence(r, artifact, ++item, asked));
                ++s.evidence;
            }
            s.detail = "DHCP probe: " + plural(s.evidence, "message", "messages") + " received";
        } else {
            s.error = "probe record of an unknown probe '" + one_line(probe) + "'";
            return s;
        }
    } else {
        s.error =
            "JSON, but not an amtdiag probe or hello record (schema '" + one_line(schema) + "')";
        return s;
    }
    if (!host.empty()) s.detail += " from " + one_line(host);
    if (const std::string started = str(j, "started"); !started.empty())
        s.detail += " at " + one_line(started);
    return s;
}

std::vector<model::Evidence> hello_series(std::vector<HelloSighting> sightings) {
    const auto group = [](const HelloSighting& s) {
        return std::tie(s.uuid, s.server_ip, s.server_port);
    };
    std::stable_sort(sightings.begin(), sightings.end(),
                     [&](const HelloSighting& a, const HelloSighting& b) {
                         if (group(a) != group(b)) return group(a) < group(b);
                         return a.time_ms < b.time_ms;
                     });
    // "60.003": seconds with milliseconds, the capture reader's spelling.
    const auto seconds_text = [](int64_t ms) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%s%lld.%03lld", ms < 0 ? "-" : "",
                      static_cast<long long>((ms < 0 ? -ms : ms) / 1000),
                      static_cast<long long>((ms < 0 ? -ms : ms) % 1000));
        return std::string(buffer);
    };
    std::vector<model::Evidence> out;
    for (size_t i = 0; i < sightings.size();) {
        size_t j = i;
        while (j < sightings.size() && group(sightings[j]) == group(sightings[i])) ++j;
        const HelloSighting& first = sightings[i];
        const HelloSighting& last = sightings[j - 1];
        model::Evidence e;
        e.kind = "hello.series";
        e.keys.uuid = first.uuid;
        e.keys.ip = last.device_ip;
        e.ref = last.ref;
        std::vector<std::string> intervals;
        bool timed = true;
        for (size_t k = i; k < j; ++k) timed &= sightings[k].has_time;
        for (size_t k = i + 1; k < j && timed; ++k)
            intervals.push_back(seconds_text(sightings[k].time_ms - sightings[k - 1].time_ms));
        const size_t count = j - i;
        e.attrs.push_back(Attribute::integer("count", static_cast<int64_t>(count)));
        if (timed) {
            e.attrs.push_back(Attribute::time_ms("first", first.time_ms));
            e.attrs.push_back(Attribute::time_ms("last", last.time_ms));
            e.time = utc_time(last.time_ms);
        }
        e.attrs.push_back(Attribute::list("intervals_s", intervals));
        e.attrs.push_back(Attribute::text("server_ip", first.server_ip));
        e.attrs.push_back(Attribute::integer("server_port", first.server_port));
        int64_t window_end = 0;
        for (size_t k = i; k < j; ++k)
            window_end = std::max(window_end, sightings[k].window_end_ms);
        if (timed && window_end != 0)
            e.attrs.push_back(Attribute::time_ms("window_end", std::max(window_end, last.time_ms)));
        e.attrs.push_back(Attribute::text("source", "listener"));
        std::string excerpt = std::to_string(count) + (count == 1 ? " hello" : " hellos") +
                              " from " + first.uuid + " (" + last.device_ip + ") to " +
                              first.server_ip + ":" + std::to_string(first.server_port);
        if (timed)
            excerpt += ", " + model::format_epoch_ms(first.time_ms) + "Z to " +
                       model::format_epoch_ms(last.time_ms) + "Z";
        if (!intervals.empty()) {
            excerpt += "; intervals";
            for (size_t k = 0; k < intervals.size(); ++k)
                excerpt += (k == 0 ? " " : ", ") + intervals[k];
            excerpt += " s";
        }
        e.ref.excerpt = one_line(excerpt);
        out.push_back(std::move(e));
        i = j;
    }
    return out;
}

}  // namespace amtdiag::parsers::probe
