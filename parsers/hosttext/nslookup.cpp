#include "parsers/hosttext/nslookup.h"

#include <algorithm>
#include <optional>

#include "analyzer/model/device_key.h"
#include "parsers/hosttext/text.h"

namespace amtdiag::parsers::hosttext {

namespace {

// "20.0.0.10.in-addr.arpa" for "10.0.0.20"; IPv6 nibbles for an IPv6 address.
std::string reverse_name(std::string_view ip) {
    if (is_ipv4(ip)) {
        std::vector<std::string_view> parts;
        size_t start = 0;
        for (size_t i = 0; i <= ip.size(); ++i) {
            if (i == ip.size() || ip[i] == '.') {
                parts.push_back(ip.substr(start, i - start));
                start = i + 1;
            }
        }
        std::string out;
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            out.append(*it);
            out.push_back('.');
        }
        return out + "in-addr.arpa";
    }
    return lower(ip) + ".ip6.arpa";  // not expanded: only used to name the exchange
}

// What nslookup prints after "can't find NAME: " (or alone) -> an rcode.
std::optional<std::string> rcode_of(std::string_view text) {
    const std::string l = lower(text);
    if (l.find("non-existent domain") != std::string::npos ||
        l.find("nonexistent domain") != std::string::npos ||
        l.find("nxdomain") != std::string::npos)
        return "NXDOMAIN";
    if (l.find("server failed") != std::string::npos ||
        l.find("server failure") != std::string::npos || l.find("servfail") != std::string::npos)
        return "SERVFAIL";
    if (l.find("refused") != std::string::npos) return "REFUSED";
    if (l.find("timed out") != std::string::npos || l.find("timed-out") != std::string::npos ||
        l.find("no response from server") != std::string::npos)
        return "TIMEOUT";
    if (l.find("format error") != std::string::npos) return "FORMERR";
    if (l.find("not implemented") != std::string::npos) return "NOTIMP";
    if (l.find("no records") != std::string::npos || l.find("no answer") != std::string::npos)
        return "NOERROR";
    return std::nullopt;
}

struct Field {
    std::string name;  // lowercase
    std::string_view value;
};

// "Name:    x", "Address:  1.2.3.4", "Addresses:  a", "Aliases:  b", "Server:  s".
std::optional<Field> field_of(std::string_view line) {
    const std::string_view t = trim(line);
    const size_t colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 16) return std::nullopt;
    std::string name = lower(t.substr(0, colon));
    static constexpr std::string_view kNames[] = {"name",    "address", "addresses",
                                                  "aliases", "server",  "default server"};
    if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames))
        return std::nullopt;
    return Field{std::move(name), trim(t.substr(colon + 1))};
}

std::string strip_port(std::string_view address) {
    // Linux nslookup prints "127.0.0.1#53".
    const size_t hash = address.find('#');
    return std::string(hash == std::string_view::npos ? address : address.substr(0, hash));
}

std::string norm(std::string_view name) {
    return model::normalize_fqdn(trim(name));
}

class Parser {
  public:
    std::vector<NslookupExchange> run(std::string_view text) {
        for (const Line& line : split_lines(text)) step(line);
        flush();
        return std::move(out_);
    }

  private:
    void step(const Line& line) {
        const std::string_view t = trim(line.text);
        if (t.empty()) return;
        // The command itself: "C:\> nslookup name [server]" or an interactive "> name".
        if (command(t, line)) return;
        if (auto f = field_of(t)) {
            field(*f, line);
            return;
        }
        if (starts_with_nocase(t, "Non-authoritative answer")) {
            open(line);
            cur_.authoritative = false;
            return;
        }
        if (t.starts_with("**")) {
            failure(t, line);
            return;
        }
        if (starts_with_nocase(t, "DNS request timed out")) {
            // Before the "Server:" line, nslookup was looking up its own server's name.
            if (!server_seen_) return;
            open(line);
            timed_out_ = true;
            if (cur_.excerpt.empty()) cur_.excerpt = std::string(t);
            return;
        }
        // "20.0.0.10.in-addr.arpa   name = sccm01.contoso.com" (set type=ptr), and
        // "x  internet address = 1.2.3.4" / "canonical name = y" (set type=a/cname).
        if (const size_t eq = t.find(" = "); eq != std::string_view::npos) {
            typed_answer(t, eq, line);
            return;
        }
        // A continued address or alias list: a lone token on an indented line.
        if (last_list_ != nullptr && t.find(' ') == std::string_view::npos &&
            t.find('\t') == std::string_view::npos) {
            add_to_list(*last_list_, t);
            return;
        }
        last_list_ = nullptr;
    }

