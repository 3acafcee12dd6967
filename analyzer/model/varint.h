#pragma once
// LEB128 varints (signed values zigzagged): the compact encodings of findings
// (finding_list.cpp) and of retained evidence samples (correlate/evidence_store.cpp) write
// their numbers this way, most of which fit one or two bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace amtdiag::model {

inline void put_varint(std::string& out, uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

inline uint64_t zigzag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t unzigzag(uint64_t raw) {
    return static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
}

// Reads what put_varint and plain bytes wrote, from trusted memory (the encoder's own
// output: no bounds are checked).
class VarintReader {
  public:
    explicit VarintReader(const char* at) : at_(at) {}
    uint64_t number() {
        uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<uint8_t>(*at_++);
            value |= static_cast<uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
    }
    int64_t signed_number() { return unzigzag(number()); }
    uint8_t byte() { return static_cast<uint8_t>(*at_++); }
    std::string_view bytes(size_t n) {
        const std::string_view out(at_, n);
        at_ += n;
        return out;
    }
    const char* position() const { return at_; }

  private:
    const char* at_;
};

}  // namespace amtdiag::model
