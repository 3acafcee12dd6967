#include "parsers/detect/artifact_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string_view>

#include "analyzer/model/artifact.h"
#include "parsers/cmlog/sha256.h"

namespace amtdiag::parsers::detect {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string read_head(const std::filesystem::path& path, size_t bytes) {
    std::ifstream in(path, std::ios::binary);
    std::string head(bytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(bytes));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

// Good enough to look for ASCII phrases in a UTF-16LE head: drop the zero high bytes.
std::string ascii_view(const std::string& head, cmlog::Encoding encoding) {
    if (encoding != cmlog::Encoding::utf16le && encoding != cmlog::Encoding::utf16le_bom)
        return head;
    std::string out;
    out.reserve(head.size() / 2);
    for (char c : head)
        if (c != '\0') out.push_back(c);
    return out;
}

// Phrases only the operation manager writes (guide figures 1-4), for logs that lost their
// component column: bare excerpts pasted into a ticket.
constexpr std::array<std::string_view, 7> kOpmgrPhrases = {
    "amt provision worker",          "provision task begin",          "reject hello message",
    "'ztc provision' task",          "provision target is indicated", "amt proxy component",
    "hello message from amt devices"};

std::string kind_from_component(std::string_view component) {
    const std::string c = lower(component);
    if (c == "sms_amt_operation_manager") return model::artifact_kind::amtopmgr_log;
    if (c.find("amt_proxy") != std::string::npos) return model::artifact_kind::amtproxymgr_log;
    if (c.find("oobmgmt") != std::string::npos || c.find("oob_mgmt") != std::string::npos)
        return model::artifact_kind::oobmgmt_log;
    return {};
}

std::string kind_from_name(const std::filesystem::path& path) {
    const std::string name = lower(path.filename().string());
    if (name.rfind("amtopmgr", 0) == 0) return model::artifact_kind::amtopmgr_log;
    if (name.rfind("amtproxymgr", 0) == 0) return model::artifact_kind::amtproxymgr_log;
    if (name.rfind("oobmgmt", 0) == 0) return model::artifact_kind::oobmgmt_log;
    return {};
}

}  // namespace

std::string sha256_of_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    cmlog::detail::Sha256 hash;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        hash.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    return hash.hex_digest();
}

Detection detect_artifact(const std::filesystem::path& path) {
    Detection d;
    d.kind = model::artifact_kind::unknown;
    // One read of the head serves the magic numbers, the log sniff and the phrase search.
    const std::string head = read_head(path, cmlog::kSniffBytes);
    if (head.size() >= 4) {
        const auto b = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
        const bool pcap = (b(0) == 0xd4 && b(1) == 0xc3 && b(2) == 0xb2 && b(3) == 0xa1) ||
                          (b(0) == 0xa1 && b(1) == 0xb2 && b(2) == 0xc3 && b(3) == 0xd4) ||
                          (b(0) == 0x4d && b(1) == 0x3c && b(2) == 0xb2 && b(3) == 0xa1) ||
                          (b(0) == 0x0a && b(1) == 0x0d && b(2) == 0x0d && b(3) == 0x0a);
        if (pcap) {
            d.kind = "pcap";
            d.reason = "packet capture: this build has no packet-capture reader yet";
            return d;
        }
    }
    if (head.find("-----BEGIN CERTIFICATE-----") != std::string::npos ||
        head.find("-----BEGIN PKCS7-----") != std::string::npos) {
        d.kind = "cert-chain";
        d.reason = "certificate: this build has no certificate reader yet";
        return d;
    }
    // An empty head may be an unreadable file: sniff_log then says why (with strerror).
    d.sniff = head.empty() ? cmlog::sniff_log(path) : cmlog::sniff_bytes(head);
    if (!d.sniff.is_text) {
        d.reason = d.sniff.reason.empty() ? "not a text file" : d.sniff.reason;
        return d;
    }
    d.kind = kind_from_component(d.sniff.component);
    if (d.kind.empty()) {
        const std::string text = lower(ascii_view(head, d.sniff.encoding));
        if (std::any_of(kOpmgrPhrases.begin(), kOpmgrPhrases.end(),
                        [&](std::string_view p) { return text.find(p) != std::string::npos; }))
            d.kind = model::artifact_kind::amtopmgr_log;
    }
    if (d.kind.empty()) d.kind = kind_from_name(path);
    if (d.kind.empty()) {
        if (d.sniff.format == cmlog::LogFormat::ccm ||
            d.sniff.format == cmlog::LogFormat::sms_trace) {
            d.kind = model::artifact_kind::other_cm_log;
        } else {
            d.kind = model::artifact_kind::unknown;
            d.reason =
                "not recognised: no ConfigMgr log records, known component or operation manager "
                "phrase in its first 64 KiB, and no other artifact kind amtdiag reads";
            return d;
        }
    }
    d.supported = true;
    return d;
}

}  // namespace amtdiag::parsers::detect
