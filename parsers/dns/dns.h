#pragma once
// DNS messages (queries, responses, dynamic updates) decoded with ldns: no DNS parser of our
// own. What a provisioning diagnosis reads: the question (does the device ask for
// provisionserver.<suffix>?), the rcode, the answers (A/AAAA addresses, PTR/CNAME targets)
// and, for UPDATE, the zone and the records added or deleted.
//
// decode() never throws and never reads past the buffer: ldns reports malformed input, which
// becomes `error`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::dns {

inline constexpr uint16_t kPort = 53;
inline constexpr uint16_t kMdnsPort = 5353;

struct Record {
    std::string name;    // lowercase, no trailing dot
    std::string type;    // "A", "AAAA", "PTR", "SOA", ...; "TYPE65280" for unknown ones
    std::string rclass;  // "IN", "ANY", "NONE", ...
    uint32_t ttl = 0;
    std::string data;  // rdata fields as ldns prints them, names lowercase without the dot
    bool has_data = false;
    std::string text() const;  // "name TYPE data" ("name TYPE" without data)
};

struct Message {
    bool ok = false;
    std::string error;  // why ldns refused the bytes
    uint16_t id = 0;
    bool response = false;
    std::string opcode;  // "QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE", else "OPCODE-N"
    std::string rcode;   // "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", ..., else "RCODE-N"
    bool authoritative = false;
    bool truncated = false;
    // The first question (the zone, for UPDATE).
    std::string qname;  // lowercase, no trailing dot ("" for the root)
    std::string qtype;
    std::vector<Record> questions, answers, authority, additional;

    std::vector<std::string> answer_texts() const;  // "name TYPE data" per answer
    std::vector<std::string> addresses() const;     // A/AAAA data of the answers
    std::vector<std::string> names() const;         // PTR/CNAME targets of the answers
    // UPDATE (RFC 2136): the update section as "add NAME TYPE DATA", "delete NAME TYPE DATA"
    // (one record), "delete NAME TYPE" (an RRset), "delete NAME ANY" (every RRset).
    std::vector<std::string> updates() const;
};

Message decode(std::string_view wire);

// A message to write, for tests, capture fixtures and probes. Records are zone-file lines
// ("provisionserver.vprolab.com. 300 IN A 192.168.2.10"); questions "name TYPE".
struct MessageSpec {
    uint16_t id = 0;
    bool response = false;
    std::string opcode = "QUERY";
    std::string rcode = "NOERROR";
    bool authoritative = false;
    std::vector<std::string> questions;  // "provisionserver.vprolab.com. A"
    std::vector<std::string> answers;    // for UPDATE: the prerequisites
    std::vector<std::string> authority;  // for UPDATE: the updates
};
// The wire bytes; "" when ldns cannot read a line of the spec (a bug in the caller).
std::string encode(const MessageSpec& spec);

}  // namespace amtdiag::parsers::dns
