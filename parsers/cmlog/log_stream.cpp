#include "parsers/cmlog/log_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "parsers/cmlog/encoding.h"
#include "parsers/cmlog/file_handle.h"
#include "parsers/cmlog/format_detect.h"
#include "parsers/cmlog/head_check.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

constexpr std::size_t kDefaultChunk = std::size_t{256} << 10;

const char* encoding_name(Encoding e) {
    switch (e) {
        case Encoding::utf16le:
        case Encoding::utf16le_bom:
            return "UTF-16LE";
        case Encoding::windows1252:
            return "Windows-1252";
        case Encoding::utf8:
        case Encoding::utf8_bom:
            break;
    }
    return "UTF-8";
}

bool starts_with_bom(std::string_view head) {
    return head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 3) == "\xEF\xBB\xBF";
}

// Length of `raw` once decoded from `source` (the join point of a rollover line).
std::size_t decoded_size(std::string_view raw, LineSource source) {
    std::string out;
    switch (source) {
        case LineSource::utf8:
            return raw.size();
        case LineSource::cp1252:
            append_cp1252_as_utf8(raw, out);
            return out.size();
        case LineSource::utf16le:
            append_utf16le_as_utf8(raw.substr(0, raw.size() & ~std::size_t{1}), out);
            return out.size();
    }
    return raw.size();
}

}  // namespace

LogStream::LogStream(const RecordSink& sink, std::vector<std::string> names,
                     const ReadOptions& options)
    : names_(std::move(names)),
      assembler_(sink, names_),
      options_(options),
      decoder_(*this),
      part_lines_(names_.size(), 0) {}

std::string_view LogStream::decode(std::string_view raw, bool ascii, bool wide, LineSource& source,
                                   std::string& out) {
    if (wide) {
        out.clear();
        append_utf16le_as_utf8(raw, out);
        source = LineSource::utf16le;
        return out;
    }
    if (ascii || is_ascii(raw.data(), raw.size()) || is_valid_utf8(raw)) {
        source = LineSource::utf8;
        return raw;
    }
    // §7: not UTF-8, so it is ANSI text from a Western Windows box.
    used_cp1252_ = true;
    out.clear();
    append_cp1252_as_utf8(raw, out);
    source = LineSource::cp1252;
    return out;
}

void LogStream::flush_stash() {
    if (has_odd_byte_) {  // half a UTF-16 character with nothing to complete it: U+FFFD
        stash_ += odd_byte_;
        has_odd_byte_ = false;
    }
    if (!has_stash_) return;
    has_stash_ = false;
    if (stash_phantom_) ++part_lines_[stash_loc_.file];  // the half character is a line
    stash_phantom_ = false;
    LineLoc loc = stash_loc_;
    loc.cut = stash_cut_;  // nothing continues it: a record open in it is damaged
    stash_cut_ = false;
    const std::string_view text = decode(stash_, false, stash_wide_, loc.source, scratch_);
    assembler_.on_line(text, loc);
}

void LogStream::on_raw_line(const RawLine& raw, bool wide) {
    if (!raw.continues) ++line_no_;
    LineLoc loc;
    loc.file = index_;
    loc.line = line_no_;
    loc.offset = raw.offset;
    loc.cut = raw.cut;
    loc.truncated = raw.truncated > 0;
    FileTally& tally = assembler_.tally(index_);
    if (raw.truncated > 0) tally.damage.truncated_line(line_no_, raw.truncated);
    const bool first = first_line_;
    first_line_ = false;
    if (first && has_stash_) {
        // The .log continues the .lo_'s last line only if it starts with text, in the same
        // encoding; otherwise that line was cut by the rollover.
        if (raw.offset != text_begin_ || raw.continues || stash_wide_ != wide) {
            stash_cut_ = true;
            flush_stash();
        } else {
            has_stash_ = false;
            if (stash_phantom_) ++part_lines_[stash_loc_.file];
            stash_phantom_ = false;
            LineLoc at = stash_loc_;
            at.cut = raw.cut;
            at.truncated = loc.truncated;
            const std::size_t stash_bytes = stash_.size();
            stash_.append(raw.bytes);
            const std::string_view text = decode(stash_, false, wide, at.source, scratch_);
            // The join point in the decoded text: the .lo_'s bytes decoded the same way.
            at.split = decoded_size(std::string_view(stash_).substr(0, stash_bytes), at.source);
            at.next_file = index_;
            at.next_offset = raw.offset;
            assembler_.on_line(text, at);
            return;
        }
    }
    if (!raw.terminated && !raw.cut && more_follow_) {
        stash_.assign(raw.bytes);
        stash_wide_ = wide;
        stash_loc_ = loc;
        has_stash_ = true;
        return;
    }
    std::string_view text = decode(raw.bytes, raw.ascii, wide, loc.source, scratch_);
    // A byte order mark starting a line: another writer appended to the file.
    if (text.size() >= 3 && text[0] == '\xEF' && text[1] == '\xBB' && text[2] == '\xBF') {
        text.remove_prefix(3);
        loc.offset += wide ? 2 : 3;
        tally.damage.inner_bom(line_no_);
    }
    assembler_.on_line(text, loc);
}

