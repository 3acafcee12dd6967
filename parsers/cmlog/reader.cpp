#include "parsers/cmlog/reader.h"

#include <algorithm>
#include <cerrno>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/line_splitter.h"
#include "parsers/cmlog/record_assembler.h"
#include "parsers/cmlog/sha256.h"

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

using detail::LineLoc;
using detail::LineSource;

constexpr std::size_t kBufferSize = std::size_t{256} << 10;

// State shared by the files of one read (one file, or .lo_ + .log). Everything here is
// allocated once per read and reused for every line.
class LogStream {
  public:
    LogStream(const RecordSink& sink, std::vector<std::string> paths, const ReadOptions& options)
        : paths_(std::move(paths)),
          assembler_(sink, paths_),
          options_(options),
          buffer_(kBufferSize) {}

    // Reads file `index`; `more_follow` keeps a last line without EOL for the next file.
    FileInfo read_file(std::size_t index, bool more_follow, int& open_errno);

    // End of stream; fills the per-file record tallies into `infos` (parallel to paths).
    void finish(std::vector<FileInfo*> infos);

  private:
    std::string_view decode(const detail::RawLine& raw, bool wide, LineSource& source,
                            bool& used_cp1252);
    void flush_stash();

    std::vector<std::string> paths_;
    detail::RecordAssembler assembler_;
    ReadOptions options_;
    std::vector<char> buffer_;
    detail::LineSplitter splitter_;
    std::string scratch_;  // decoded text of the current line when it is not a plain view
    // The last line of a .lo_ that ends without EOL: the .log's first line completes it.
    std::string stash_;
    LineLoc stash_loc_;
    bool has_stash_ = false;
};

std::string_view LogStream::decode(const detail::RawLine& raw, bool wide, LineSource& source,
                                   bool& used_cp1252) {
    if (wide) {
        scratch_.clear();
        detail::append_utf16le_as_utf8(raw.bytes, scratch_);
        source = LineSource::utf16le;
        return scratch_;
    }
    if (raw.ascii || detail::is_ascii(raw.bytes.data(), raw.bytes.size()) ||
        detail::is_valid_utf8(raw.bytes)) {
        source = LineSource::utf8;
        return raw.bytes;
    }
    // §7: not UTF-8, so it is ANSI text from a Western Windows box.
    used_cp1252 = true;
    scratch_.clear();
    detail::append_cp1252_as_utf8(raw.bytes, scratch_);
    source = LineSource::cp1252;
    return scratch_;
}

void LogStream::flush_stash() {
    if (!has_stash_) return;
    has_stash_ = false;
    assembler_.on_line(stash_, stash_loc_);
}