    bool command(std::string_view t, const Line& line) {
        std::string_view rest;
        if (t.starts_with("> ")) {
            rest = trim(t.substr(2));
            if (starts_with_nocase(rest, "server ") || starts_with_nocase(rest, "lserver ")) {
                return true;  // the "Default Server:" lines that follow say which
            }
        } else {
            // "C:\Users\x>nslookup name", "PS C:\> nslookup name", "$ nslookup name".
            const std::string l = lower(t);
            size_t at = l.find("nslookup");
            while (at != std::string::npos) {
                const bool before_ok = at == 0 || t[at - 1] == '>' || t[at - 1] == ' ' ||
                                       t[at - 1] == '$' || t[at - 1] == '\\';
                const bool after_ok = at + 8 == t.size() || t[at + 8] == ' ' || t[at + 8] == '.';
                if (before_ok && after_ok) break;
                at = l.find("nslookup", at + 1);
            }
            if (at == std::string::npos) return false;
            // Only a command line: nothing but a prompt before it.
            const std::string_view before = t.substr(0, at);
            if (!before.empty() && before.find('>') == std::string_view::npos &&
                before.find('$') == std::string_view::npos)
                return false;
            rest = trim(t.substr(at + 8));
            if (rest.starts_with(".exe")) rest = trim(rest.substr(4));
            qtype_.clear();  // -type= holds for one command line only
        }
        flush();
        server_seen_ = false;
        // Options: -type=X / -q=X / -querytype=X; "set type=X" in interactive mode.
        std::string first;
        std::string_view r = rest;
        while (!r.empty()) {
            const size_t sp = r.find_first_of(" \t");
            const std::string_view tok = r.substr(0, sp);
            r = sp == std::string_view::npos ? std::string_view{} : trim(r.substr(sp));
            const std::string l = lower(tok);
            if (l.starts_with("set ")) continue;
            if (l == "set") {
                // "set type=ptr"
                continue;
            }
            if (const size_t eq = l.find('='); eq != std::string::npos) {
                const std::string key = l.substr(0, eq);
                if (key == "-type" || key == "-q" || key == "-querytype" || key == "type" ||
                    key == "querytype" || key == "q")
                    qtype_ = upper(l.substr(eq + 1));
                continue;
            }
            if (l.starts_with("-")) continue;
            if (first.empty()) first = std::string(tok);
        }
        if (!first.empty()) {
            asked_ = first;
            pending_line_ = line.number;
        }
        return true;
    }

    static std::string upper(std::string s) {
        for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return s;
    }

    void open(const Line& line) {
        if (open_) return;
        open_ = true;
        cur_ = NslookupExchange{};
        cur_.server = server_;
        cur_.server_name = server_name_;
        cur_.line = pending_line_ != 0 ? pending_line_ : line.number;
        in_answer_ = false;
    }

    void field(const Field& f, const Line& line) {
        if (f.name == "server" || f.name == "default server") {
            flush();
            server_name_ = std::string(f.value);
            server_.clear();
            server_seen_ = true;
            expect_server_address_ = true;
            last_list_ = nullptr;
            if (pending_line_ == 0) pending_line_ = line.number;
            return;
        }
        if ((f.name == "address" || f.name == "addresses") && expect_server_address_ && !open_) {
            server_ = strip_port(f.value);
            expect_server_address_ = false;
            return;
        }
        expect_server_address_ = false;
        open(line);
        if (f.name == "name") {
            in_answer_ = true;
            answer_name_ = norm(f.value);
            if (cur_.excerpt.empty()) cur_.excerpt = std::string(trim(line.text));
            last_list_ = nullptr;
            return;
        }
        if (f.name == "address" || f.name == "addresses") {
            last_list_ = &cur_.addresses;
            if (!f.value.empty()) add_to_list(cur_.addresses, f.value);
            return;
        }
        if (f.name == "aliases") {
            last_list_ = &cur_.aliases;
            if (!f.value.empty()) add_to_list(cur_.aliases, f.value);
        }
    }

    void add_to_list(std::vector<std::string>& list, std::string_view value) {
        if (&list == &cur_.aliases)
            list.push_back(norm(value));
        else
            list.push_back(strip_port(trim(value)));
    }

    void typed_answer(std::string_view t, size_t eq, const Line& line) {
        open(line);
        const std::string owner = norm(t.substr(0, t.find_first_of(" \t")));
        const std::string what = lower(trim(t.substr(0, eq)));
        const std::string value(trim(t.substr(eq + 3)));
        if (cur_.excerpt.empty()) cur_.excerpt = std::string(t);
        if (what.ends_with("name")) {
            const bool cname = what.find("canonical") != std::string::npos;
            cur_.answers.push_back(owner + (cname ? " CNAME " : " PTR ") + norm(value));
            cur_.names.push_back(norm(value));
            if (asked_.empty()) asked_ = owner;
        } else if (what.find("address") != std::string::npos) {
            cur_.answers.push_back(owner + (is_ipv6(value) ? " AAAA " : " A ") + value);
            cur_.addresses.push_back(value);
            if (asked_.empty()) asked_ = owner;
        }
        typed_ = true;
    }

