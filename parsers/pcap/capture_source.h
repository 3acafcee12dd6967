#pragma once
// Packets out of a capture file: classic pcap through libpcap, pcapng through our own block
// reader (pcapng_source.cpp says why). Both read from a FILE*, so a capture in memory
// (fmemopen, for the fuzzer) reads like one on disk.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::pcap {

struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

struct RawPacket {
    int64_t time_ns = 0;     // since the epoch, UTC
    uint32_t link_type = 0;  // LINKTYPE_* of the packet's interface (DLT_* for classic pcap)
    uint32_t interface = 0;
    uint32_t original_length = 0;
    std::string_view data;  // valid until the next call to next()
    // Not empty: the record is there but cannot be read (an interface the file never
    // described); it still counts as a packet.
    std::string_view problem;
};

enum class ReadResult { packet, end, damaged };

class CaptureSource {
  public:
    virtual ~CaptureSource() = default;
    virtual ReadResult next(RawPacket& packet) = 0;
    // After `damaged`: what was wrong ("truncated record", libpcap's message...).
    const std::string& damage() const { return damage_; }
    bool truncated() const { return truncated_; }
    // Byte offset just past the last record read whole (for skipped_bytes).
    uint64_t good_offset() const { return good_offset_; }
    const std::string& format() const { return format_; }  // "pcap (microseconds, ...)"
    // The link type of each interface in order of appearance.
    const std::vector<uint32_t>& link_types() const { return link_types_; }

  protected:
    std::string damage_;
    bool truncated_ = false;
    uint64_t good_offset_ = 0;
    std::string format_;
    std::vector<uint32_t> link_types_;
};

// Takes the file; on failure returns nullptr and says why in `error`.
std::unique_ptr<CaptureSource> open_capture(FilePtr file, std::string& error);
std::unique_ptr<CaptureSource> open_pcapng(FilePtr file, std::string& error);

// What a capture's first bytes say: "pcap", "pcapng" or "" (not a capture).
std::string_view capture_magic(std::string_view head);

}  // namespace amtdiag::parsers::pcap
