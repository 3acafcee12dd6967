#include "analyzer/report/packed_text.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>

namespace amtdiag::report {

namespace {

// One z_stream, ended whatever happens.
class ZStream {
  public:
    enum class Mode { deflate, inflate };
    explicit ZStream(Mode mode) : mode_(mode) {
        // 15 + 16: a gzip wrapper (what DecompressionStream("gzip") reads); 15 + 32 when
        // inflating: gzip or zlib, detected.
        const int ok = mode == Mode::deflate
                           ? deflateInit2(&z_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
                           : inflateInit2(&z_, 15 + 32);
        if (ok != Z_OK) throw PackError("zlib cannot start");
    }
    ~ZStream() { mode_ == Mode::deflate ? deflateEnd(&z_) : inflateEnd(&z_); }
    ZStream(const ZStream&) = delete;
    ZStream& operator=(const ZStream&) = delete;
    z_stream* get() { return &z_; }

  private:
    Mode mode_;
    z_stream z_{};
};

std::string run(ZStream::Mode mode, std::string_view in) {
    ZStream stream(mode);
    z_stream* z = stream.get();
    std::string out;
    char buf[1 << 16];
    size_t offset = 0;
    int rc = Z_OK;
    do {
        // zlib counts in uInt: feed at most 1 GiB at a time.
        if (z->avail_in == 0 && offset < in.size()) {
            const size_t n = std::min<size_t>(in.size() - offset, size_t{1} << 30);
            z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + offset));
            z->avail_in = static_cast<uInt>(n);
            offset += n;
        }
        z->next_out = reinterpret_cast<Bytef*>(buf);
        z->avail_out = sizeof buf;
        rc = mode == ZStream::Mode::deflate
                 ? deflate(z, offset == in.size() ? Z_FINISH : Z_NO_FLUSH)
                 : inflate(z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            throw PackError(mode == ZStream::Mode::deflate ? "gzip failed"
                                                           : "the packed data is not gzip");
        out.append(buf, sizeof buf - z->avail_out);
        if (rc == Z_BUF_ERROR && z->avail_in == 0 && offset == in.size() &&
            mode == ZStream::Mode::inflate)
            throw PackError("the packed data ends early");
    } while (rc != Z_STREAM_END);
    return out;
}

}  // namespace

std::string pack_text(std::string_view text) {
    const std::string gz = run(ZStream::Mode::deflate, text);
    std::string out(4 * ((gz.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(gz.data()),
                                  static_cast<int>(gz.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string unpack_text(std::string_view packed) {
    std::string clean;
    clean.reserve(packed.size());
    for (char c : packed)
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') clean.push_back(c);
    if (clean.empty() || clean.size() % 4 != 0) throw PackError("the packed data is not base64");
    std::string gz(clean.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(gz.data()),
                                  reinterpret_cast<const unsigned char*>(clean.data()),
                                  static_cast<int>(clean.size()));
    if (n < 0) throw PackError("the packed data is not base64");
    // EVP_DecodeBlock counts the padding as zero bytes.
    size_t size = static_cast<size_t>(n);
    for (size_t i = clean.size(); i > 0 && clean[i - 1] == '='; --i) --size;
    gz.resize(size);
    return run(ZStream::Mode::inflate, gz);
}

}  // namespace amtdiag::report
