#include "parsers/cmlog/record_assembler.h"

#include "parsers/cmlog/ccm_record.h"
#include "parsers/cmlog/sms_trace_record.h"
#include "parsers/cmlog/text_scan.h"
#include "parsers/cmlog/viewer_record.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

// Bounds on a record that never ends (damaged file, wrong guess): memory stays fixed and the
// text read so far is still reported.
constexpr std::size_t kMaxPendingBytes = 1 << 20;
constexpr std::size_t kMaxSmsContinuationLines = 64;

std::size_t first_non_space(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

bool starts_ccm(std::string_view s) {
    const std::size_t i = first_non_space(s);
    return i < s.size() && s[i] == '<' && starts_with_at(s, i, kCcmOpen);
}

// A CCM record is complete once its attribute part ends with '>'.
bool ccm_closed(std::string_view text, std::size_t close) {
    if (close == npos) return false;
    const std::string_view tail = trim_right(text.substr(close + kCcmClose.size()));
    return !tail.empty() && tail.back() == '>';
}

// Trailing blanks of a part before the next line is joined; '\n' stays (blank lines inside a
// message are kept).
void trim_right_in_place(std::string& s) {
    std::size_t n = s.size();
    while (n > 0 && s[n - 1] != '\n' && is_space(s[n - 1])) --n;
    s.resize(n);
}

}  // namespace

RecordAssembler::RecordAssembler(const RecordSink& sink, const std::vector<std::string>& paths)
    : sink_(sink), paths_(paths), tallies_(paths.size()) {}

void RecordAssembler::on_line(std::string_view text, const LineLoc& loc) {
    if (pending_ == Pending::ccm) {
        if (!starts_ccm(text)) {
            continue_ccm(text);
            return;
        }
        flush_pending();  // a new record begins: the open one was cut short
    } else if (pending_ == Pending::sms && starts_ccm(text)) {
        flush_pending();
    }
    process(text, loc);
}

void RecordAssembler::process(std::string_view text, const LineLoc& loc) {
    std::size_t ccm = npos;
    const std::size_t first = first_non_space(text);
    if (first < text.size() && text[first] == '<' && starts_with_at(text, first, kCcmOpen)) {
        ccm = first;
    } else if (hint_ == LogFormat::ccm) {
        // In CCM files a record can follow garbage on the same line (e.g. zero padding left
        // by a crash); elsewhere this search would only cost time.
        ccm = text.find(kCcmOpen);
    }
    if (ccm == npos) {
        process_plain(text, loc);
        return;
    }
    const std::string_view prefix = text.substr(0, ccm);
    if (!is_blank(prefix)) {
        process_plain(prefix, loc);
        flush_pending();
    }
    LineLoc at = loc;
    at.offset += source_bytes(prefix, loc.source);
    start_ccm(text.substr(ccm), at);
}

void RecordAssembler::process_plain(std::string_view text, const LineLoc& loc) {
    std::size_t segment = 0;
    SmsTrailer trailer;
    bool any_trailer = false;
    while (find_sms_trailer(text, segment, trailer, record_.time, &days_)) {
        const std::string_view message = text.substr(segment, trailer.message_end - segment);
        LineLoc at = loc;
        std::string_view joined = message;
        const bool continued = pending_ == Pending::sms;
        if (continued) {
            trim_right_in_place(pending_text_);
            pending_text_ += '\n';
            pending_text_.append(message);
            joined = pending_text_;
            at = pending_loc_;
            pending_ = Pending::none;
        } else if (segment > 0) {
            at.offset += source_bytes(text.substr(0, segment), loc.source);
        }
        // Every field but time (already written by find_sms_trailer) is set here.
        LogRecord& record = record_;
        record.message = finish_message(joined);
        record.component = trailer.component;
        record.thread = trailer.thread;
        record.has_thread = true;
        record.severity = continued ? keyword_severity(record.message) : trailer.severity;
        record.severity_from_type = false;
        record.format = LogFormat::sms_trace;
        emit(record, at);
        segment = trailer.end;
        any_trailer = true;
    }

    const std::string_view rest = text.substr(segment);
    if (pending_ == Pending::sms) {  // still no trailer: one more line of the message
        trim_right_in_place(pending_text_);
        pending_text_ += '\n';
        pending_text_.append(rest);
        if (++pending_lines_ > kMaxSmsContinuationLines ||
            pending_text_.size() > kMaxPendingBytes) {
            flush_pending();
        }
        return;
    }
    if (is_blank(rest)) return;
    LineLoc at = loc;
    if (segment > 0) at.offset += source_bytes(text.substr(0, segment), loc.source);
    if (hint_ == LogFormat::sms_trace) {
        // §1.2: text without a trailer is the first part of a message with a real newline.
        pending_ = Pending::sms;
        pending_text_.assign(rest);
        pending_loc_ = at;
        pending_lines_ = 1;
        return;
    }
    if (!any_trailer) {
        ViewerLine viewer;
        if (parse_viewer_line(text, viewer)) {
            LogRecord& record = blank_record();
            record.message = finish_message(viewer.message);
            record.component = viewer.component;
            record.time = viewer.time;
            record.thread = viewer.thread;
            record.has_thread = true;
            record.severity = keyword_severity(record.message);
            record.format = LogFormat::viewer_copy;
            emit(record, at);
            return;
        }
    }
    emit_bare(rest, at);
}

