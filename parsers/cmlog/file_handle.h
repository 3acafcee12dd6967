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
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::read(fd_, data + done, size - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                return -1;
            }
            if (n == 0) break;
            done += static_cast<std::size_t>(n);
        }
        return static_cast<ssize_t>(done);
    }

  private:
    int fd_;
};

inline std::string errno_text(int error) {
    return std::strerror(error);
}

}  // namespace amtdiag::parsers::cmlog::detail
