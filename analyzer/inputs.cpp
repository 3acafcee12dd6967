#include "analyzer/inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "parsers/cmlog/sha256.h"

namespace amtdiag::inputs {

namespace fs = std::filesystem;

class SpoolFile {
  public:
    explicit SpoolFile(std::string path) : path_(std::move(path)) {}
    ~SpoolFile() { ::unlink(path_.c_str()); }
    SpoolFile(const SpoolFile&) = delete;
    SpoolFile& operator=(const SpoolFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

CollectedInputs::CollectedInputs() = default;
CollectedInputs::~CollectedInputs() = default;
CollectedInputs::CollectedInputs(CollectedInputs&&) noexcept = default;
CollectedInputs& CollectedInputs::operator=(CollectedInputs&&) noexcept = default;

namespace {

std::string normal(const fs::path& p) {
    std::string s = p.lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s.empty() ? "." : s;
}

model::Artifact error_artifact(std::string path, std::string error) {
    model::Artifact a;
    a.path = std::move(path);
    a.status = model::ReadStatus::error;
    a.error = std::move(error);
    return a;
}

// What a file that is not a regular file is, in words.
std::string type_of(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string not_regular(mode_t mode) {
    return type_of(mode) +
           ", not a regular file: amtdiag reads files and folders (give '-' to read standard "
           "input)";
}

struct Found {
    std::string path;
    dev_t dev = 0;
    ino_t ino = 0;
    uint64_t size = 0;
};

class Collector {
  public:
    explicit Collector(CollectedInputs& out) : out_(out) {}

    void name(const std::string& given) {
        if (given == "-") {
            spool_stdin();
            return;
        }
        struct stat st {};
        if (::stat(given.c_str(), &st) != 0) {
            struct stat link {};
            const bool dangling = ::lstat(given.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
            out_.errors.push_back(error_artifact(
                given, dangling ? "cannot read: broken symbolic link"
                                : "cannot read: " + std::string(std::strerror(errno))));
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            walk(given);
            return;
        }
        take(normal(given), st);
    }

    void finish() {
        // Sorted by path, so the first spelling of a file is the one kept, whatever the order
        // the names were given in.
        std::sort(found_.begin(), found_.end(),
                  [](const Found& a, const Found& b) { return a.path < b.path; });
        found_.erase(std::unique(found_.begin(), found_.end(),
                                 [](const Found& a, const Found& b) { return a.path == b.path; }),
                     found_.end());
        std::map<std::pair<dev_t, ino_t>, size_t> by_inode;
        for (const Found& f : found_) {
            auto [it, added] = by_inode.try_emplace({f.dev, f.ino}, out_.files.size());
            if (!added) {
                out_.files[it->second].aliases.push_back(f.path);
                continue;
            }
            InputFile file;
            file.path = f.path;
            file.read_path = f.path == "-" && out_.spool ? out_.spool->path() : f.path;
            file.size = f.size;
            out_.files.push_back(std::move(file));
        }
        mark_copies();
        // A FIFO named directly and met again in its folder is one problem.
        std::sort(out_.errors.begin(), out_.errors.end(),
                  [](const model::Artifact& a, const model::Artifact& b) {
                      return std::tie(a.path, a.error) < std::tie(b.path, b.error);
                  });
        out_.errors.erase(std::unique(out_.errors.begin(), out_.errors.end(),
                                      [](const model::Artifact& a, const model::Artifact& b) {
                                          return a.path == b.path && a.error == b.error;
                                      }),
                          out_.errors.end());
    }

  private:
    void take(const std::string& path, const struct stat& st) {
        if (!S_ISREG(st.st_mode)) {
            out_.errors.push_back(error_artifact(path, not_regular(st.st_mode)));
            return;
        }
        // Open to learn readability now: regular files never block on open.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            out_.errors.push_back(
                error_artifact(path, "cannot read: " + std::string(std::strerror(errno))));
            return;
        }
        ::close(fd);
        found_.push_back({path, st.st_dev, st.st_ino, static_cast<uint64_t>(st.st_size)});
    }

    // Depth first with an explicit stack of folders still to list: memory follows the number
    // of folders waiting, never the depth of the recursion.
    void walk(const std::string& root) {
        std::vector<std::string> pending = {normal(root)};
        std::set<std::pair<dev_t, ino_t>> visited;
        while (!pending.empty()) {
            const std::string dir = std::move(pending.back());
            pending.pop_back();
            struct stat dst {};
            if (::stat(dir.c_str(), &dst) == 0 && !visited.insert({dst.st_dev, dst.st_ino}).second)
                continue;
            std::error_code ec;
            fs::directory_iterator it(dir, ec);
            if (ec) {
                out_.errors.push_back(error_artifact(dir, "cannot list folder: " + ec.message()));
                continue;
            }
            std::vector<std::string> subdirs;
            for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
                const std::string path = normal(it->path());
                struct stat link {};
                if (::lstat(path.c_str(), &link) != 0) {
                    out_.errors.push_back(
                        error_artifact(path, "cannot read: " + std::string(std::strerror(errno))));
                    continue;
                }
                if (S_ISDIR(link.st_mode)) {
                    subdirs.push_back(path);
                    continue;
                }
                struct stat st {};
                if (S_ISLNK(link.st_mode)) {
                    if (::stat(path.c_str(), &st) != 0) {
                        out_.errors.push_back(
                            error_artifact(path, "cannot read: broken symbolic link"));
                        continue;
                    }
                    if (S_ISDIR(st.st_mode)) {
                        out_.errors.push_back(error_artifact(
                            path,
                            "symbolic link to a folder: not followed inside a folder (name "
                            "the folder itself to read it)"));
                        continue;
                    }
                } else {
                    st = link;
                }
                take(path, st);
            }
            if (ec)
                out_.errors.push_back(error_artifact(dir, "cannot list folder: " + ec.message()));
            // Reverse order on the stack so folders are listed in name order.
            std::sort(subdirs.rbegin(), subdirs.rend());
            for (auto& s : subdirs) pending.push_back(std::move(s));
        }
    }

    void spool_stdin() {
        if (out_.spool) return;  // "-" twice is one stream
        std::string tmpl = (fs::temp_directory_path() / "amtdiag-stdin-XXXXXX").string();
        const int fd = ::mkstemp(tmpl.data());
        if (fd < 0) {
            out_.errors.push_back(error_artifact(
                "-", "cannot keep standard input: " + std::string(std::strerror(errno))));
            return;
        }
        out_.spool = std::make_shared<SpoolFile>(tmpl);
        char buffer[1 << 16];
        uint64_t total = 0;
        for (;;) {
            const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
            if (n == 0) break;
            if (n < 0) {
                if (errno == EINTR) continue;
                out_.errors.push_back(error_artifact(
                    "-", "cannot read standard input: " + std::string(std::strerror(errno))));
                ::close(fd);
                return;
            }
            for (ssize_t done = 0; done < n;) {
                const ssize_t w = ::write(fd, buffer + done, static_cast<size_t>(n - done));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) {
                    out_.errors.push_back(error_artifact(
                        "-", "cannot keep standard input: " + std::string(std::strerror(errno))));
                    ::close(fd);
                    return;
                }
                done += w;
            }
            total += static_cast<uint64_t>(n);
        }
        ::close(fd);
        struct stat st {};
        ::stat(tmpl.c_str(), &st);
        found_.push_back({"-", st.st_dev, st.st_ino, total});
    }

    // Files of equal size are compared by content; a file equal to an earlier one is a copy.
    void mark_copies() {
        std::map<uint64_t, std::vector<size_t>> by_size;
        for (size_t i = 0; i < out_.files.size(); ++i)
            if (out_.files[i].size > 0) by_size[out_.files[i].size].push_back(i);
        for (const auto& [size, group] : by_size) {
            if (group.size() < 2) continue;
            std::map<std::string, size_t> first_with;
            for (size_t i : group) {
                const std::string digest = sha256_of(out_.files[i].read_path);
                if (digest.empty()) continue;
                auto [it, added] = first_with.try_emplace(digest, i);
                if (!added) out_.files[i].copy_of = out_.files[it->second].path;
            }
        }
    }

    static std::string sha256_of(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return {};
        parsers::cmlog::detail::Sha256 hash;
        char buffer[1 << 16];
        ssize_t n = 0;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
            hash.update(buffer, static_cast<size_t>(n));
        ::close(fd);
        return n < 0 ? std::string() : hash.hex_digest();
    }

    CollectedInputs& out_;
    std::vector<Found> found_;
};

}  // namespace

CollectedInputs collect_inputs(const std::vector<std::string>& names) {
    CollectedInputs out;
    Collector collector(out);
    for (const auto& name : names) collector.name(name);
    collector.finish();
    return out;
}

bool is_input(const std::string& path, const std::vector<std::string>& names) {
    struct stat target {};
    if (::stat(path.c_str(), &target) != 0) return false;  // a new file overwrites nothing
    std::vector<std::string> files_only;
    for (const auto& n : names)
        if (n != "-") files_only.push_back(n);
    const CollectedInputs inputs = collect_inputs(files_only);
    for (const auto& f : inputs.files) {
        struct stat st {};
        if (::stat(f.read_path.c_str(), &st) == 0 && st.st_dev == target.st_dev &&
            st.st_ino == target.st_ino)
            return true;
    }
    return false;
}

}  // namespace amtdiag::inputs
