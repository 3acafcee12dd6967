#pragma once
// nslookup output as Windows prints it, one or several queries in one paste (non-interactive
// runs each print "Server:/Address:"; interactive sessions show "> name" prompts): answers
// ("Name:", "Address(es):", "Aliases:"), reverse lookups, "*** X can't find Y: Non-existent
// domain" and the other failures, and timeouts.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hosttext {

struct NslookupExchange {
    std::string qname;   // lowercase, no trailing dot; reverse lookups: the in-addr.arpa name
    std::string qtype;   // "A" by default (Windows asks A and AAAA), "PTR" for addresses, or set
    std::string server;  // the server's address when printed, else its name
    std::string server_name;  // "dc1.contoso.com", "UnKnown"
    bool answered = false;
    bool authoritative = true;           // false after "Non-authoritative answer:"
    std::string rcode;                   // NOERROR NXDOMAIN SERVFAIL REFUSED FORMERR NOTIMP TIMEOUT
    std::vector<std::string> answers;    // "name TYPE data"
    std::vector<std::string> addresses;  // A/AAAA data
    std::vector<std::string> names;      // PTR targets and CNAME targets (aliases' canonical)
    std::vector<std::string> aliases;    // "Aliases:" names as printed
    uint64_t line = 0;                   // where the query's output starts
    std::string excerpt;                 // the deciding line
};

std::vector<NslookupExchange> parse_nslookup(std::string_view utf8_text);

int nslookup_confidence(std::string_view utf8_text);

}  // namespace amtdiag::parsers::hosttext
