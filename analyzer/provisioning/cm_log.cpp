#include "analyzer/provisioning/cm_log.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "analyzer/provisioning/clock.h"

namespace amtdiag::provisioning {

CmLog::CmLog(std::string path, std::string component, LogStyle style, int bias_minutes,
             uint64_t max_bytes)
    : path_(std::move(path)),
      component_(std::move(component)),
      style_(style),
      bias_(bias_minutes),
      max_bytes_(max_bytes) {
    open();
}

void CmLog::open() {
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (!out_) throw std::runtime_error("cannot write " + path_);
    size_ = 0;
}

void CmLog::rollover() {
    out_.close();
    std::filesystem::path p(path_);
    std::filesystem::path old = p;
    old.replace_extension(".lo_");
    std::filesystem::rename(p, old);
    ++rollovers_;
    open();
}

void CmLog::line(int64_t utc_ms, unsigned thread, std::string_view text, int ccm_type) {
    if (deferring_) {
        held_.push({utc_ms, held_seq_++, thread, std::string(text), ccm_type});
        return;
    }
    release_until(utc_ms);
    write_line(utc_ms, thread, text, ccm_type);
}

void CmLog::release_until(int64_t utc_ms) {
    while (!held_.empty() && held_.top().ms <= utc_ms) {
        const Held h = held_.top();
        held_.pop();
        write_line(h.ms, h.thread, h.text, h.type);
    }
}

void CmLog::finish() {
    release_until(last_ms_);
    held_ = {};
}

void CmLog::write_line(int64_t utc_ms, unsigned thread, std::string_view text, int ccm_type) {
    last_ms_ = std::max(last_ms_, utc_ms);
    // ConfigMgr writes local time: UTC = local + bias, so local = UTC - bias.
    const Civil c = civil_from_ms(utc_ms - int64_t{bias_} * 60'000);
    char bias[8];
    std::snprintf(bias, sizeof bias, "%+d", bias_);
    std::string rec;
    rec.reserve(text.size() + 120);
    char stamp[96];
    if (style_ == LogStyle::sms_trace) {
        rec.append(text);
        std::snprintf(stamp, sizeof stamp, "  $$<%s><%02d-%02d-%04d %02d:%02d:%02d.%03d%s>",
                      component_.c_str(), c.month, c.day, c.year, c.hour, c.minute, c.second,
                      c.millis, bias);
        rec.append(stamp);
        std::snprintf(stamp, sizeof stamp, "<thread=%u (0x%X)>\r\n", thread, thread);
        rec.append(stamp);
    } else {
        rec.append("<![LOG[").append(text).append("]LOG]!>");
        std::snprintf(stamp, sizeof stamp,
                      "<time=\"%02d:%02d:%02d.%03d%s\" date=\"%02d-%02d-%04d\" component=\"",
                      c.hour, c.minute, c.second, c.millis, bias, c.month, c.day, c.year);
        rec.append(stamp).append(component_);
        std::snprintf(stamp, sizeof stamp,
                      "\" context=\"\" type=\"%d\" thread=\"%u\" file=\"\">\r\n", ccm_type, thread);
        rec.append(stamp);
    }
    if (max_bytes_ > 0 && size_ > 0 && size_ + rec.size() > max_bytes_) rollover();
    out_.write(rec.data(), static_cast<std::streamsize>(rec.size()));
    if (!out_) throw std::runtime_error("cannot write " + path_);
    size_ += rec.size();
    total_ += rec.size();
}

}  // namespace amtdiag::provisioning
