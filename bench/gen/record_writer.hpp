// Formats one record (template expansion + metadata) and hands it to the sink.
#pragma once

#include "encoded_sink.hpp"
#include "message_template.hpp"
#include "record_format.hpp"

namespace amtdiag::bench {

class RecordWriter {
  public:
    RecordWriter(EncodedSink& sink, LogFormat format, int bias_minutes)
        : sink_(sink), formatter_(format, bias_minutes) {}

    void Emit(LocalMillis time, unsigned thread, std::string_view text, const MessageArgs& args) {
        line_.Clear();
        formatter_.Begin(line_);
        const std::size_t message_start = line_.Size();
        ExpandTemplate(text, args, line_);
        formatter_.Finish(line_, message_start, time, thread);
        sink_.Write(line_.View());
    }

    [[nodiscard]] std::uint64_t BytesWritten() const noexcept { return sink_.BytesWritten(); }

  private:
    EncodedSink& sink_;
    RecordFormatter formatter_;
    LineBuffer line_;
};

}  // namespace amtdiag::bench
