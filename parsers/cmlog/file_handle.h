#pragma once
// POSIX file access for the readers: an owning descriptor and a read that fills the buffer.
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

namespace amtdiag::parsers::cmlog::detail {

// Calls `read_some(data, size, done)` (read(2) or pread(2) of `size` bytes into `data` with
// `done` bytes already read) until `size` bytes or the end (0): read() may return less, pipes
// often do. Retries EINTR. Returns the count, or -1 with errno set.
template <class ReadSome>
std::ptrdiff_t read_fully(char* data, std::size_t size, ReadSome&& read_some) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = read_some(data + done, size - done, done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return static_cast<std::ptrdiff_t>(done);
}

class FileHandle {
  public:
    explicit FileHandle(const char* path) : fd_(::open(path, O_RDONLY | O_CLOEXEC)) {
        // Logs are read front to back once: ask for aggressive read-ahead on cold files.
        if (fd_ >= 0) (void)::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    ~FileHandle() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    int fd() const { return fd_; }

    // Reads until `size` bytes or EOF (read() may return less); -1 with errno on error.
    ssize_t read_full(char* data, std::size_t size) const {
        return read_fully(data, size, [this](char* at, std::size_t n, std::size_t) {
            return ::read(fd_, at, n);
        });
    }

  private:
    int fd_;
};

inline std::string errno_text(int error) {
    return std::strerror(error);
}

}  // namespace amtdiag::parsers::cmlog::detail
