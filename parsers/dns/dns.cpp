#include "parsers/dns/dns.h"

#include "parsers/dns/ldns_cxx.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace amtdiag::parsers::dns {

namespace {

// Every ldns allocation has one owner.
struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
struct RrFree {
    void operator()(ldns_rr* r) const { ldns_rr_free(r); }
};
struct CharFree {
    void operator()(char* s) const { std::free(s); }
};
struct WireFree {
    void operator()(uint8_t* s) const { std::free(s); }
};
using PktPtr = std::unique_ptr<ldns_pkt, PktFree>;
using RrPtr = std::unique_ptr<ldns_rr, RrFree>;
using CharPtr = std::unique_ptr<char, CharFree>;

std::string take(char* s) {
    const CharPtr owned(s);
    return owned ? std::string(owned.get()) : std::string();
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Names as the reports and rules compare them: lowercase, no trailing dot.
std::string name_text(const ldns_rdf* rdf) {
    std::string s = lower(take(ldns_rdf2str(rdf)));
    if (s.size() > 1 && s.back() == '.') s.pop_back();
    if (s == ".") s.clear();
    return s;
}

std::string table_name(ldns_lookup_table* table, int id, const char* fallback) {
    const ldns_lookup_table* e = ldns_lookup_by_id(table, id);
    if (e != nullptr && e->name != nullptr) return e->name;
    return std::string(fallback) + std::to_string(id);
}

Record record_of(const ldns_rr* rr) {
    Record r;
    r.name = name_text(ldns_rr_owner(rr));
    r.type = take(ldns_rr_type2str(ldns_rr_get_type(rr)));
    r.rclass = take(ldns_rr_class2str(ldns_rr_get_class(rr)));
    r.ttl = ldns_rr_ttl(rr);
    for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
        const ldns_rdf* rdf = ldns_rr_rdf(rr, i);
        if (rdf == nullptr) continue;
        const std::string field = ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME
                                      ? name_text(rdf)
                                      : take(ldns_rdf2str(rdf));
        if (!r.data.empty()) r.data.push_back(' ');
        r.data += field;
        r.has_data = true;
    }
    return r;
}

std::vector<Record> section(const ldns_rr_list* list) {
    std::vector<Record> out;
    if (list == nullptr) return out;
    for (size_t i = 0; i < ldns_rr_list_rr_count(list); ++i)
        if (const ldns_rr* rr = ldns_rr_list_rr(list, i)) out.push_back(record_of(rr));
    return out;
}

int lookup_id(ldns_lookup_table* table, const std::string& name, int fallback) {
    const ldns_lookup_table* e = ldns_lookup_by_name(table, name.c_str());
    return e != nullptr ? e->id : fallback;
}

std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    size_t at = 0;
    while (at < line.size()) {
        const size_t start = line.find_first_not_of(" \t", at);
        if (start == std::string::npos) break;
        const size_t end = std::min(line.find_first_of(" \t", start), line.size());
        out.push_back(line.substr(start, end - start));
        at = end;
    }
    return out;
}

// "NAME TTL CLASS TYPE" without data (an UPDATE's RRset deletion): ldns's text parser wants
// data, so the record is put together field by field.
RrPtr dataless_record(const std::vector<std::string>& w) {
    RrPtr rr(ldns_rr_new());
    ldns_rdf* owner = ldns_dname_new_frm_str(w[0].c_str());
    if (!rr || owner == nullptr) {
        if (owner != nullptr) ldns_rdf_deep_free(owner);
        return nullptr;
    }
    ldns_rr_set_owner(rr.get(), owner);
    ldns_rr_set_ttl(rr.get(), static_cast<uint32_t>(std::strtoul(w[1].c_str(), nullptr, 10)));
    ldns_rr_set_class(rr.get(), ldns_get_rr_class_by_name(w[2].c_str()));
    ldns_rr_set_type(rr.get(), ldns_get_rr_type_by_name(w[3].c_str()));
    return rr;
}

bool push(ldns_pkt* pkt, ldns_pkt_section where, const std::string& line, bool question) {
    ldns_rr* raw = nullptr;
    const ldns_status s = question
                              ? ldns_rr_new_question_frm_str(&raw, line.c_str(), nullptr, nullptr)
                              : ldns_rr_new_frm_str(&raw, line.c_str(), 0, nullptr, nullptr);
    RrPtr rr(raw);
    if (s != LDNS_STATUS_OK && !question && words(line).size() == 4)
        rr = dataless_record(words(line));
    else if (s != LDNS_STATUS_OK)
        return false;
    if (!rr) return false;
    // The packet owns the record once pushed.
    if (!ldns_pkt_push_rr(pkt, where, rr.get())) return false;
    (void)rr.release();
    return true;
}

}  // namespace

