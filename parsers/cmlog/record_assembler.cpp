#include "parsers/cmlog/record_assembler.h"

#include "parsers/cmlog/ccm_record.h"
#include "parsers/cmlog/sms_trace_record.h"
#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/viewer_record.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

std::size_t first_non_space(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

// Trailing blanks of a part before the next line is joined; '\n' stays (blank lines inside a
// message are kept).
void trim_right_in_place(std::string& s) {
    std::size_t n = s.size();
    while (n > 0 && s[n - 1] != '\n' && is_space(s[n - 1])) --n;
    s.resize(n);
}

// Longest prefix of `s` of at most `n` bytes that does not end inside a UTF-8 sequence.
std::size_t utf8_prefix(std::string_view s, std::size_t n) {
    if (n >= s.size()) return s.size();
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

// Where text that starts `before.size()` into the line sits in its file. On a line joined
// across a rollover, text past the join lies in the .log.
LineLoc advanced(LineLoc loc, std::string_view before) {
    if (loc.split != npos && before.size() >= loc.split) {
        loc.offset = loc.next_offset + source_bytes(before.substr(loc.split), loc.source);
        loc.file = loc.next_file;
        loc.line = 1;
        loc.split = npos;
        return loc;
    }
    loc.offset += source_bytes(before, loc.source);
    if (loc.split != npos) loc.split -= before.size();
    return loc;
}

// The message before a damaged close marker ("]LOG]!#<time=..."), and its attributes.
void salvage_ccm(std::string_view text, std::size_t message_begin, std::string_view& message,
                 std::string_view& attrs) {
    const std::size_t time = text.rfind("<time=\"");
    if (time == npos || time < message_begin) {
        message = text.substr(std::min(message_begin, text.size()));
        attrs = {};
        return;
    }
    // The message ends where the damaged marker starts: the first ']' shortly before "<time=".
    std::size_t end = time;
    const std::size_t window = time >= message_begin + 10 ? time - 10 : message_begin;
    if (const std::size_t bracket = text.find(']', window); bracket < time) end = bracket;
    message = text.substr(message_begin, end - message_begin);
    attrs = text.substr(time + 1);
}

}  // namespace

RecordAssembler::RecordAssembler(const RecordSink& sink, const std::vector<std::string>& paths)
    : sink_(sink), paths_(paths), tallies_(paths.size()) {}

void RecordAssembler::on_line(std::string_view text, const LineLoc& loc) {
    line_truncated_ = loc.truncated;
    if (loc.truncated && pending_ != Pending::none) pending_truncated_ = true;
    if (pending_ == Pending::ccm) {
        if (!ccm_opener_at_start(text).found()) {
            continue_ccm(text, loc);
            if (loc.cut) flush_pending();
            return;
        }
        flush_pending();  // a new record begins: the open one was cut short
    } else if (pending_ == Pending::sms && ccm_opener_at_start(text).found()) {
        flush_pending();
    }
    process(text, loc);
    if (loc.cut) flush_pending();
}

void RecordAssembler::process(std::string_view text, const LineLoc& loc) {
    const std::size_t first = first_non_space(text);
    if (first < text.size() && (text[first] == '<' || text[first] == '!')) {
        if (const CcmOpener opener = ccm_opener_at_start(text); opener.found()) {
            start_ccm(text.substr(opener.at), advanced(loc, text.substr(0, opener.at)),
                      opener.message_begin - opener.at, opener.damaged);
            return;
        }
    }
    if (hint_ != LogFormat::ccm) {
        process_plain(text, loc);
        return;
    }
    // In CCM files a record can follow garbage on the same line, and a record whose opener was
    // damaged still has its close marker; elsewhere these searches would only cost time.
    const CcmOpener opener = find_ccm_opener(text, 0);
    const std::size_t close = text.find(kCcmClose);
    if (close != npos && (!opener.found() || close < opener.at)) {
        const std::size_t begin = first_non_space(text);
        start_ccm(text.substr(begin), advanced(loc, text.substr(0, begin)), 0, true);
        return;
    }
    if (!opener.found()) {
        process_plain(text, loc);
        return;
    }
    const std::string_view prefix = text.substr(0, opener.at);
    if (!is_blank(prefix)) {
        process_plain(prefix, loc);
        flush_pending();
    }
    start_ccm(text.substr(opener.at), advanced(loc, prefix), opener.message_begin - opener.at,
              opener.damaged);
}

void RecordAssembler::process_plain(std::string_view text, const LineLoc& loc) {
    std::size_t segment = 0;
    SmsTrailer trailer;
    bool any_trailer = false;
    for (;;) {
        const TrailerKind kind = find_sms_trailer(text, segment, trailer, record_.time, &days_);
        if (kind == TrailerKind::none) break;
        const std::string_view message = text.substr(segment, trailer.message_end - segment);
        LineLoc at = loc;
        std::string_view joined = message;
        const bool continued = pending_ == Pending::sms;
        if (continued) {
            append_pending(message);
            joined = pending_text_;
            at = pending_loc_;
            pending_ = Pending::none;
        } else if (segment > 0) {
            at = advanced(loc, text.substr(0, segment));
        }
        // Every field but time (already written by find_sms_trailer) is set here.
        LogRecord& record = record_;
        record.message = finish_message(joined);
        record.component = trailer.component;
        record.thread = trailer.thread;
        record.has_thread = trailer.has_thread;
        record.severity = continued ? keyword_severity(record.message) : trailer.severity;
        record.severity_from_type = false;
        record.damaged = kind == TrailerKind::damaged;
        record.truncated = false;
        record.format = LogFormat::sms_trace;
        emit(record, at, continued);
        segment = trailer.end;
        any_trailer = true;
    }

    const std::string_view rest = text.substr(segment);
    if (!any_trailer && !is_blank(rest)) {
        // A line copied out of CMTrace is a record of its own in any file: never the start or
        // the continuation of an SMS trace message.
        ViewerLine viewer;
        if (parse_viewer_line(text, viewer)) {
            if (pending_ == Pending::sms) flush_pending();
            LogRecord& record = blank_record();
            record.message = finish_message(viewer.message);
            record.component = viewer.component;
            record.time = viewer.time;
            record.thread = viewer.thread;
            record.has_thread = true;
            record.severity = keyword_severity(record.message);
            record.format = LogFormat::viewer_copy;
            emit(record, loc);
            return;
        }
    }
    if (pending_ == Pending::sms) {  // still no trailer: one more line of the message
        append_pending(rest);
        return;
    }
    if (is_blank(rest)) return;
    const LineLoc at = segment > 0 ? advanced(loc, text.substr(0, segment)) : loc;
    if (hint_ == LogFormat::sms_trace) {
        // §1.2: text without a trailer is the first part of a message with a real newline.
        begin_pending(Pending::sms, rest, at);
        return;
    }
    emit_bare(rest, at, false);
}

void RecordAssembler::start_ccm(std::string_view text, LineLoc loc, std::size_t message_begin,
                                bool damaged) {
    // A loop, not recursion: a hostile line may glue thousands of records together.
    for (;;) {
        const std::size_t close = text.find(kCcmClose, message_begin);
        if (close == npos) {  // the message goes on in the next lines
            begin_pending(Pending::ccm, text.substr(message_begin), loc);
            pending_damaged_ = damaged;
            return;
        }
        const std::size_t attrs_begin = close + kCcmClose.size();
        const std::size_t end = ccm_attributes_end(text, attrs_begin);
        const std::string_view message = text.substr(message_begin, close - message_begin);
        if (end == npos) {  // attributes cut or garbled: the record ends with its line
            emit_ccm(message, text.substr(attrs_begin), true, loc, true);
            return;
        }
        emit_ccm(message, text.substr(attrs_begin, end - attrs_begin), true, loc, damaged);
        const std::string_view rest = text.substr(end);
        const std::size_t next =
            after_ccm(rest, advanced(loc, text.substr(0, end)), message_begin, damaged);
        if (next == npos) return;
        loc = advanced(loc, text.substr(0, end + next));
        text = rest.substr(next);
    }
}

std::size_t RecordAssembler::after_ccm(std::string_view rest, const LineLoc& loc,
                                       std::size_t& message_begin, bool& damaged) {
    if (is_blank(rest)) return npos;
    const CcmOpener opener = find_ccm_opener(rest, 0);
    if (!opener.found()) {  // text after the record: not lost, read on its own
        process_plain(rest, loc);
        return npos;
    }
    // Garbage between the two records, if any, is text of its own; stray opener characters
    // ("<<![LOG[") belong to the opener, which is then damaged.
    const std::string_view between = rest.substr(0, opener.at);
    const bool stray = !is_blank(between) && between.find_first_not_of("<! [\t") == npos;
    if (!is_blank(between) && !stray) {
        process_plain(between, loc);
        flush_pending();
    }
    tallies_[loc.file].damage.glued_record(loc.line);
    message_begin = opener.message_begin - opener.at;
    damaged = opener.damaged || stray;
    return opener.at;
}

void RecordAssembler::continue_ccm(std::string_view text, const LineLoc& loc) {
    const std::size_t close = text.find(kCcmClose);
    if (close == npos) {
        append_pending(text);
        return;
    }
    append_pending(text.substr(0, close));
    pending_ = Pending::none;
    const std::size_t attrs_begin = close + kCcmClose.size();
    const std::size_t end = ccm_attributes_end(text, attrs_begin);
    if (end == npos) {
        emit_ccm(pending_text_, text.substr(attrs_begin), true, pending_loc_, true, true);
        return;
    }
    emit_ccm(pending_text_, text.substr(attrs_begin, end - attrs_begin), true, pending_loc_,
             pending_damaged_, true);
    const std::string_view rest = text.substr(end);
    std::size_t message_begin = 0;
    bool damaged = false;
    const LineLoc after = advanced(loc, text.substr(0, end));
    const std::size_t next = after_ccm(rest, after, message_begin, damaged);
    if (next != npos) {
        start_ccm(rest.substr(next), advanced(after, rest.substr(0, next)), message_begin, damaged);
    }
}

void RecordAssembler::begin_pending(Pending kind, std::string_view text, const LineLoc& loc) {
    pending_ = kind;
    pending_loc_ = loc;
    pending_damaged_ = false;
    pending_dropped_ = 0;
    pending_dropped_lines_ = 0;
    pending_truncated_ = line_truncated_;
    const std::size_t keep = utf8_prefix(text, kMaxRecordBytes);
    pending_text_.assign(text.substr(0, keep));
    pending_dropped_ = text.size() - keep;
}

void RecordAssembler::append_pending(std::string_view text) {
    // Memory stays bounded and time linear however many lines a record has.
    if (pending_text_.size() >= kMaxRecordBytes) {
        pending_dropped_ += text.size() + 1;
        ++pending_dropped_lines_;
        return;
    }
    trim_right_in_place(pending_text_);
    pending_text_ += '\n';
    const std::size_t room = kMaxRecordBytes - std::min(kMaxRecordBytes, pending_text_.size());
    const std::size_t keep = utf8_prefix(text, room);
    pending_text_.append(text.substr(0, keep));
    pending_dropped_ += text.size() - keep;
}

void RecordAssembler::flush_pending() {
    const Pending pending = pending_;
    pending_ = Pending::none;
    if (pending == Pending::ccm) {
        std::string_view message, attrs;
        salvage_ccm(pending_text_, 0, message, attrs);
        emit_ccm(message, attrs, !attrs.empty(), pending_loc_, true, true);
    } else if (pending == Pending::sms) {
        emit_bare(pending_text_, pending_loc_, true, true);
    }
}

void RecordAssembler::emit_ccm(std::string_view message, std::string_view attrs_text,
                               bool has_attrs, const LineLoc& loc, bool damaged,
                               bool from_pending) {
    LogRecord& record = blank_record();
    record.format = LogFormat::ccm;
    record.message = finish_message(message);
    record.damaged = damaged;
    if (has_attrs) {
        const CcmAttributes attrs = parse_ccm_attributes(attrs_text);
        record.component = attrs.component;
        record.time = attrs.time;
        record.thread = attrs.thread;
        record.has_thread = attrs.has_thread;
        switch (attrs.type) {
            case 0:
            case 1:
                record.severity = model::Severity::info;
                break;
            case 2:
                record.severity = model::Severity::warning;
                break;
            case 3:
                record.severity = model::Severity::error;
                break;
            default:
                break;
        }
        record.severity_from_type = attrs.type >= 0 && attrs.type <= 3;
    }
    if (!record.severity_from_type) record.severity = keyword_severity(record.message);
    emit(record, loc, from_pending);
}

void RecordAssembler::emit_bare(std::string_view text, const LineLoc& loc, bool damaged,
                                bool from_pending) {
    LogRecord& record = blank_record();
    record.message = finish_message(text);
    if (record.message.empty() && !damaged) return;
    record.severity = keyword_severity(record.message);
    record.format = LogFormat::bare;
    record.damaged = damaged;
    emit(record, loc, from_pending);
}

LogRecord& RecordAssembler::blank_record() {
    LogRecord& r = record_;
    r.message = {};
    r.component = {};
    r.time = model::LogTime{};
    r.thread = 0;
    r.has_thread = false;
    r.severity = model::Severity::none;
    r.severity_from_type = false;
    r.damaged = false;
    r.truncated = false;
    r.format = LogFormat::bare;
    return r;  // file, line and offset are always set by emit()
}

void RecordAssembler::emit(LogRecord& record, const LineLoc& loc, bool from_pending) {
    record.file = paths_[loc.file];
    record.line = loc.line;
    record.offset = loc.offset;
    FileTally& tally = tallies_[loc.file];
    record.truncated = from_pending ? pending_truncated_ : line_truncated_;
    // One branch for all accounting: a clean record takes none of it.
    if (record.damaged || record.truncated || !record.time.valid ||
        (from_pending && pending_dropped_ > 0)) [[unlikely]] {
        account(record, tally.damage, loc.line, from_pending);
    }
    ++tally.records;
    ++tally.by_format[static_cast<std::size_t>(record.format)];
    tally.components.add(record.component);
    sink_(record);
}

void RecordAssembler::account(LogRecord& record, DamageLog& damage, uint64_t line,
                              bool from_pending) {
    // Only a record assembled from pending text can have lost text to the record cap.
    if (from_pending && pending_dropped_ > 0) {
        record.truncated = true;
        damage.truncated_record(line, pending_dropped_, pending_dropped_lines_);
        pending_dropped_ = 0;
        pending_dropped_lines_ = 0;
    }
    if (record.damaged) damage.damaged_record(line);
    if (!record.time.valid) damage.invalid_time(line);
}

}  // namespace amtdiag::parsers::cmlog::detail
