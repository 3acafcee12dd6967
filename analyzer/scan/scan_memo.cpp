#include "analyzer/scan/scan_memo.h"

#include <cstring>

namespace amtdiag::scan {

namespace {

// Eight bytes a step, multiply and fold: the messages are short and most of them are looked
// up once, so the hash must cost far less than the scan it may save.
uint64_t text_hash(std::string_view text) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ text.size();
    const char* p = text.data();
    size_t n = text.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        std::memcpy(&word, p, sizeof word);
        h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    if (n > 0) {
        uint64_t word = 0;
        std::memcpy(&word, p, n);
        h = (h ^ word) * 0x94D049BB133111EBull;
    }
    h ^= h >> 33;
    return h * 0xFF51AFD7ED558CCDull;  // the slot is taken from the top bits, the best mixed
}

}  // namespace

ScanMemo::ScanMemo() : slots_(kSlots) {}

bool ScanMemo::recall(std::string_view message, std::vector<MatchHit>& hits,
                      std::vector<Capture>& captures) {
    pending_ = nullptr;
    if (message.size() > kMaxText) return false;
    const uint64_t hash = text_hash(message);
    Slot& slot = slots_[hash >> (64 - kSlotBits)];
    if (!slot.used || slot.hash != hash || std::string_view(slot.text) != message) {
        pending_ = &slot;
        pending_hash_ = hash;
        ++missed_;
        return false;
    }
    ++recalled_;
    hits.assign(slot.hits.begin(), slot.hits.end());
    captures.clear();
    for (const CapturePlace& place : slot.captures)
        captures.push_back({place.name, message.substr(place.at, place.size)});
    return true;
}

void ScanMemo::remember(std::string_view message, std::span<const MatchHit> hits,
                        std::span<const Capture> captures) {
    if (pending_ == nullptr) return;
    Slot& slot = *pending_;
    pending_ = nullptr;
    slot.used = true;
    slot.hash = pending_hash_;
    slot.text.assign(message);
    slot.hits.assign(hits.begin(), hits.end());
    slot.captures.clear();
    for (const Capture& capture : captures)
        slot.captures.push_back({capture.name,
                                 static_cast<uint32_t>(capture.value.data() - message.data()),
                                 static_cast<uint32_t>(capture.value.size())});
}

}  // namespace amtdiag::scan
