// Buffered file output that re-encodes UTF-8 text on the fly (UTF-8, UTF-8 with
// BOM, UTF-16LE with or without BOM). One fixed buffer, no per-line allocation.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace amtdiag::bench {

enum class Encoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16LeNoBom };

[[nodiscard]] std::optional<Encoding> ParseEncoding(std::string_view name);

class EncodedSink {
  public:
    // Throws std::runtime_error if the file cannot be opened.
    EncodedSink(const std::string& path, Encoding encoding);
    ~EncodedSink();
    EncodedSink(const EncodedSink&) = delete;
    EncodedSink& operator=(const EncodedSink&) = delete;

    // Appends UTF-8 text, converted to the target encoding.
    void Write(std::string_view utf8);
    // Flushes and closes; throws std::runtime_error on a write error.
    void Close();

    // Bytes written to the file so far (including the BOM and buffered bytes).
    [[nodiscard]] std::uint64_t BytesWritten() const noexcept { return total_; }

  private:
    void Append(const char* data, std::size_t size);
    void AppendUtf16(std::string_view utf8);
    void Flush();

    static constexpr std::size_t kBufferSize = std::size_t{1} << 20;
    std::FILE* file_ = nullptr;
    Encoding encoding_;
    std::unique_ptr<char[]> buffer_;
    std::size_t used_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace amtdiag::bench
