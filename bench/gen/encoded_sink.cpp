#include "encoded_sink.hpp"

#include <cstring>
#include <stdexcept>

namespace amtdiag::bench {

std::optional<Encoding> ParseEncoding(std::string_view name) {
    if (name == "utf8") return Encoding::kUtf8;
    if (name == "utf8-bom") return Encoding::kUtf8Bom;
    if (name == "utf16le") return Encoding::kUtf16Le;
    if (name == "utf16le-nobom") return Encoding::kUtf16LeNoBom;
    return std::nullopt;
}

EncodedSink::EncodedSink(const std::string& path, Encoding encoding)
    : encoding_(encoding), buffer_(std::make_unique<char[]>(kBufferSize)) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
        throw std::runtime_error("cannot open output file " + path + ": " + std::strerror(errno));
    }
    std::setvbuf(file_, nullptr, _IONBF, 0);  // we buffer ourselves
    if (encoding_ == Encoding::kUtf8Bom) Append("\xEF\xBB\xBF", 3);
    if (encoding_ == Encoding::kUtf16Le) Append("\xFF\xFE", 2);
}

EncodedSink::~EncodedSink() {
    if (file_ != nullptr) {
        try {
            Close();
        } catch (...) {  // destructor must not throw; Close() reports errors when called explicitly
        }
    }
}

void EncodedSink::Write(std::string_view utf8) {
    if (encoding_ == Encoding::kUtf16Le || encoding_ == Encoding::kUtf16LeNoBom) {
        AppendUtf16(utf8);
    } else {
        Append(utf8.data(), utf8.size());
    }
}

void EncodedSink::Append(const char* data, std::size_t size) {
    while (size > 0) {
        if (used_ == kBufferSize) Flush();
        const std::size_t n = std::min(size, kBufferSize - used_);
        std::memcpy(buffer_.get() + used_, data, n);
        used_ += n;
        total_ += n;
        data += n;
        size -= n;
    }
}

void EncodedSink::AppendUtf16(std::string_view utf8) {
    // Worst case 4 output bytes per input byte; flush first so the line fits.
    const std::size_t worst = utf8.size() * 4;
    if (worst > kBufferSize) throw std::runtime_error("line too long for the output buffer");
    if (kBufferSize - used_ < worst) Flush();
    char* out = buffer_.get() + used_;
    const auto put = [&out](std::uint32_t unit) {
        *out++ = static_cast<char>(unit & 0xFF);
        *out++ = static_cast<char>(unit >> 8);
    };
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const auto* end = p + utf8.size();
    while (p < end) {
        std::uint32_t c = *p++;
        if (c >= 0x80) {
            int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            c &= extra == 3 ? 0x07u : extra == 2 ? 0x0Fu : 0x1Fu;
            for (; extra > 0 && p < end; --extra) c = (c << 6) | (*p++ & 0x3Fu);
            if (c >= 0x10000) {
                c -= 0x10000;
                put(0xD800 + (c >> 10));
                c = 0xDC00 + (c & 0x3FF);
            }
        }
        put(c);
    }
    const auto n = static_cast<std::size_t>(out - (buffer_.get() + used_));
    used_ += n;
    total_ += n;
}

void EncodedSink::Flush() {
    if (used_ == 0) return;
    if (std::fwrite(buffer_.get(), 1, used_, file_) != used_) {
        throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    }
    used_ = 0;
}

void EncodedSink::Close() {
    if (file_ == nullptr) return;
    Flush();
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) {
        throw std::runtime_error(std::string("close failed: ") + std::strerror(errno));
    }
}

}  // namespace amtdiag::bench
