#include "baseline.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "parsers/pcap/pcap_reader.h"

namespace amtdiag::testing {

namespace {

std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

std::string render(const model::Evidence& e) {
    std::string out = e.kind + " packet " + std::to_string(e.ref.packet) + " " + e.time.to_string();
    const auto& k = e.keys;
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"uuid", &k.uuid},
                                      {"ip", &k.ip},
                                      {"mac", &k.mac},
                                      {"fqdn", &k.fqdn}})
        if (!value->empty()) out += std::string(" ") + name + "=" + *value;
    out += "\n  | " + e.ref.excerpt + "\n";
    for (const auto& a : e.attrs) {
        out += "  " + a.name + ": ";
        switch (a.type) {
            case model::AttrType::string:
                out += '"' + a.value + '"';
                break;
            case model::AttrType::integer:
                out += a.value;
                break;
            case model::AttrType::boolean:
                out += a.value;
                break;
            case model::AttrType::timestamp:
                out += "@" + a.value;
                break;
            case model::AttrType::list:
                out += list(a.items);
                break;
        }
        out += "\n";
    }
    return out;
}

std::string render(const model::Artifact& a) {
    std::string out = "artifact " + a.kind + " " +
                      (a.status == model::ReadStatus::ok ? "ok" : "error: " + a.error) + "\n";
    out += "  detail: " + a.detail + "\n";
    out += "  provides: " + list(a.provides) + "\n";
    if (a.damaged_records != 0)
        out += "  damaged: " + std::to_string(a.damaged_records) + " record, skipped " +
               std::to_string(a.skipped_bytes) + " bytes\n";
    for (const auto& n : a.notes) out += "  note: " + n + "\n";
    return out;
}

CaptureRead read_fixture(const std::string& path) {
    CaptureRead r;
    parsers::cert::CertificatePool pool;
    r.artifact = parsers::pcap::read_capture(
        path, [&](const model::Evidence& e) { r.evidence.push_back(e); }, &pool, {}, false);
    pool.emit([&](const model::Evidence& e) { r.evidence.push_back(e); });
    return r;
}

std::string render(const CaptureRead& r) {
    std::string out = render(r.artifact);
    for (const auto& e : r.evidence) out += "\n" + render(e);
    return out;
}

std::string compare_with_baseline(const std::string& path, const std::string& actual) {
    const char* update = std::getenv("AMTDIAG_UPDATE_BASELINE");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return "no baseline " + path + " (AMTDIAG_UPDATE_BASELINE=1 writes it)";
    const std::string expected((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (expected == actual) return {};
    const auto e = lines_of(expected), a = lines_of(actual);
    for (size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
        const std::string el = i < e.size() ? e[i] : "<end>", al = i < a.size() ? a[i] : "<end>";
        if (el != al)
            return path + ":" + std::to_string(i + 1) + " differs\n  expected: " + el +
                   "\n  actual:   " + al + "\n(AMTDIAG_UPDATE_BASELINE=1 rewrites it)";
    }
    return path + " differs";
}

}  // namespace amtdiag::testing