std::string Record::text() const {
    return has_data ? name + " " + type + " " + data : name + " " + type;
}

std::vector<std::string> Message::answer_texts() const {
    std::vector<std::string> out;
    for (const auto& r : answers) out.push_back(r.text());
    return out;
}

std::vector<std::string> Message::addresses() const {
    std::vector<std::string> out;
    for (const auto& r : answers)
        if (r.type == "A" || r.type == "AAAA") out.push_back(r.data);
    return out;
}

std::vector<std::string> Message::names() const {
    std::vector<std::string> out;
    for (const auto& r : answers)
        if (r.type == "PTR" || r.type == "CNAME") out.push_back(r.data);
    return out;
}

std::vector<std::string> Message::updates() const {
    std::vector<std::string> out;
    for (const auto& r : authority) {
        if (r.rclass == "ANY")
            out.push_back("delete " + r.name + " " + r.type);
        else if (r.rclass == "NONE")
            out.push_back("delete " + r.text());
        else
            out.push_back("add " + r.text());
    }
    return out;
}

Message decode(std::string_view wire) {
    Message m;
    ldns_pkt* raw = nullptr;
    const ldns_status status =
        ldns_wire2pkt(&raw, reinterpret_cast<const uint8_t*>(wire.data()), wire.size());
    const PktPtr pkt(raw);
    if (status != LDNS_STATUS_OK || !pkt) {
        m.error = ldns_get_errorstr_by_id(status) != nullptr ? ldns_get_errorstr_by_id(status)
                                                             : "not a DNS message";
        return m;
    }
    m.ok = true;
    m.id = ldns_pkt_id(pkt.get());
    m.response = ldns_pkt_qr(pkt.get());
    m.authoritative = ldns_pkt_aa(pkt.get());
    m.truncated = ldns_pkt_tc(pkt.get());
    m.opcode = table_name(ldns_opcodes, ldns_pkt_get_opcode(pkt.get()), "OPCODE-");
    m.rcode = table_name(ldns_rcodes, ldns_pkt_get_rcode(pkt.get()), "RCODE-");
    m.questions = section(ldns_pkt_question(pkt.get()));
    m.answers = section(ldns_pkt_answer(pkt.get()));
    m.authority = section(ldns_pkt_authority(pkt.get()));
    m.additional = section(ldns_pkt_additional(pkt.get()));
    if (!m.questions.empty()) {
        m.qname = m.questions.front().name;
        m.qtype = m.questions.front().type;
    }
    return m;
}

std::string encode(const MessageSpec& spec) {
    const PktPtr pkt(ldns_pkt_new());
    if (!pkt) return {};
    ldns_pkt_set_id(pkt.get(), spec.id);
    ldns_pkt_set_qr(pkt.get(), spec.response);
    ldns_pkt_set_aa(pkt.get(), spec.authoritative);
    ldns_pkt_set_rd(pkt.get(), spec.opcode == "QUERY");
    ldns_pkt_set_ra(pkt.get(), spec.response && spec.opcode == "QUERY");
    ldns_pkt_set_opcode(pkt.get(),
                        static_cast<ldns_pkt_opcode>(lookup_id(ldns_opcodes, spec.opcode, 0)));
    ldns_pkt_set_rcode(pkt.get(), static_cast<uint8_t>(lookup_id(ldns_rcodes, spec.rcode, 0)));
    for (const auto& q : spec.questions)
        if (!push(pkt.get(), LDNS_SECTION_QUESTION, q, true)) return {};
    for (const auto& a : spec.answers)
        if (!push(pkt.get(), LDNS_SECTION_ANSWER, a, false)) return {};
    for (const auto& a : spec.authority)
        if (!push(pkt.get(), LDNS_SECTION_AUTHORITY, a, false)) return {};
    uint8_t* wire = nullptr;
    size_t size = 0;
    if (ldns_pkt2wire(&wire, pkt.get(), &size) != LDNS_STATUS_OK) return {};
    const std::unique_ptr<uint8_t, WireFree> owned(wire);
    return std::string(reinterpret_cast<const char*>(owned.get()), size);
}

}  // namespace amtdiag::parsers::dns
