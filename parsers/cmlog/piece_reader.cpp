// One large log read in pieces by several threads (reader.h, "One large file on several
// threads"). The calling thread chooses the cuts, hashes the file in order while it waits, and
// commits the pieces in file order; worker threads read the pieces, at most `window` ahead of
// the commits so that memory stays bounded.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <utility>

#include <sys/stat.h>

#include "parsers/cmlog/byte_source.h"
#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/head_check.h"
#include "parsers/cmlog/log_stream.h"
#include "parsers/cmlog/piece_cuts.h"
#include "parsers/cmlog/reader.h"
#include "parsers/cmlog/sha256.h"

namespace amtdiag::parsers::cmlog {
namespace {

using detail::FileTally;
using detail::LogStream;
using detail::PositionalBytes;

constexpr std::size_t kHashBlock = std::size_t{1} << 20;

// The bytes of one file by position: pread on a descriptor.
class FdBytes final : public PositionalBytes {
  public:
    FdBytes(int fd, uint64_t size) : fd_(fd), size_(size) {}
    std::ptrdiff_t read_at(char* data, std::size_t size, uint64_t offset) override {
        const std::ptrdiff_t got =
            detail::read_fully(data, size, [&](char* at, std::size_t n, std::size_t done) {
                return ::pread(fd_, at, n, static_cast<off_t>(offset + done));
            });
        if (got < 0) error_ = errno;
        return got;
    }
    uint64_t size() const override { return size_; }

  private:
    int fd_;
    uint64_t size_;
};

class MemoryBytes final : public PositionalBytes {
  public:
    explicit MemoryBytes(std::string_view bytes) : bytes_(bytes) {}
    std::ptrdiff_t read_at(char* data, std::size_t size, uint64_t offset) override {
        if (offset >= bytes_.size()) return 0;
        const std::size_t n = std::min<uint64_t>(size, bytes_.size() - offset);
        std::memcpy(data, bytes_.data() + offset, n);
        return static_cast<std::ptrdiff_t>(n);
    }
    uint64_t size() const override { return bytes_.size(); }

  private:
    std::string_view bytes_;
};

// A stream of the bytes from `offset` on.
class PositionalSource final : public detail::ByteSource {
  public:
    PositionalSource(PositionalBytes& bytes, uint64_t offset) : bytes_(bytes), at_(offset) {}
    std::ptrdiff_t read(char* data, std::size_t size) override {
        const std::ptrdiff_t n = bytes_.read_at(data, size, at_);
        if (n < 0) {
            error_ = bytes_.error();
            return -1;
        }
        at_ += static_cast<uint64_t>(n);
        return n;
    }

  private:
    PositionalBytes& bytes_;
    uint64_t at_;
};

class PieceRun {
  public:
    PieceRun(PositionalBytes& bytes, std::string name, PieceSink& sink, const ReadOptions& options,
             const PieceOptions& pieces, const detail::FileLayout& layout,
             std::vector<uint64_t> starts)
        : bytes_(bytes),
          name_(std::move(name)),
          sink_(sink),
          options_(options),
          threads_(std::max<std::size_t>(1, pieces.threads)),
          window_(2 * threads_),
          layout_(layout),
          starts_(std::move(starts)),
          results_(starts_.size()),
          skipped_(starts_.size(), 0) {
        piece_options_.chunk_bytes = options.chunk_bytes;
        piece_options_.sha256 = false;
    }

    FileInfo run();

  private:
    struct Result {
        bool ready = false;
        std::unique_ptr<PieceRecords> records;
        FileInfo info;
        FileTally tally;
        uint64_t lines = 0;
        bool used_cp1252 = false;
        LogStream::PieceStop stop;
        std::exception_ptr error;
    };

    // Stops the workers and waits for them, however run() leaves.
    struct Crew {
        PieceRun& run;
        std::vector<std::jthread> threads;
        ~Crew() {
            {
                std::lock_guard lock(run.mutex_);
                run.stop_ = true;
            }
            run.changed_.notify_all();
            threads.clear();  // joins
        }
    };

    void work(std::size_t worker);
    Result read_piece(std::size_t worker, std::size_t index, const FileTally* tally_before,
                      uint64_t lines_before);
    bool hash_some();  // false when there is nothing more to hash for now