FileInfo LogStream::read_file(std::size_t index, bool more_follow, int& open_errno) {
    FileInfo info;
    info.path = paths_[index];
    open_errno = 0;
    detail::FileHandle file(info.path.c_str());
    if (!file.ok()) {
        open_errno = errno;
        info.ok = false;
        info.error = "cannot open: " + detail::errno_text(errno);
        flush_stash();
        return info;
    }
    std::optional<detail::Sha256> sha;
    if (options_.sha256) sha.emplace();

    char* const buf = buffer_.data();
    ssize_t got = file.read_full(buf, kBufferSize);
    if (got < 0) {
        info.ok = false;
        info.error = "cannot read: " + detail::errno_text(errno);
        flush_stash();
        return info;
    }
    auto n = static_cast<std::size_t>(got);
    info.bytes = n;
    if (sha) sha->update(buf, n);

    const std::string_view head(buf, std::min(n, kSniffBytes));
    const detail::EncodingGuess guess = detail::detect_encoding(head);
    const std::string_view text_head = head.substr(std::min(guess.bom_size, head.size()));
    if (const std::size_t bad = detail::binary_offset(text_head, guess.encoding);
        bad != std::string_view::npos) {
        info.ok = false;
        info.error =
            "binary data at byte " + std::to_string(bad + guess.bom_size) + ", not a text log";
        info.encoding = guess.encoding;
        flush_stash();
        return info;
    }
    info.encoding = guess.encoding;
    assembler_.set_format_hint(detail::detect_format(text_head, guess.encoding, nullptr));

    const bool wide =
        guess.encoding == Encoding::utf16le || guess.encoding == Encoding::utf16le_bom;
    const unsigned unit = wide ? 2 : 1;
    splitter_.reset(unit, guess.bom_size);
    uint64_t line_no = 0;
    bool used_cp1252 = false;
    bool first_line = true;
    const auto on_line = [&](const detail::RawLine& raw) {
        if (!raw.continues) ++line_no;
        LineLoc loc;
        loc.file = index;
        loc.line = line_no;
        loc.offset = raw.offset;
        const std::string_view text = decode(raw, wide, loc.source, used_cp1252);
        const bool joins_previous_file = first_line && has_stash_;
        first_line = false;
        if (joins_previous_file) {
            stash_.append(text);
            flush_stash();
            return;
        }
        if (!raw.terminated && more_follow) {
            stash_.assign(text);
            stash_loc_ = loc;
            has_stash_ = true;
            return;
        }
        assembler_.on_line(text, loc);
    };

    std::size_t begin = std::min(guess.bom_size, n);
    std::size_t len = n - begin;
    for (;;) {
        const std::size_t usable = wide ? (len & ~std::size_t{1}) : len;
        const std::string_view chunk(buf + begin, usable);
        splitter_.feed(chunk, !wide && detail::is_ascii(chunk.data(), chunk.size()), on_line);
        // Keep an odd UTF-16 byte at the front so the next chunk again holds whole units.
        const std::size_t keep = len - usable;
        if (keep != 0) buf[0] = buf[begin + usable];
        got = file.read_full(buf + keep, kBufferSize - keep);
        if (got < 0) {
            info.ok = false;
            info.error = "read error at byte " + std::to_string(info.bytes) + ": " +
                         detail::errno_text(errno);
            break;
        }
        if (got == 0) {
            if (keep != 0) splitter_.append_tail(std::string_view(buf, keep));
            break;
        }
        n = static_cast<std::size_t>(got);
        if (sha) sha->update(buf + keep, n);
        info.bytes += n;
        begin = 0;
        len = keep + n;
    }
    splitter_.finish(on_line);
    // The file added no line to the stash of the previous one: that line stands alone.
    if (has_stash_ && stash_loc_.file != index) flush_stash();

    info.lines = line_no;
    if (used_cp1252 && guess.encoding == Encoding::utf8) info.encoding = Encoding::windows1252;
    if (sha && info.ok) info.sha256 = sha->hex_digest();
    return info;
}

void LogStream::finish(std::vector<FileInfo*> infos) {
    flush_stash();
    assembler_.finish();
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (infos[i] == nullptr) continue;
        const detail::FileTally& tally = assembler_.tally(i);
        uint64_t counts[4];
        std::copy(tally.by_format.begin(), tally.by_format.end(), counts);
        infos[i]->records = tally.records;
        infos[i]->format = detail::dominant_format(counts);
        infos[i]->dominant_component = tally.components.dominant();
    }
}

FileInfo failed(const std::filesystem::path& path, std::string error) {
    FileInfo info;
    info.path = path.string();
    info.ok = false;
    info.error = std::move(error);
    return info;
}

}  // namespace

FileInfo read_log(const std::filesystem::path& path, const RecordSink& sink,
                  const ReadOptions& options) {
    // Bad input is reported through FileInfo; only allocation failure could get here.
    try {
        LogStream stream(sink, {path.string()}, options);
        int open_errno = 0;
        FileInfo info = stream.read_file(0, false, open_errno);
        stream.finish({&info});
        return info;
    } catch (const std::bad_alloc&) {
        return failed(path, "out of memory");
    }
}

std::vector<FileInfo> read_log_with_rollover(const std::filesystem::path& lo_path,
                                             const std::filesystem::path& log_path,
                                             const RecordSink& sink, const ReadOptions& options) {
    try {
        LogStream stream(sink, {lo_path.string(), log_path.string()}, options);
        int open_errno = 0;
        FileInfo old_part = stream.read_file(0, true, open_errno);
        const bool old_absent = !old_part.ok && open_errno == ENOENT;
        FileInfo current = stream.read_file(1, false, open_errno);
        stream.finish({old_absent ? nullptr : &old_part, &current});
        std::vector<FileInfo> infos;
        if (!old_absent) infos.push_back(std::move(old_part));
        infos.push_back(std::move(current));
        return infos;
    } catch (const std::bad_alloc&) {
        return {failed(log_path, "out of memory")};
    }
}

}  // namespace amtdiag::parsers::cmlog
