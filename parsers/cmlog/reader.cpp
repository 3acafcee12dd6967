#include "parsers/cmlog/reader.h"

#include <cerrno>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "parsers/cmlog/byte_source.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/log_stream.h"

namespace amtdiag::parsers::cmlog {

std::string_view to_string(LogFormat format) {
    switch (format) {
        case LogFormat::ccm:
            return "ccm";
        case LogFormat::sms_trace:
            return "sms-trace";
        case LogFormat::viewer_copy:
            return "viewer-copy";
        case LogFormat::bare:
            return "bare";
    }
    return "bare";
}

std::string_view to_string(Encoding encoding) {
    switch (encoding) {
        case Encoding::utf8:
            return "utf-8";
        case Encoding::utf8_bom:
            return "utf-8 (BOM)";
        case Encoding::utf16le:
            return "utf-16le";
        case Encoding::utf16le_bom:
            return "utf-16le (BOM)";
        case Encoding::windows1252:
            return "windows-1252";
    }
    return "utf-8";
}

namespace {

using detail::LogStream;

FileInfo failed(std::string name, std::string error) {
    FileInfo info;
    info.path = std::move(name);
    info.ok = false;
    info.error = std::move(error);
    return info;
}

// Opens `path` for one part of a stream; an open error is reported in `info`.
struct OpenedPart {
    detail::FileHandle file;
    int open_errno = 0;
    explicit OpenedPart(const std::string& path) : file(path.c_str()) {
        if (!file.ok()) open_errno = errno;
    }
};

FileInfo read_file_part(LogStream& stream, std::size_t index, const std::string& path,
                        bool more_follow, int& open_errno) {
    OpenedPart part(path);
    open_errno = part.open_errno;
    if (!part.file.ok()) {
        stream.part_missing();
        return failed(path, "cannot open: " + detail::errno_text(open_errno));
    }
    detail::FdSource source(part.file.fd());
    return stream.read_part(index, source, more_follow);
}

}  // namespace

FileInfo read_log(const std::filesystem::path& path, const RecordSink& sink,
                  const ReadOptions& options) {
    // Bad input is reported through FileInfo; only allocation failure could get here.
    try {
        LogStream stream(sink, {path.string()}, options);
        int open_errno = 0;
        FileInfo info = read_file_part(stream, 0, path.string(), false, open_errno);
        stream.finish({&info});
        return info;
    } catch (const std::bad_alloc&) {
        return failed(path.string(), "out of memory");
    }
}

std::vector<FileInfo> read_log_with_rollover(const std::filesystem::path& lo_path,
                                             const std::filesystem::path& log_path,
                                             const RecordSink& sink, const ReadOptions& options) {
    try {
        LogStream stream(sink, {lo_path.string(), log_path.string()}, options);
        int open_errno = 0;
        FileInfo old_part = read_file_part(stream, 0, lo_path.string(), true, open_errno);
        const bool old_absent = !old_part.ok && open_errno == ENOENT;
        FileInfo current = read_file_part(stream, 1, log_path.string(), false, open_errno);
        stream.finish({old_absent ? nullptr : &old_part, &current});
        std::vector<FileInfo> infos;
        if (!old_absent) infos.push_back(std::move(old_part));
        infos.push_back(std::move(current));
        return infos;
    } catch (const std::bad_alloc&) {
        return {failed(log_path.string(), "out of memory")};
    }
}

FileInfo read_log_bytes(std::string_view bytes, std::string_view display_name,
                        const RecordSink& sink, const ReadOptions& options) {
    try {
        LogStream stream(sink, {std::string(display_name)}, options);
        FileInfo info = stream.read_part_bytes(0, bytes, false);
        stream.finish({&info});
        return info;
    } catch (const std::bad_alloc&) {
        return failed(std::string(display_name), "out of memory");
    }
}

std::vector<FileInfo> read_log_bytes_with_rollover(
    std::string_view lo_bytes, std::string_view lo_name, std::string_view log_bytes,
    std::string_view log_name, const RecordSink& sink, const ReadOptions& options) {
    try {
        LogStream stream(sink, {std::string(lo_name), std::string(log_name)}, options);
        std::vector<FileInfo> infos(2);
        infos[0] = stream.read_part_bytes(0, lo_bytes, true);
        infos[1] = stream.read_part_bytes(1, log_bytes, false);
        stream.finish({&infos[0], &infos[1]});
        return infos;
    } catch (const std::bad_alloc&) {
        return {failed(std::string(log_name), "out of memory")};
    }
}

// --- LogInput -------------------------------------------------------------------------------

class LogInput::Source {
  public:
    Source(std::unique_ptr<detail::ByteSource> source, std::string name)
        : source_(std::move(source)), name_(std::move(name)) {}

    const std::string& name() const { return name_; }
    std::string_view head() {
        if (!head_read_) {
            head_read_ = true;
            head_.resize(kSniffBytes);
            const std::ptrdiff_t got = source_->read(head_.data(), head_.size());
            if (got < 0) {
                head_error_ = source_->error();
                head_.clear();
            } else {
                head_.resize(static_cast<std::size_t>(got));
            }
        }
        return head_;
    }
    int head_error() const { return head_error_; }
    FileInfo read(const RecordSink& sink, const ReadOptions& options) {
        if (used_) return failed(name_, "already read");
        used_ = true;
        (void)head();
        if (head_error_ != 0)
            return failed(name_, "cannot read: " + detail::errno_text(head_error_));
        try {
            detail::PrefixedSource source(head_, *source_);
            LogStream stream(sink, {name_}, options);
            FileInfo info = stream.read_part(0, source, false);
            stream.finish({&info});
            return info;
        } catch (const std::bad_alloc&) {
            return failed(name_, "out of memory");
        }
    }

  private:
    std::unique_ptr<detail::ByteSource> source_;
    std::string name_;
    std::string head_;
    bool head_read_ = false;
    int head_error_ = 0;
    bool used_ = false;
};

LogInput::LogInput(std::unique_ptr<Source> source) : source_(std::move(source)) {}
LogInput::LogInput(LogInput&&) noexcept = default;
LogInput& LogInput::operator=(LogInput&&) noexcept = default;
LogInput::~LogInput() = default;

LogInput LogInput::from_fd(int fd, std::string display_name) {
    return LogInput(
        std::make_unique<Source>(std::make_unique<detail::FdSource>(fd), std::move(display_name)));
}

LogInput LogInput::from_stream(std::istream& in, std::string display_name) {
    return LogInput(std::make_unique<Source>(std::make_unique<detail::IstreamSource>(in),
                                             std::move(display_name)));
}

const std::string& LogInput::name() const {
    return source_->name();
}
std::string_view LogInput::head() {
    return source_->head();
}
Sniff LogInput::sniff() {
    const std::string_view head = source_->head();
    if (source_->head_error() != 0) {
        Sniff sniff;
        sniff.reason = "cannot read: " + detail::errno_text(source_->head_error());
        return sniff;
    }
    return sniff_bytes(head);
}
FileInfo LogInput::read(const RecordSink& sink, const ReadOptions& options) {
    return source_->read(sink, options);
}

}  // namespace amtdiag::parsers::cmlog