    void failure(std::string_view t, const Line& line) {
        const std::optional<std::string> rc = rcode_of(t);
        // "*** Can't find server name for address ...": about the server, not a query.
        if (contains_nocase(t, "server name for address") ||
            contains_nocase(t, "default servers are not available")) {
            return;
        }
        open(line);
        cur_.excerpt = std::string(t);
        if (rc) cur_.rcode = *rc;
        // "*** dc1 can't find provisionserver.contoso.com: Non-existent domain"
        const std::string l = lower(t);
        const size_t at = l.find("can't find ");
        if (at != std::string::npos) {
            std::string_view rest = t.substr(at + 11);
            const size_t colon = rest.rfind(':');
            if (colon != std::string_view::npos) rest = rest.substr(0, colon);
            if (asked_.empty()) asked_ = std::string(trim(rest));
        }
        if (rc && *rc == "TIMEOUT") timed_out_ = true;
        flush();
    }

    void flush() {
        if (!open_) {
            // A prompt or command with no output yet keeps its name for what follows.
            return;
        }
        NslookupExchange e = std::move(cur_);
        std::string asked = asked_;
        const bool reverse = is_ipv4(trim(asked)) || is_ipv6(trim(asked));
        if (reverse) {
            e.qname = reverse_name(trim(asked));
            e.qtype = "PTR";
        } else if (!asked.empty()) {
            e.qname = norm(asked);
        } else {
            e.qname = !e.aliases.empty() ? e.aliases.front() : answer_name_;
        }
        if (e.qtype.empty()) e.qtype = qtype_.empty() ? "A" : qtype_;
        if (!typed_) {
            if (reverse && !answer_name_.empty()) {
                e.names.push_back(answer_name_);
                e.answers.push_back(e.qname + " PTR " + answer_name_);
            } else if (!answer_name_.empty()) {
                // "Name: canonical" with "Aliases: asked": the asked name is a CNAME.
                for (const auto& alias : e.aliases) {
                    e.answers.push_back(alias + " CNAME " + answer_name_);
                    e.names.push_back(answer_name_);
                }
                for (const auto& a : e.addresses)
                    e.answers.push_back(answer_name_ + (is_ipv6(a) ? " AAAA " : " A ") + a);
            }
        }
        if (e.rcode.empty()) e.rcode = timed_out_ && e.answers.empty() ? "TIMEOUT" : "NOERROR";
        e.answered = e.rcode != "TIMEOUT";
        if (!e.qname.empty() || !e.answers.empty() || e.rcode != "NOERROR")
            out_.push_back(std::move(e));
        open_ = false;
        in_answer_ = false;
        typed_ = false;
        timed_out_ = false;
        answer_name_.clear();
        asked_.clear();
        pending_line_ = 0;
        last_list_ = nullptr;
    }

    std::vector<NslookupExchange> out_;
    NslookupExchange cur_;
    bool open_ = false;
    bool in_answer_ = false;
    bool typed_ = false;
    bool timed_out_ = false;
    bool expect_server_address_ = false;
    bool server_seen_ = true;  // a paste may start after the "Server:" lines
    std::string server_, server_name_, answer_name_, asked_, qtype_;
    uint64_t pending_line_ = 0;
    std::vector<std::string>* last_list_ = nullptr;
};

}  // namespace

std::vector<NslookupExchange> parse_nslookup(std::string_view utf8_text) {
    return Parser().run(utf8_text);
}

int nslookup_confidence(std::string_view utf8_text) {
    bool server = false, address = false, outcome = false;
    for (const Line& line : split_lines(utf8_text.substr(0, 65536))) {
        const std::string_view t = trim(line.text);
        if (starts_with_nocase(t, "Server:") || starts_with_nocase(t, "Default Server:"))
            server = true;
        if (starts_with_nocase(t, "Address:") || starts_with_nocase(t, "Addresses:"))
            address = true;
        if (contains_nocase(t, "can't find") || starts_with_nocase(t, "Name:") ||
            starts_with_nocase(t, "Non-authoritative answer") ||
            starts_with_nocase(t, "DNS request timed out"))
            outcome = true;
    }
    if (server && address && outcome) return 90;
    if (server && address) return 75;
    if (outcome && address) return 60;
    return 0;
}

}  // namespace amtdiag::parsers::hosttext
