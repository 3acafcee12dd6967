#pragma once
// ConfigMgr log files as the site and the client write them (cm-log-formats.md): the SMS
// trace format of the site server components (AMTOPMGR.LOG, AMTPROXYMGR.LOG) and the CCM
// format of client components (OOBMGMT.LOG). When a file would grow past its maximum, it is
// renamed to NAME.lo_ (replacing an older one) and a new NAME.log is started, as ConfigMgr
// does, so a long run keeps the last two files.
#include <cstdint>
#include <fstream>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::provisioning {

enum class LogStyle { sms_trace, ccm };

class CmLog {
  public:
    // `path` ends in .LOG or .log; `bias_minutes` follows ConfigMgr (UTC = local + bias).
    CmLog(std::string path, std::string component, LogStyle style, int bias_minutes,
          uint64_t max_bytes);
    CmLog(const CmLog&) = delete;
    CmLog& operator=(const CmLog&) = delete;

    void line(int64_t utc_ms, unsigned thread, std::string_view text, int ccm_type = 1);
    // Lines of the future (a device's later hellos) are held and written in time order once
    // the log reaches them; finish() writes those up to the last line and drops the rest.
    void set_deferring(bool on) { deferring_ = on; }
    void finish();
    uint64_t bytes_written() const { return total_; }
    int rollovers() const { return rollovers_; }
    const std::string& path() const { return path_; }

  private:
    struct Held {
        int64_t ms;
        uint64_t seq;
        unsigned thread;
        std::string text;
        int type;
        bool operator>(const Held& o) const { return ms != o.ms ? ms > o.ms : seq > o.seq; }
    };
    void open();
    void rollover();
    void write_line(int64_t utc_ms, unsigned thread, std::string_view text, int ccm_type);
    void release_until(int64_t utc_ms);

    bool deferring_ = false;
    uint64_t held_seq_ = 0;
    int64_t last_ms_ = 0;
    std::priority_queue<Held, std::vector<Held>, std::greater<>> held_;

    std::string path_;
    std::string component_;
    LogStyle style_;
    int bias_;
    uint64_t max_bytes_;
    std::ofstream out_;
    uint64_t size_ = 0;
    uint64_t total_ = 0;
    int rollovers_ = 0;
};

}  // namespace amtdiag::provisioning