bool LogStream::begin_part(std::size_t index, std::string_view head, FileInfo& info,
                           std::size_t& text_begin) {
    index_ = index;
    line_no_ = 0;
    first_line_ = true;
    used_cp1252_ = false;
    FileTally& tally = assembler_.tally(index);
    // A UTF-16 .lo_ that ended on half a character, continued by a .log without its own byte
    // order mark: the .log's first byte completes that character.
    std::size_t skip = 0;
    bool after_cr = false;
    HeadCheck check;
    if (has_odd_byte_ && !head.empty() && !starts_with_bom(head)) {
        check = check_head(head.substr(1));
        if (check.verdict != HeadVerdict::binary && check.guess.bom_size == 0 &&
            (head.size() == 1 || is_wide(check.guess.encoding))) {
            check.guess.encoding = Encoding::utf16le;
            skip = 1;
            join_odd_byte(head[0], after_cr);
        }
    }
    if (skip == 0) {
        if (has_odd_byte_) flush_stash();  // the half character stays U+FFFD
        check = check_head(head);
    }
    info.encoding = check.guess.encoding;
    if (check.verdict == HeadVerdict::binary) {
        info.ok = false;
        info.error = check.reason;
        flush_stash();
        return false;
    }
    if (check.guess.bom_says != nullptr) {
        tally.damage.lying_bom(check.guess.bom_says, encoding_name(check.guess.encoding));
    }
    text_begin = std::min(skip + check.guess.bom_size, head.size());
    text_begin_ = text_begin;
    assembler_.set_format_hint(
        detect_format(head.substr(text_begin), check.guess.encoding, nullptr));
    decoder_.start(is_wide(check.guess.encoding), text_begin, tally.damage, after_cr);
    return true;
}

void LogStream::join_odd_byte(char first, bool& after_cr) {
    has_odd_byte_ = false;
    const unsigned unit =
        static_cast<unsigned char>(odd_byte_) | (unsigned{static_cast<unsigned char>(first)} << 8);
    if (unit != '\n' && unit != '\r') {  // part of the line the .lo_ left open
        stash_ += odd_byte_;
        stash_ += first;
        return;
    }
    // A line end split between the files: the .lo_'s last line is complete.
    if (stash_phantom_) {
        has_stash_ = false;  // no line of its own
        stash_phantom_ = false;
        if (unit == '\n' && previous_ended_with_cr_) {
            decoder_.recount_last_cr_as_crlf(assembler_.tally(stash_loc_.file).damage);
        }
    } else {
        flush_stash();
    }
    after_cr = unit == '\r';
}

void LogStream::end_part(FileInfo& info, std::optional<Sha256>& sha) {
    unsigned char odd = 0;
    stash_phantom_ = false;
    if (decoder_.finish(more_follow_ ? &odd : nullptr)) {
        // Kept for the next part; on a line of its own when the last line was complete.
        if (!has_stash_) {
            stash_.clear();
            stash_wide_ = true;
            stash_loc_ = LineLoc{index_, line_no_ + 1, info.bytes - 1, LineSource::utf16le};
            has_stash_ = true;
            stash_phantom_ = true;
        }
        has_odd_byte_ = true;
        odd_byte_ = static_cast<char>(odd);
    }
    previous_ended_with_cr_ = decoder_.ended_with_cr();
    part_lines_[index_] = line_no_;
    info.lines = line_no_;
    if (used_cp1252_ && info.encoding == Encoding::utf8) info.encoding = Encoding::windows1252;
    if (sha && info.ok) info.sha256 = sha->hex_digest();
}

