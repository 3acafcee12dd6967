#include "parsers/probe/probe_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <openssl/evp.h>

#include "parsers/probe/probe_record.h"

namespace amtdiag::parsers::probe {

namespace {

// A record of a long listen holds a few thousand hellos; past this it is not ours.
constexpr uint64_t kMaxFileBytes = 64 << 20;

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

class ProbeReader final : public Reader {
  public:
    explicit ProbeReader(const ReaderOptions& options) : hash_(options.sha256) {}

    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) override {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) out.push_back(read_file(input, sink));
        return out;
    }

    // Hello series need every record of the run: a device's hellos may span several listens.
    void finish(Sink& sink) override {
        for (const auto& e : hello_series(std::move(sightings_))) sink.evidence(e);
        sightings_.clear();
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
                a.error = "larger than 64 MiB: not a probe record";
                return a;
            }
        }
        a.size = bytes.size();
        if (hash_) a.sha256 = sha256_hex(bytes);
        const RecordSummary s = read_record(
            bytes, a.path, [&](const model::Evidence& e) { sink.evidence(e); }, &sightings_);
        if (!s.error.empty()) {
            a.status = model::ReadStatus::error;
            a.error = s.error;
            return a;
        }
        a.kind = s.kind;
        a.detail = s.detail;
        return a;
    }

    bool hash_ = true;
    std::vector<HelloSighting> sightings_;
};

}  // namespace

Detection detect(const Probe& probe) {
    Detection d;
    d.confidence = record_confidence(probe.head, d.kind);
    return d;
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<ProbeReader>(options);
}

}  // namespace amtdiag::parsers::probe
