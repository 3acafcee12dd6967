// pcapng, read block by block here rather than through libpcap. libpcap 1.10 reports one link
// type per file (pcap_datalink), gives no interface id with a packet, and stops with "an
// interface has a type N different from the type of the first interface" (or a different
// snapshot length) at the second interface of a capture taken on, say, Ethernet and a VPN's
// raw IP at once — exactly the captures an engineer takes on a server with two networks.
// tcpdump, which uses libpcap, fails on such files the same way.
//
// What is read: section headers (either byte order, several sections), interface
// descriptions (link type, if_tsresol, if_tsoffset), enhanced, simple and obsolete packet
// blocks. Everything else is skipped by its length.
#include <algorithm>
#include <cstring>

#include "parsers/pcap/capture_source.h"

namespace amtdiag::parsers::pcap {

namespace {

constexpr uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kInterface = 1, kObsoletePacket = 2, kSimplePacket = 3, kEnhancedPacket = 6;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
// No packet is larger than this; a longer block is damage, not a packet worth 1 GiB of memory.
constexpr uint32_t kMaxBlockBytes = 16u << 20;

// Nanoseconds in an int64_t reach the year 2262; a damaged or odd if_tsresol/if_tsoffset
// can name any second at all, so the seconds are held to [1970, 2255] before scaling.
constexpr int64_t kMaxSeconds = 9'000'000'000;

int64_t time_ns(uint64_t seconds, int64_t offset, int64_t fraction) {
    int64_t s =
        seconds > static_cast<uint64_t>(kMaxSeconds) ? kMaxSeconds : static_cast<int64_t>(seconds);
    s = offset > 0 ? (s > kMaxSeconds - offset ? kMaxSeconds : s + offset)
                   : (offset < -kMaxSeconds || s < -offset ? 0 : s + offset);
    return s * 1'000'000'000 + fraction;
}

struct Interface {
    uint32_t link_type = 0;
    uint32_t snap_length = 0;
    uint64_t units_per_second = 1'000'000;  // if_tsresol, default microseconds
    int64_t offset_seconds = 0;             // if_tsoffset
};

class PcapngSource final : public CaptureSource {
  public:
    explicit PcapngSource(FilePtr file) : file_(std::move(file)) {
        format_ = "pcapng";
        // The file's size bounds every block: a damaged length fails at once instead of
        // allocating up to kMaxBlockBytes for bytes that are not there.
        if (std::fseek(file_.get(), 0, SEEK_END) == 0) {
            const long end = std::ftell(file_.get());
            if (end > 0) size_ = static_cast<uint64_t>(end);
        }
        std::rewind(file_.get());
    }

    ReadResult next(RawPacket& packet) override {
        for (;;) {
            uint32_t type = 0;
            const ReadResult r = read_block(type);
            if (r != ReadResult::packet) return r;
            if (type == kSectionHeader) {
                if (!section_header()) return ReadResult::damaged;
            } else if (type == kInterface) {
                interface_description();
            } else if (type == kEnhancedPacket || type == kSimplePacket ||
                       type == kObsoletePacket) {
                packet_block(type, packet);
                return ReadResult::packet;
            }
        }
    }

  private:
    uint32_t u32(size_t at) const {
        uint32_t v = 0;
        std::memcpy(&v, body_.data() + at, 4);
        return swap_ ? __builtin_bswap32(v) : v;
    }
    uint16_t u16(size_t at) const {
        uint16_t v = 0;
        std::memcpy(&v, body_.data() + at, 2);
        return swap_ ? __builtin_bswap16(v) : v;
    }

    ReadResult fail(std::string why, bool truncated) {
        damage_ = std::move(why);
        truncated_ = truncated;
        return ReadResult::damaged;
    }

    // One block into body_ (the bytes between the two length fields).
    ReadResult read_block(uint32_t& type) {
        unsigned char head[8];
        const size_t got = std::fread(head, 1, sizeof head, file_.get());
        if (got == 0) return ReadResult::end;
        if (got < sizeof head) return fail("truncated record", true);
        uint32_t raw_type = 0, raw_length = 0;
        std::memcpy(&raw_type, head, 4);
        std::memcpy(&raw_length, head + 4, 4);
        if (raw_type == kSectionHeader) {
            // The byte order is only known from the section header's own magic.
            unsigned char bom[4];
            if (std::fread(bom, 1, 4, file_.get()) < 4) return fail("truncated record", true);
            uint32_t magic = 0;
            std::memcpy(&magic, bom, 4);
            if (magic == kByteOrderMagic)
                swap_ = false;
            else if (__builtin_bswap32(magic) == kByteOrderMagic)
                swap_ = true;
            else
                return fail("section header with an unknown byte-order magic", false);
            type = kSectionHeader;
            const uint32_t length = swap_ ? __builtin_bswap32(raw_length) : raw_length;
            if (length < 28 || length % 4 != 0 || length > kMaxBlockBytes)
                return fail("section header of impossible length " + std::to_string(length), false);
            body_.assign(reinterpret_cast<const char*>(bom), 4);
            return read_rest(length, 12);
        }
        if (!seen_section_) return fail("no section header before the first block", false);
        type = swap_ ? __builtin_bswap32(raw_type) : raw_type;
        const uint32_t length = swap_ ? __builtin_bswap32(raw_length) : raw_length;
        if (length < 12 || length % 4 != 0 || length > kMaxBlockBytes)
            return fail("block of impossible length " + std::to_string(length), false);
        body_.clear();
        return read_rest(length, 8);
    }

