#include "parsers/pcap/pcap_reader.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "parsers/pcap/packet_decode.h"

namespace amtdiag::parsers::pcap {

namespace {

struct MdFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// "1,234": the packet numbers people compare with Wireshark's.
std::string grouped(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string span_text(int64_t ns) {
    const int64_t s = ns / 1'000'000'000;
    if (s < 120) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.3f s", static_cast<double>(ns) / 1e9);
        return buffer;
    }
    if (s < 7200) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

// Reads every packet of `source`; fills the artifact's detail, notes and damage.
void read_packets(CaptureSource& source, model::Artifact& a, CaptureAnalyzer& analyzer,
                  uint64_t file_size) {
    uint64_t packets = 0;
    int64_t first = 0, last = 0;
    RawPacket raw;
    ReadResult r;
    while ((r = source.next(raw)) == ReadResult::packet) {
        ++packets;
        if (raw.problem.empty()) {
            if (packets == 1 || raw.time_ns < first) first = raw.time_ns;
            if (packets == 1 || raw.time_ns > last) last = raw.time_ns;
        }
        analyzer.packet(packets, raw);
    }
    analyzer.finish();
    std::set<std::string> seen;
    std::string links;
    for (uint32_t t : source.link_types())
        if (seen.insert(link_type_name(t)).second)
            links += (links.empty() ? "" : ", ") + link_type_name(t);
    const size_t interfaces = source.link_types().size();
    a.detail = source.format() + ", " + std::to_string(interfaces) + " interface" +
               (interfaces == 1 ? "" : "s") + " (" + (links.empty() ? "none" : links) + "), " +
               grouped(packets) + " packet" + (packets == 1 ? "" : "s");
    if (packets > 0)
        a.detail += ", " + model::format_epoch_ms(utc_time(first).utc_ms()) + "Z to " +
                    model::format_epoch_ms(utc_time(last).utc_ms()) + "Z (" +
                    span_text(last - first) + ")";
    for (uint32_t t : source.link_types())
        if (!link_type_supported(t))
            a.notes.push_back("packets of " + link_type_name(t) + " interfaces are not decoded");
    if (r == ReadResult::damaged) {
        a.damaged_records = 1;
        if (file_size > source.good_offset()) a.skipped_bytes = file_size - source.good_offset();
        a.notes.push_back("capture cut after packet " + grouped(packets) + " (" +
                          (source.truncated() ? "truncated record" : source.damage()) +
                          "); the rest is not read");
    }
    for (auto& n : analyzer.notes()) a.notes.push_back(std::move(n));
    a.provides = analyzer.provides();
}

model::Artifact read_file(FilePtr file, const std::string& name, const EvidenceOut& out,
                          cert::CertificatePool* pool, const CaptureLimits& limits, uint64_t size) {
    model::Artifact a;
    a.path = name;
    a.kind = kArtifactKind;
    a.size = size;
    std::string error;
    auto source = open_capture(std::move(file), error);
    if (!source) {
        a.status = model::ReadStatus::error;
        a.error = error;
        return a;
    }
    CaptureAnalyzer analyzer(name, out, pool, limits);
    read_packets(*source, a, analyzer, size);
    return a;
}

std::string sha256_of(const std::string& path) {
    FilePtr f(std::fopen(path.c_str(), "rb"));
    std::unique_ptr<EVP_MD_CTX, MdFree> ctx(EVP_MD_CTX_new());
    if (!f || !ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
    std::string buffer(1 << 16, '\0');
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0)
        EVP_DigestUpdate(ctx.get(), buffer.data(), n);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 15]);
    }
    return hex;
}

class PcapReader final : public Reader {
  public:
    explicit PcapReader(const ReaderOptions& options) : hash_(options.sha256) {}

    std::vector<model::Artifact> read(std::span<const Input> unit, Sink& sink) override {
        std::vector<model::Artifact> out;
        for (const Input& input : unit) {
            const std::string path = input.path.string();
            out.push_back(read_capture(
                path, [&](const model::Evidence& e) { sink.evidence(e); }, &pool_, {}, hash_));
        }
        return out;
    }

    void finish(Sink& sink) override {
        pool_.emit([&](const model::Evidence& e) { sink.evidence(e); });
    }

  private:
    bool hash_ = true;
    cert::CertificatePool pool_;  // every capture's TLS certificates, in path order
};

}  // namespace

Detection detect(const Probe& probe) {
    const std::string_view magic = capture_magic(probe.head);
    if (magic.empty()) return {};
    return {100, kArtifactKind, std::string(magic) + " packet capture"};
}

std::unique_ptr<Reader> make_reader(const ReaderOptions& options) {
    return std::make_unique<PcapReader>(options);
}

model::Artifact read_capture(const std::string& path, const EvidenceOut& out,
                             cert::CertificatePool* pool, const CaptureLimits& limits,
                             bool sha256) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        model::Artifact a;
        a.path = path;
        a.kind = kArtifactKind;
        a.status = model::ReadStatus::error;
        a.error = "cannot open: " + std::string(std::strerror(errno));
        return a;
    }
    uint64_t size = 0;
    if (std::fseek(file.get(), 0, SEEK_END) == 0) {
        const long end = std::ftell(file.get());
        size = end > 0 ? static_cast<uint64_t>(end) : 0;
        std::rewind(file.get());
    }
    model::Artifact a = read_file(std::move(file), path, out, pool, limits, size);
    if (sha256) a.sha256 = sha256_of(path);
    return a;
}

model::Artifact read_capture_bytes(std::string_view bytes, const std::string& name,
                                   const EvidenceOut& out, cert::CertificatePool* pool,
                                   const CaptureLimits& limits) {
    auto error = [&](const char* why) {
        model::Artifact a;
        a.path = name;
        a.kind = kArtifactKind;
        a.status = model::ReadStatus::error;
        a.error = why;
        return a;
    };
    // fmemopen refuses an empty buffer; an empty capture is simply not one.
    if (bytes.empty()) return error("empty: not a pcap or pcapng capture");
    // Read-only mode: the buffer is never written through the cast.
    FilePtr file(fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb"));
    if (!file) return error("cannot read from memory");
    return read_file(std::move(file), name, out, pool, limits, bytes.size());
}

}  // namespace amtdiag::parsers::pcap