    PositionalBytes& bytes_;
    std::string name_;
    PieceSink& sink_;
    const ReadOptions& options_;
    ReadOptions piece_options_;
    std::size_t threads_;
    std::size_t window_;  // pieces read ahead of the next commit, at most
    detail::FileLayout layout_;
    std::vector<uint64_t> starts_;  // piece k starts at starts_[k]; starts_[0] = 0

    // The calling thread's hash of the bytes in order.
    std::optional<detail::Sha256> sha_;
    uint64_t hashed_ = 0;
    uint64_t hash_limit_ = 0;
    std::vector<char> hash_buffer_;
    int hash_errno_ = 0;
    bool hash_ended_ = false;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Result> results_;  // by piece; guarded by mutex_
    std::vector<char> skipped_;    // read by the piece before it: nobody starts it
    std::size_t next_start_ = 0;
    std::size_t committed_ = 0;  // the next piece to commit
    bool stop_ = false;
};

PieceRun::Result PieceRun::read_piece(std::size_t worker, std::size_t index,
                                      const FileTally* tally_before, uint64_t lines_before) {
    Result result;
    try {
        result.records = sink_.open(worker);
        PieceRecords* records = result.records.get();
        const RecordSink on_record = [records](const LogRecord& record) { records->add(record); };
        LogStream stream(on_record, {name_}, piece_options_);
        const uint64_t offset = starts_[index];
        PositionalSource source(bytes_, offset - std::min<uint64_t>(detail::kLookBehind, offset));
        LogStream::PieceStart start;
        start.offset = offset;
        start.wide = layout_.wide;
        start.hint = layout_.hint;
        start.tally_before = tally_before;
        start.lines_before = lines_before;
        result.stop =
            stream.read_piece(source, start, std::span(starts_).subspan(index + 1), result.info);
        result.tally = std::move(stream.piece_tally());
        result.lines = stream.piece_lines();
        result.used_cp1252 = stream.piece_used_cp1252();
    } catch (...) {
        result.error = std::current_exception();
        result.stop.at_eof = true;
    }
    return result;
}

void PieceRun::work(std::size_t worker) {
    for (;;) {
        std::size_t index = 0;
        {
            std::unique_lock lock(mutex_);
            for (;;) {
                while (next_start_ < starts_.size() && skipped_[next_start_] != 0) ++next_start_;
                if (stop_ || next_start_ >= starts_.size()) return;
                if (next_start_ < committed_ + window_) break;
                changed_.wait(lock);
            }
            index = next_start_++;
        }
        Result result = read_piece(worker, index, nullptr, 0);
        {
            std::lock_guard lock(mutex_);
            if (skipped_[index] != 0) continue;  // the piece before it read on into it
            result.ready = true;
            results_[index] = std::move(result);
        }
        changed_.notify_all();
    }
}

bool PieceRun::hash_some() {
    if (!sha_ || hash_ended_ || hashed_ >= hash_limit_) return false;
    const auto want =
        static_cast<std::size_t>(std::min<uint64_t>(kHashBlock, hash_limit_ - hashed_));
    const std::ptrdiff_t got = bytes_.read_at(hash_buffer_.data(), want, hashed_);
    if (got < 0) hash_errno_ = bytes_.error();
    if (got <= 0) {
        hash_ended_ = true;  // an error, or the file is shorter than when the read began
        return false;
    }
    sha_->update(hash_buffer_.data(), static_cast<std::size_t>(got));
    hashed_ += static_cast<uint64_t>(got);
    return true;
}

FileInfo PieceRun::run() {
    if (options_.sha256) {
        sha_.emplace();
        hash_buffer_.resize(kHashBlock);
        hash_limit_ = bytes_.size();
    }
    Crew crew{*this, {}};
    for (std::size_t w = 0; w < threads_; ++w) crew.threads.emplace_back([this, w] { work(w); });

    FileInfo info;
    info.path = name_;
    FileTally total;
    uint64_t lines = 0;
    bool used_cp1252 = false;
    uint64_t end = 0;
    std::size_t index = 0;
    while (index < starts_.size()) {
        Result result;
        {
            std::unique_lock lock(mutex_);
            while (!results_[index].ready) {
                lock.unlock();
                const bool hashed = hash_some();
                lock.lock();
                if (!hashed && !results_[index].ready) changed_.wait(lock);
            }
            result = std::move(results_[index]);
        }
        if (result.error) std::rethrow_exception(result.error);  // the crew stops first
        if (index == 0) {
            info.encoding = result.info.encoding;
        }
        if (!result.info.ok) {
            info.ok = false;
            info.error = result.info.error;
        }
        if (total.merge(result.tally, lines)) {
            sink_.commit(*result.records, lines);
            lines += result.lines;
        } else {
            // Counting this piece on its own lost something: read it again after the others.
            Result again = read_piece(threads_, index, &total, lines);
            if (again.error) std::rethrow_exception(again.error);
            sink_.commit(*again.records, 0);
            total = std::move(again.tally);
            lines = again.lines;
            result.stop = again.stop;
        }
        used_cp1252 = used_cp1252 || result.used_cp1252;
        const uint64_t piece_begin = starts_[index];
        const std::size_t piece_begin_index = index;
        end = result.stop.end;
        index = result.stop.at_eof ? starts_.size() : index + 1 + result.stop.cuts_passed;
        {
            // The pieces it read on into (at the end of the file: all later ones) are not
            // started any more, and what was read of them is dropped. Only a committed
            // piece decides this: a piece read ahead may itself be dropped.
            std::lock_guard lock(mutex_);
            committed_ = index;
            for (std::size_t k = piece_begin_index + 1; k < std::min(index, starts_.size()); ++k) {
                skipped_[k] = 1;
                results_[k] = Result{};
            }
        }
        changed_.notify_all();
        if (options_.on_bytes && end > piece_begin) options_.on_bytes(end - piece_begin);
    }

    info.bytes = end;
    info.lines = lines;
    info.records = total.records;
    uint64_t counts[4];
    std::copy(total.by_format.begin(), total.by_format.end(), counts);
    info.format = detail::dominant_format(counts);
    info.dominant_component = total.components.dominant();
    if (used_cp1252 && info.encoding == Encoding::utf8) info.encoding = Encoding::windows1252;
    total.damage.fill(info);
    if (sha_ && info.ok) {
        hash_limit_ = end;
        while (hash_some()) {
        }
        if (hash_errno_ != 0) {
            info.ok = false;
            info.error = "read error at byte " + std::to_string(hashed_) + ": " +
                         detail::errno_text(hash_errno_);
        } else if (hashed_ != end) {  // the hash and the pieces saw different lengths
            info.ok = false;
            info.error = "the file changed size while it was read (" + std::to_string(end) +
                         " bytes read, " + std::to_string(hashed_) + " hashed)";
        } else {
            info.sha256 = sha_->hex_digest();
        }
    }
    return info;
}

std::optional<FileInfo> read_in_pieces(PositionalBytes& bytes, std::string name, PieceSink& sink,
                                       const ReadOptions& options, const PieceOptions& pieces) {
    const uint64_t piece_bytes = std::max<uint64_t>(pieces.piece_bytes, 1);
    if (bytes.size() < 2 * piece_bytes) return std::nullopt;
    std::string head(kSniffBytes, '\0');
    const std::ptrdiff_t got = bytes.read_at(head.data(), head.size(), 0);
    if (got <= 0) return std::nullopt;
    head.resize(static_cast<std::size_t>(got));
    const std::optional<detail::FileLayout> layout = detail::file_layout(head);
    if (!layout) return std::nullopt;
    std::vector<uint64_t> starts =
        detail::choose_cuts(bytes, *layout, piece_bytes, pieces.cut_anywhere);
    if (starts.size() < 2) return std::nullopt;
    PieceRun run(bytes, std::move(name), sink, options, pieces, *layout, std::move(starts));
    return run.run();
}

}  // namespace

std::optional<FileInfo> read_log_in_pieces(const std::filesystem::path& path, PieceSink& sink,
                                           const ReadOptions& options, const PieceOptions& pieces) {
    const detail::FileHandle file(path.c_str());
    if (!file.ok()) return std::nullopt;
    struct stat st {};
    if (::fstat(file.fd(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    FdBytes bytes(file.fd(), static_cast<uint64_t>(st.st_size));
    try {
        return read_in_pieces(bytes, path.string(), sink, options, pieces);
    } catch (const std::bad_alloc&) {
        FileInfo info;
        info.path = path.string();
        info.ok = false;
        info.error = "out of memory";
        return info;
    }
}

std::optional<FileInfo> read_log_bytes_in_pieces(std::string_view bytes,
                                                 std::string_view display_name, PieceSink& sink,
                                                 const ReadOptions& options,
                                                 const PieceOptions& pieces) {
    MemoryBytes memory(bytes);
    return read_in_pieces(memory, std::string(display_name), sink, options, pieces);
}

}  // namespace amtdiag::parsers::cmlog
