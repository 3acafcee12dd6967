// Fixed-capacity text buffer for building one log record without allocating.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace amtdiag::bench {

class LineBuffer {
  public:
    static constexpr std::size_t kCapacity = 4096;

    void Clear() noexcept { size_ = 0; }
    [[nodiscard]] std::string_view View() const noexcept { return {data_.data(), size_}; }
    [[nodiscard]] std::size_t Size() const noexcept { return size_; }
    // Bytes written since `mark` (a previous Size()).
    [[nodiscard]] std::string_view Since(std::size_t mark) const noexcept {
        return {data_.data() + mark, size_ - mark};
    }

    // Text beyond the capacity is dropped (messages are far shorter in practice).
    void Append(std::string_view text) noexcept {
        const std::size_t n = text.size() < kCapacity - size_ ? text.size() : kCapacity - size_;
        std::memcpy(data_.data() + size_, text.data(), n);
        size_ += n;
    }
    void Append(char c) noexcept {
        if (size_ < kCapacity) data_[size_++] = c;
    }
    void AppendDecimal(std::uint64_t value) noexcept {
        char tmp[20];
        std::size_t n = 0;
        do {
            tmp[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value != 0);
        while (n > 0) Append(tmp[--n]);
    }
    // Zero-padded to `width` digits.
    void AppendPadded(std::uint64_t value, unsigned width) noexcept {
        char tmp[20];
        unsigned n = 0;
        do {
            tmp[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value != 0 && n < 20);
        while (n < width && n < 20) tmp[n++] = '0';
        while (n > 0) Append(tmp[--n]);
    }
    // Upper-case hex without padding (as the thread column shows: 0x984).
    void AppendHex(std::uint64_t value) noexcept {
        char tmp[16];
        std::size_t n = 0;
        do {
            tmp[n++] = "0123456789ABCDEF"[value & 0xF];
            value >>= 4;
        } while (value != 0);
        while (n > 0) Append(tmp[--n]);
    }

  private:
    std::array<char, kCapacity> data_{};
    std::size_t size_ = 0;
};

}  // namespace amtdiag::bench
