#include "parsers/cert/cert_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <openssl/evp.h>

#include "parsers/cert/cert_evidence.h"
#include "parsers/cert/loader.h"

namespace amtdiag::parsers::cert {

namespace {

// Certificate files are small; a file this large is something else and would only be
// held in memory for nothing.
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

class CertReader final : public Reader {
  public:
    explicit CertReader(const ReaderOptions& options) {
        load_options_.password = options.pfx_password;
        hash_ = options.sha256;
    }

    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& /*sink*/) override {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) out.push_back(read_file(input));
        return out;
    }

    void finish(Sink& sink) override {
        pool_.emit([&](const model::Evidence& e) { sink.evidence(e); });
    }

  private:
    model::Artifact read_file(const Input& input) {
        model::Artifact a;
        a.path = input.path.string();
        a.kind = kArtifactKind;
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
                a.error = "larger than 16 MiB: not a certificate file";
                return a;
            }
        }
        a.size = bytes.size();
        if (hash_) a.sha256 = sha256_hex(bytes);
        const LoadedFile loaded = loader_.load(bytes, load_options_);
        if (!loaded.error.empty()) {
            a.status = model::ReadStatus::error;
            a.error = loaded.error;
            return a;
        }
        a.detail = loaded.format + ", " + std::to_string(loaded.certificates.size()) +
                   (loaded.certificates.size() == 1 ? " certificate" : " certificates");
        if (loaded.private_keys > 0) {
            a.detail += ", " + std::to_string(loaded.private_keys) + " private key" +
                        (loaded.private_keys == 1 ? "" : "s");
            if (loaded.unmatched_private_keys > 0)
                a.detail += " (" + std::to_string(loaded.unmatched_private_keys) +
                            " matching no certificate)";
        }
        for (const auto& note : loaded.notes) a.detail += "; " + note;
        for (const Certificate& c : loaded.certificates) {
            model::SourceRef where;
            where.artifact = a.path;
            where.item = c.facts.item;
            where.line = c.facts.line;
            pool_.add(c, where,
                      a.path + (c.facts.item > 1 ? "#" + std::to_string(c.facts.item) : ""));
        }
        return a;
    }

    Loader loader_;
    LoadOptions load_options_;
    bool hash_ = true;
    CertificatePool pool_;  // every file's certificates, in path order
};

}  // namespace

Detection detect(const Probe& probe) {
    Detection d;
    d.confidence = detect_confidence(probe.head, probe.path.filename().string());
    if (d.confidence > 0) d.kind = kArtifactKind;
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<CertReader>(options);
}

}  // namespace amtdiag::parsers::cert