void RecordAssembler::start_ccm(std::string_view text, const LineLoc& loc) {
    const std::size_t close = text.find(kCcmClose, kCcmOpen.size());
    if (ccm_closed(text, close)) {  // the common single-line record: no copy
        emit_ccm(text, close, loc);
        return;
    }
    pending_ = Pending::ccm;
    pending_text_.assign(text);
    pending_loc_ = loc;
    pending_close_ = close;
    pending_lines_ = 1;
}

void RecordAssembler::continue_ccm(std::string_view text) {
    if (pending_close_ == npos) trim_right_in_place(pending_text_);  // still in the message
    const std::size_t joined_at = pending_text_.size() + 1;
    pending_text_ += '\n';
    pending_text_.append(text);
    ++pending_lines_;
    if (pending_close_ == npos) {
        pending_close_ = pending_text_.find(kCcmClose, joined_at);
    }
    if (ccm_closed(pending_text_, pending_close_)) {
        pending_ = Pending::none;
        emit_ccm(pending_text_, pending_close_, pending_loc_);
        return;
    }
    if (pending_text_.size() > kMaxPendingBytes) flush_pending();
}

void RecordAssembler::flush_pending() {
    const Pending pending = pending_;
    pending_ = Pending::none;
    if (pending == Pending::ccm) {
        emit_ccm(pending_text_, pending_close_, pending_loc_);
    } else if (pending == Pending::sms) {
        emit_bare(pending_text_, pending_loc_);
    }
}

void RecordAssembler::emit_ccm(std::string_view text, std::size_t close, const LineLoc& loc) {
    LogRecord& record = blank_record();
    record.format = LogFormat::ccm;
    const std::size_t message_begin = kCcmOpen.size();
    if (close == npos) {  // truncated before the attributes: the message as far as it goes
        record.message = finish_message(text.substr(message_begin));
    } else {
        record.message = finish_message(text.substr(message_begin, close - message_begin));
        const CcmAttributes attrs = parse_ccm_attributes(text.substr(close + kCcmClose.size()));
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
    emit(record, loc);
}

void RecordAssembler::emit_bare(std::string_view text, const LineLoc& loc) {
    LogRecord& record = blank_record();
    record.message = finish_message(text);
    if (record.message.empty()) return;
    record.severity = keyword_severity(record.message);
    record.format = LogFormat::bare;
    emit(record, loc);
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
    r.format = LogFormat::bare;
    return r;  // file, line and offset are always set by emit()
}

void RecordAssembler::emit(LogRecord& record, const LineLoc& loc) {
    record.file = paths_[loc.file];
    record.line = loc.line;
    record.offset = loc.offset;
    FileTally& tally = tallies_[loc.file];
    ++tally.records;
    ++tally.by_format[static_cast<std::size_t>(record.format)];
    tally.components.add(record.component);
    sink_(record);
}

}  // namespace amtdiag::parsers::cmlog::detail
