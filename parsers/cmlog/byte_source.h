#pragma once
// Where the reader's bytes come from: a file descriptor, memory, a std::istream, or a head
// that was already read for sniffing followed by the rest of its stream. One virtual call per
// buffer, never per line.
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <istream>
#include <string_view>

#include <unistd.h>

#include "parsers/cmlog/file_handle.h"

namespace amtdiag::parsers::cmlog::detail {

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Fills `data` with up to `size` bytes, fewer only at the end of the stream. Returns the
    // count (0 at the end), or -1 with error() set to an errno value.
    virtual std::ptrdiff_t read(char* data, std::size_t size) = 0;
    int error() const { return error_; }

  protected:
    int error_ = 0;
};

class FdSource final : public ByteSource {
  public:
    explicit FdSource(int fd) : fd_(fd) {}
    std::ptrdiff_t read(char* data, std::size_t size) override {
        const std::ptrdiff_t got =
            read_fully(data, size,
                       [this](char* at, std::size_t n, std::size_t) { return ::read(fd_, at, n); });
        if (got < 0) error_ = errno;
        return got;
    }

  private:
    int fd_;
};

class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    std::ptrdiff_t read(char* data, std::size_t size) override {
        const std::size_t n = std::min(size, bytes_.size() - pos_);
        if (n > 0) std::memcpy(data, bytes_.data() + pos_, n);
        pos_ += n;
        return static_cast<std::ptrdiff_t>(n);
    }

  private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

class IstreamSource final : public ByteSource {
  public:
    explicit IstreamSource(std::istream& in) : in_(in) {}
    std::ptrdiff_t read(char* data, std::size_t size) override {
        if (!in_.good()) return in_.bad() ? fail() : 0;
        in_.read(data, static_cast<std::streamsize>(size));
        if (in_.bad()) return fail();
        return static_cast<std::ptrdiff_t>(in_.gcount());
    }

  private:
    std::ptrdiff_t fail() {
        error_ = EIO;
        return -1;
    }
    std::istream& in_;
};

// `head` (bytes already taken from `rest` to sniff it) then the rest of the stream.
class PrefixedSource final : public ByteSource {
  public:
    PrefixedSource(std::string_view head, ByteSource& rest) : head_(head), rest_(rest) {}
    std::ptrdiff_t read(char* data, std::size_t size) override {
        const std::size_t n = std::min(size, head_.size());
        std::memcpy(data, head_.data(), n);
        head_.remove_prefix(n);
        if (n == size) return static_cast<std::ptrdiff_t>(n);
        const std::ptrdiff_t more = rest_.read(data + n, size - n);
        if (more < 0) {
            error_ = rest_.error();
            return -1;
        }
        return static_cast<std::ptrdiff_t>(n) + more;
    }

  private:
    std::string_view head_;
    ByteSource& rest_;
};

}  // namespace amtdiag::parsers::cmlog::detail
