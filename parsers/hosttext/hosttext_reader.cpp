#include "parsers/hosttext/hosttext_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <openssl/evp.h>

#include "parsers/hosttext/amtinfo.h"
#include "parsers/hosttext/hosttext_evidence.h"
#include "parsers/hosttext/ipconfig.h"
#include "parsers/hosttext/nslookup.h"
#include "parsers/hosttext/text.h"

namespace amtdiag::parsers::hosttext {

namespace {

// Pasted command output is small; anything larger is not what this reader is for.
constexpr uint64_t kMaxFileBytes = 16 << 20;

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 15]);
    }
    return out;
}

bool binary(std::string_view head) {
    // Text after decoding has no control bytes besides tab and line ends.
    size_t control = 0;
    for (unsigned char c : head.substr(0, 4096))
        control += c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    return control > 8;
}

class HostTextReader final : public Reader {
  public:
    explicit HostTextReader(const ReaderOptions& options) : hash_(options.sha256) {}

    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) override {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) out.push_back(read_file(input, sink));
        return out;
    }

  private:
    model::Artifact read_file(const Input& input, Sink& sink) {
        model::Artifact a;
        a.path = input.path.string();
        a.kind = input.kind;
        std::ifstream in(input.path, std::ios::binary);
        if (!in) {
            a.status = model::ReadStatus::error;
            a.error = "cannot open: " + std::string(std::strerror(errno));
            return a;
        }
        std::string bytes;
        char buffer[1 << 16];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            bytes.append(buffer, static_cast<size_t>(in.gcount()));
            if (bytes.size() > kMaxFileBytes) {
                a.status = model::ReadStatus::error;
                a.error = "larger than 16 MiB: not pasted command output";
                return a;
            }
        }
        a.size = bytes.size();
        if (hash_) a.sha256 = sha256_hex(bytes);
        const std::string text = to_utf8(bytes);
        const TextSummary s =
            emit_host_text(text, a.path, [&](const model::Evidence& e) { sink.evidence(e); });
        std::vector<std::string> parts;
        if (s.adapters > 0) {
            parts.push_back("ipconfig: " + std::to_string(s.adapters) +
                            (s.adapters == 1 ? " adapter" : " adapters"));
            if (a.kind != "ipconfig") a.provides.push_back("ipconfig");
        }
        if (s.queries > 0) {
            parts.push_back("nslookup: " + std::to_string(s.queries) +
                            (s.queries == 1 ? " query" : " queries"));
            if (a.kind != "nslookup") a.provides.push_back("nslookup");
            a.provides.push_back("dns-probe");
        }
        if (s.amt_blocks > 0) {
            parts.push_back("AMT info: " + std::to_string(s.amt_blocks) +
                            (s.amt_blocks == 1 ? " block" : " blocks"));
            if (a.kind != "amtinfo") a.provides.push_back("amtinfo");
        }
        if (parts.empty()) {
            a.status = model::ReadStatus::error;
            a.error = "no ipconfig, nslookup or AMT tool output found";
            return a;
        }
        for (size_t i = 0; i < parts.size(); ++i) a.detail += (i ? "; " : "") + parts[i];
        return a;
    }

    bool hash_ = true;
};

}  // namespace

Detection classify_text(std::string_view utf8_text) {
    Detection best;
    const std::pair<const char*, int> candidates[] = {
        {"amtinfo", amtinfo_confidence(utf8_text)},
        {"ipconfig", ipconfig_confidence(utf8_text)},
        {"nslookup", nslookup_confidence(utf8_text)},
    };
    for (const auto& [kind, confidence] : candidates) {
        if (confidence > best.confidence) {
            best.confidence = confidence;
            best.kind = kind;
        }
    }
    return best;
}

Detection detect(const Probe& probe) {
    if (probe.head.empty()) return {};
    const std::string text = to_utf8(probe.head);
    if (binary(text)) return {};
    return classify_text(text);
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<HostTextReader>(options);
}

}  // namespace amtdiag::parsers::hosttext