    // Reads the rest of a block of `length` bytes of which `have` are read.
    ReadResult read_rest(uint32_t length, uint32_t have) {
        if (size_ != 0 && offset_ + length > size_) return fail("truncated record", true);
        const size_t rest = length - have;  // body remainder + the trailing length
        const size_t start = body_.size();
        body_.resize(start + rest);
        if (std::fread(body_.data() + start, 1, rest, file_.get()) < rest)
            return fail("truncated record", true);
        uint32_t trailer = 0;
        std::memcpy(&trailer, body_.data() + body_.size() - 4, 4);
        if ((swap_ ? __builtin_bswap32(trailer) : trailer) != length)
            return fail("block length fields disagree", false);
        body_.resize(body_.size() - 4);
        offset_ += length;
        return ReadResult::packet;
    }

    bool section_header() {
        seen_section_ = true;
        interfaces_.clear();  // interface ids are per section
        if (u16(4) != 1) {
            damage_ = "pcapng major version " + std::to_string(u16(4)) + " is not 1";
            return false;
        }
        good_offset_ = offset_;
        return true;
    }

    void interface_description() {
        good_offset_ = offset_;
        if (body_.size() < 8) return;
        Interface itf;
        itf.link_type = u16(0);
        itf.snap_length = u32(4);
        // Options: code u16, length u16, value padded to 4.
        size_t at = 8;
        while (at + 4 <= body_.size()) {
            const uint16_t code = u16(at), len = u16(at + 2);
            at += 4;
            if (code == 0 || at + len > body_.size()) break;
            if (code == 9 && len >= 1) {  // if_tsresol
                const auto v = static_cast<uint8_t>(body_[at]);
                const unsigned exp = v & 0x7F;
                if ((v & 0x80) != 0 && exp < 63)
                    itf.units_per_second = uint64_t{1} << exp;
                else if ((v & 0x80) == 0 && exp <= 18) {
                    itf.units_per_second = 1;
                    for (unsigned i = 0; i < exp; ++i) itf.units_per_second *= 10;
                }
            } else if (code == 14 && len >= 8) {  // if_tsoffset
                uint64_t v = 0;
                std::memcpy(&v, body_.data() + at, 8);
                itf.offset_seconds = static_cast<int64_t>(swap_ ? __builtin_bswap64(v) : v);
            }
            at += (len + 3u) & ~3u;
        }
        interfaces_.push_back(itf);
        link_types_.push_back(itf.link_type);
    }

    // A packet block whose contents cannot be read still counts as a packet (numbers stay
    // those of other tools); `problem` says why it is empty. The framing is still sound.
    void packet_block(uint32_t type, RawPacket& packet) {
        packet = RawPacket{};
        auto bad = [&](std::string why) {
            problem_ = std::move(why);
            packet.problem = problem_;
        };
        uint32_t ifid = 0, caplen = 0, origlen = 0;
        uint64_t ts = 0;
        size_t data_at = 0;
        if (type == kEnhancedPacket || type == kObsoletePacket) {
            if (body_.size() < 20) return bad("packet block too short");
            ifid = type == kEnhancedPacket ? u32(0) : u16(0);
            ts = uint64_t{u32(4)} << 32 | u32(8);
            caplen = u32(12);
            origlen = u32(16);
            data_at = 20;
        } else {
            if (body_.size() < 4) return bad("simple packet block too short");
            origlen = u32(0);
            data_at = 4;
            caplen = static_cast<uint32_t>(body_.size() - 4);
            if (!interfaces_.empty() && interfaces_[0].snap_length != 0)
                caplen = std::min(caplen, interfaces_[0].snap_length);
            caplen = std::min(caplen, origlen);
        }
        good_offset_ = offset_;
        if (ifid >= interfaces_.size())
            return bad("packet names interface " + std::to_string(ifid) +
                       ", which the section does not describe");
        if (caplen > body_.size() - data_at) return bad("captured length longer than its block");
        const Interface& itf = interfaces_[ifid];
        // Whole seconds and the fraction separately: ts * 1e9 would overflow for fine units.
        const uint64_t units = itf.units_per_second;
        const uint64_t rest = ts % units;
        const auto fraction = units <= 1'000'000'000 && 1'000'000'000 % units == 0
                                  ? static_cast<int64_t>(rest * (1'000'000'000 / units))
                                  : static_cast<int64_t>(static_cast<long double>(rest) * 1e9L /
                                                         static_cast<long double>(units));
        packet.time_ns = time_ns(ts / units, itf.offset_seconds, fraction);
        packet.link_type = itf.link_type;
        packet.interface = ifid;
        packet.original_length = origlen;
        packet.data = std::string_view(body_.data() + data_at, caplen);
    }

    FilePtr file_;
    std::string body_;
    bool swap_ = false;
    bool seen_section_ = false;
    uint64_t offset_ = 0;
    uint64_t size_ = 0;  // 0 when the stream cannot tell
    std::vector<Interface> interfaces_;
    std::string problem_;
};

}  // namespace

std::unique_ptr<CaptureSource> open_pcapng(FilePtr file, std::string& error) {
    if (!file) {
        error = "no file";
        return nullptr;
    }
    return std::make_unique<PcapngSource>(std::move(file));
}

}  // namespace amtdiag::parsers::pcap
