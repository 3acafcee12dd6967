#include "record_format.hpp"

#include <algorithm>
#include <cstring>

namespace amtdiag::bench {

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
    if (name == "sms-trace") return LogFormat::kSmsTrace;
    if (name == "ccm") return LogFormat::kCcm;
    if (name == "viewer") return LogFormat::kViewer;
    return std::nullopt;
}

RecordFormatter::RecordFormatter(LogFormat format, int bias_minutes)
    : format_(format), bias_(bias_minutes) {}

void RecordFormatter::Begin(LineBuffer& out) const {
    if (format_ == LogFormat::kCcm) out.Append("<![LOG[");
}

void RecordFormatter::AppendBias(LineBuffer& out) const {
    // Minutes, signed, "+480" = UTC-8 (spec §5). Zero is written "+000" as on UTC servers.
    out.Append(bias_ < 0 ? '-' : '+');
    const auto magnitude = static_cast<unsigned>(bias_ < 0 ? -bias_ : bias_);
    if (magnitude == 0) {
        out.Append("000");
    } else {
        out.AppendDecimal(magnitude);
    }
}

void RecordFormatter::Store(const LineBuffer& from, Block& to) {
    const std::string_view text = from.View();
    to.size = std::min(text.size(), to.text.size());
    std::memcpy(to.text.data(), text.data(), to.size);
}

// Everything between the message and the thread id, for one whole second.
void RecordFormatter::BuildTimeBlock(LocalMillis second_start) {
    const TimeSplitter::Fields f = splitter_.Split(second_start);
    LineBuffer b;
    const auto date_dashed = [&] {
        b.AppendPadded(f.date.month, 2);
        b.Append('-');
        b.AppendPadded(f.date.day, 2);
        b.Append('-');
        b.AppendPadded(static_cast<unsigned>(f.date.year), 4);
    };
    const auto time_with_millis = [&] {
        b.AppendPadded(f.hour, 2);
        b.Append(':');
        b.AppendPadded(f.minute, 2);
        b.Append(':');
        b.AppendPadded(f.second, 2);
        b.Append('.');
        millis_pos_ = b.Size();
        b.Append("000");
        AppendBias(b);
    };
    millis_pos_ = kNoMillis;
    switch (format_) {
        case LogFormat::kSmsTrace:
            // message  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480><thread=
            b.Append("  $$<");
            b.Append(kComponent);
            b.Append("><");
            date_dashed();
            b.Append(' ');
            time_with_millis();
            b.Append("><thread=");
            break;
        case LogFormat::kCcm:
            // ]LOG]!><time="13:43:12.000+480" date="01-14-2009" component="..." context="" type="
            b.Append("]LOG]!><time=\"");
            time_with_millis();
            b.Append("\" date=\"");
            date_dashed();
            b.Append("\" component=\"");
            b.Append(kComponent);
            b.Append("\" context=\"\" type=\"");
            break;
        case LogFormat::kViewer: {
            // <TAB>SMS_AMT_OPERATION_MANAGER<TAB>1/14/2009 1:43:12 PM<TAB>
            b.Append('\t');
            b.Append(kComponent);
            b.Append('\t');
            b.AppendDecimal(f.date.month);
            b.Append('/');
            b.AppendDecimal(f.date.day);
            b.Append('/');
            b.AppendDecimal(static_cast<unsigned>(f.date.year));
            b.Append(' ');
            b.AppendDecimal(f.hour % 12 == 0 ? 12 : f.hour % 12);
            b.Append(':');
            b.AppendPadded(f.minute, 2);
            b.Append(':');
            b.AppendPadded(f.second, 2);
            b.Append(f.hour < 12 ? " AM\t" : " PM\t");
            break;
        }
    }
    Store(b, time_block_);
}

// The thread id and the line end.
void RecordFormatter::BuildThreadBlock(unsigned thread, Block& block) const {
    LineBuffer b;
    switch (format_) {
        case LogFormat::kSmsTrace:  // 2436 (0x984)>CRLF
            b.AppendDecimal(thread);
            b.Append(" (0x");
            b.AppendHex(thread);
            b.Append(")>\r\n");
            break;
        case LogFormat::kCcm:  // " thread="2436" file="">CRLF
            b.Append("\" thread=\"");
            b.AppendDecimal(thread);
            b.Append("\" file=\"\">\r\n");
            break;
        case LogFormat::kViewer:  // 2436 (0x984)CRLF
            b.AppendDecimal(thread);
            b.Append(" (0x");
            b.AppendHex(thread);
            b.Append(")\r\n");
            break;
    }
    Store(b, block);
}

void RecordFormatter::Finish(LineBuffer& out, std::size_t message_start, LocalMillis time,
                             unsigned thread) {
    LocalMillis second = time - time % 1000;
    if (time % 1000 < 0) second -= 1000;
    if (second != cached_second_) {
        cached_second_ = second;
        BuildTimeBlock(second);
    }
    if (millis_pos_ != kNoMillis) {
        const auto ms = static_cast<unsigned>(time - second);
        time_block_.text[millis_pos_] = static_cast<char>('0' + ms / 100);
        time_block_.text[millis_pos_ + 1] = static_cast<char>('0' + ms / 10 % 10);
        time_block_.text[millis_pos_ + 2] = static_cast<char>('0' + ms % 10);
    }
    out.Append(std::string_view(time_block_.text.data(), time_block_.size));

    if (format_ == LogFormat::kCcm) {
        // Severity from the message, as the CCM writer would have set it explicitly.
        const std::string_view message = out.Since(message_start);
        out.Append(message.starts_with("Warning") ? '2' : message.starts_with("Error") ? '3' : '1');
    }

    ThreadBlock& cached = thread_cache_[thread % thread_cache_.size()];
    if (cached.id != thread) {
        cached.id = thread;
        BuildThreadBlock(thread, cached.block);
    }
    out.Append(std::string_view(cached.block.text.data(), cached.block.size));
}

}  // namespace amtdiag::bench
