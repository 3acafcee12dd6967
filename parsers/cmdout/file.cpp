#include "parsers/cmdout/file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <openssl/evp.h>

#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::cmdout {

FileBytes read_whole(const std::filesystem::path& path, uint64_t max_bytes, std::string_view what) {
    FileBytes f;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        f.error = "cannot open: " + std::string(std::strerror(errno));
        return f;
    }
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        f.bytes.append(buffer, static_cast<size_t>(in.gcount()));
        if (f.bytes.size() > max_bytes) {
            f.error =
                "larger than " + thousands(max_bytes >> 20) + " MiB: not " + std::string(what);
            f.bytes.clear();
            return f;
        }
    }
    if (in.bad()) f.error = "read error: " + std::string(std::strerror(errno));
    return f;
}

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

bool looks_binary(std::string_view utf8_text) {
    size_t control = 0;
    for (unsigned char c : utf8_text.substr(0, 4096))
        control += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1B;
    return control > 8;
}

std::optional<Decoded> text_head(std::string_view head) {
    if (head.empty()) return std::nullopt;
    Decoded text = decode(head);
    if (looks_binary(text.text)) return std::nullopt;
    return text;
}

OpenedText open_text(const std::filesystem::path& path, const std::string& kind, uint64_t max_bytes,
                     std::string_view what, bool hash) {
    OpenedText out;
    model::Artifact& a = out.artifact;
    a.path = path.string();
    a.kind = kind;
    FileBytes f = read_whole(path, max_bytes, what);
    if (!f.error.empty()) {
        a.status = model::ReadStatus::error;
        a.error = std::move(f.error);
        return out;
    }
    a.size = f.bytes.size();
    if (hash) a.sha256 = sha256_hex(f.bytes);
    out.text = decode(f.bytes);
    a.notes = out.text.notes;
    out.ok = true;
    return out;
}

}  // namespace amtdiag::parsers::cmdout