FileInfo LogStream::read_part(std::size_t index, ByteSource& source, bool more_follow) {
    FileInfo info;
    info.path = names_[index];
    more_follow_ = more_follow;
    std::optional<Sha256> sha;
    if (options_.sha256) sha.emplace();
    const std::size_t chunk = read_chunk();
    const std::size_t capacity = reserve_window(chunk);
    char* const buf = buffer_.data();

    std::size_t have = 0;
    bool eof = false;
    bool failed = false;
    // Reads up to `chunk` more bytes; false on a read error (`info` says which).
    const auto fill = [&]() {
        const std::size_t want = std::min(chunk, capacity - have);
        const std::ptrdiff_t got = source.read(buf + have, want);
        if (got < 0) {
            info.ok = false;
            info.error = info.bytes == 0 ? "cannot read: " + errno_text(source.error())
                                         : "read error at byte " + std::to_string(info.bytes) +
                                               ": " + errno_text(source.error());
            eof = true;
            failed = true;
            return false;
        }
        const auto n = static_cast<std::size_t>(got);
        if (sha) sha->update(buf + have, n);
        if (options_.on_bytes && n > 0) options_.on_bytes(n);
        have += n;
        info.bytes += n;
        eof = n < want;
        return true;
    };
    while (have < kSniffBytes && !eof) {
        if (!fill()) break;
    }
    if (failed && info.bytes == 0) {
        flush_stash();
        return info;
    }
    std::size_t begin = 0;
    if (!begin_part(index, std::string_view(buf, std::min(have, kSniffBytes)), info, begin)) {
        return info;
    }
    for (;;) {
        const std::size_t ready = eof ? have : (have > kLookAhead ? have - kLookAhead : 0);
        begin = push_until(std::string_view(buf, have), begin, ready, eof, chunk);
        if (eof) break;
        slide_window(buf, have, begin);
        fill();
    }
    end_part(info, sha);
    return info;
}

std::size_t LogStream::read_chunk() const {
    return options_.chunk_bytes != 0 ? options_.chunk_bytes : kDefaultChunk;
}

std::size_t LogStream::reserve_window(std::size_t chunk) {
    // The head (sniffed before anything is decoded), one read, its lookahead and look-behind.
    const std::size_t capacity = kSniffBytes + kLookAhead + kLookBehind + chunk + 16;
    if (buffer_.size() < capacity) buffer_.resize(capacity);
    return capacity;
}

std::size_t LogStream::slide_window(char* buf, std::size_t& have, std::size_t& begin) {
    const std::size_t keep_from = begin > kLookBehind ? begin - kLookBehind : 0;
    std::memmove(buf, buf + keep_from, have - keep_from);
    have -= keep_from;
    begin -= keep_from;
    return keep_from;
}

std::size_t LogStream::push_until(std::string_view window, std::size_t begin, std::size_t target,
                                  bool eof, std::size_t chunk) {
    // Steps of at most `chunk` bytes, each with its lookahead in the window.
    std::size_t step = chunk;
    while (begin < target) {
        const std::size_t limit = std::min(target, begin + step);
        const std::size_t done = decoder_.push(window, begin, limit, eof);
        if (done == begin) {  // a UTF-16 unit does not fit one step: a longer one
            if (limit == target) break;
            step += chunk;
            continue;
        }
        begin = done;
        step = chunk;
    }
    return begin;
}

LogStream::PieceStop LogStream::read_piece(ByteSource& source, const PieceStart& start,
                                           std::span<const uint64_t> cuts, FileInfo& info) {
    info.path = names_[0];
    more_follow_ = false;
    const std::size_t chunk = read_chunk();
    const std::size_t capacity = reserve_window(chunk);
    char* const buf = buffer_.data();
    const auto behind = static_cast<std::size_t>(std::min<uint64_t>(kLookBehind, start.offset));
    uint64_t window_at = start.offset - behind;  // file offset of buf[0]
    std::size_t have = 0;
    bool eof = false;
    const auto fill = [&]() {
        const std::size_t want = std::min(chunk, capacity - have);
        const std::ptrdiff_t got = source.read(buf + have, want);
        if (got < 0) {
            const uint64_t at = window_at + have;
            info.ok = false;
            info.error = at == 0 ? "cannot read: " + errno_text(source.error())
                                 : "read error at byte " + std::to_string(at) + ": " +
                                       errno_text(source.error());
            eof = true;
            return;
        }
        have += static_cast<std::size_t>(got);
        eof = static_cast<std::size_t>(got) < want;
    };

    FileTally& tally = assembler_.tally(0);
    if (start.tally_before != nullptr) tally = *start.tally_before;
    const std::array<uint64_t, 3> ends_before = tally.damage.line_ends();
    const auto count_line_ends = [&] {
        std::array<uint64_t, 3> ends = decoder_.line_ends();
        for (std::size_t i = 0; i < ends.size(); ++i) ends[i] += ends_before[i];
        tally.damage.set_line_ends(ends);
    };
    std::size_t begin = behind;
    if (start.offset == 0) {
        while (have < kSniffBytes && !eof) fill();
        if (!info.ok && have == 0) return {0, true, 0};
        if (!begin_part(0, std::string_view(buf, std::min(have, kSniffBytes)), info, begin)) {
            info.bytes = have;
            return {0, true, have};
        }
    } else {
        index_ = 0;
        first_line_ = false;
        used_cp1252_ = false;
        assembler_.set_format_hint(start.hint);
        decoder_.start(start.wide, start.offset, tally.damage);
    }
    line_no_ = start.lines_before;

    std::size_t next_cut = 0;
    for (;;) {
        const std::size_t ready = eof ? have : (have > kLookAhead ? have - kLookAhead : 0);
        std::size_t target = ready;
        bool cut_in_reach = false;
        if (next_cut < cuts.size() && cuts[next_cut] <= window_at + ready) {
            cut_in_reach = true;
            target = static_cast<std::size_t>(cuts[next_cut] - window_at);
        }
        begin = push_until(std::string_view(buf, have), begin, target, eof, chunk);
        if (cut_in_reach) {
            // Stuck short of the cut (half a UTF-16 unit) counts as not clean.
            if (begin == target && at_clean_boundary(start.wide)) {
                count_line_ends();
                info.bytes = cuts[next_cut] - start.offset;
                return {next_cut, false, cuts[next_cut]};
            }
            ++next_cut;
            continue;
        }
        if (eof) break;
        window_at += slide_window(buf, have, begin);
        fill();
    }
    std::optional<Sha256> no_sha;
    end_part(info, no_sha);
    assembler_.finish();
    count_line_ends();
    info.bytes = window_at + have - start.offset;
    return {next_cut, true, window_at + have};
}

FileInfo LogStream::read_part_bytes(std::size_t index, std::string_view bytes, bool more_follow) {
    if (options_.chunk_bytes != 0) {
        MemorySource source(bytes);
        return read_part(index, source, more_follow);
    }
    FileInfo info;
    info.path = names_[index];
    info.bytes = bytes.size();
    more_follow_ = more_follow;
    std::optional<Sha256> sha;
    if (options_.sha256) {
        sha.emplace();
        sha->update(bytes.data(), bytes.size());
    }
    std::size_t begin = 0;
    if (!begin_part(index, bytes.substr(0, kSniffBytes), info, begin)) return info;
    decoder_.push(bytes, begin, bytes.size(), true);
    end_part(info, sha);
    return info;
}

void LogStream::finish(const std::vector<FileInfo*>& infos) {
    flush_stash();
    assembler_.finish();
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (infos[i] == nullptr) continue;
        FileTally& tally = assembler_.tally(i);
        uint64_t counts[4];
        std::copy(tally.by_format.begin(), tally.by_format.end(), counts);
        infos[i]->records = tally.records;
        infos[i]->format = dominant_format(counts);
        infos[i]->dominant_component = tally.components.dominant();
        infos[i]->lines = part_lines_[i];
        tally.damage.fill(*infos[i]);
    }
}

}  // namespace amtdiag::parsers::cmlog::detail
