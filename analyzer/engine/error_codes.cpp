#include "analyzer/engine/error_codes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace amtdiag::engine {

namespace {

std::string field(const expr::Map& map, const char* key) {
    auto it = map.find(key);
    return it != map.end() && it->second.type() == expr::ValueType::string ? it->second.as_string()
                                                                           : std::string();
}

// Character classes, ASCII only as in the "C" locale the analyzer runs in, from a table:
// every cited line's text is scanned for codes, character by character.
enum CharClass : uint8_t { kAlnum = 1, kHex = 2 };
constexpr std::array<uint8_t, 256> kCharClasses = [] {
    std::array<uint8_t, 256> classes{};
    for (int c = '0'; c <= '9'; ++c) classes[c] = kAlnum | kHex;
    for (int c = 'a'; c <= 'z'; ++c) classes[c] = kAlnum | (c <= 'f' ? kHex : 0);
    for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kAlnum | (c <= 'F' ? kHex : 0);
    return classes;
}();

bool is_hex_digit(char c) {
    return (kCharClasses[static_cast<unsigned char>(c)] & kHex) != 0;
}

bool is_alnum(char c) {
    return (kCharClasses[static_cast<unsigned char>(c)] & kAlnum) != 0;
}

}  // namespace

std::optional<ErrorCodes::Key> ErrorCodes::parse(std::string_view code) {
    Key key;
    if (code.size() > 2 && code[0] == '0' && (code[1] == 'x' || code[1] == 'X')) {
        code.remove_prefix(2);
        key.hex = true;
    } else if (code.size() == 8 && std::all_of(code.begin(), code.end(), is_hex_digit) &&
               !std::all_of(code.begin(), code.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        key.hex = true;  // "80041001": the client log prints HRESULTs without 0x
    } else if (code.size() == 8 && code[0] == '8' &&
               std::all_of(code.begin(), code.end(), is_hex_digit)) {
        key.hex = true;  // eight digits starting with 8: an HRESULT, not a decimal
    }
    if (code.empty() || code.size() > 16) return std::nullopt;
    const auto [ptr, ec] =
        std::from_chars(code.data(), code.data() + code.size(), key.value, key.hex ? 16 : 10);
    if (ec != std::errc() || ptr != code.data() + code.size()) return std::nullopt;
    return key;
}

ErrorCodes::ErrorCodes(const expr::Value& entries) {
    if (entries.type() != expr::ValueType::list) return;
    for (const auto& item : entries.as_list()) {
        if (item.type() != expr::ValueType::map) continue;
        const expr::Map& m = item.as_map();
        CodeInfo info{field(m, "code"),    field(m, "family"), field(m, "name"),
                      field(m, "meaning"), field(m, "also"),   field(m, "alias")};
        const auto key = parse(info.code);
        if (!key || info.family.empty() || info.name.empty()) continue;
        entries_.push_back(std::move(info));
        keys_.push_back(*key);
    }
    by_key_.resize(entries_.size());
    for (uint32_t i = 0; i < by_key_.size(); ++i) by_key_[i] = i;
    std::stable_sort(by_key_.begin(), by_key_.end(),
                     [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
}

std::vector<const CodeInfo*> ErrorCodes::lookup(std::string_view code,
                                                std::span<const std::string> families) const {
    std::vector<const CodeInfo*> out;
    const auto key = parse(code);
    if (!key) return out;
    struct ByKey {
        const std::vector<Key>& keys;
        bool operator()(uint32_t entry, const Key& k) const { return keys[entry] < k; }
        bool operator()(const Key& k, uint32_t entry) const { return k < keys[entry]; }
    };
    const auto [first, last] = std::equal_range(by_key_.begin(), by_key_.end(), *key, ByKey{keys_});
    for (auto it = first; it != last; ++it) {
        const uint32_t i = *it;
        if (!families.empty() &&
            std::find(families.begin(), families.end(), entries_[i].family) == families.end())
            continue;
        out.push_back(&entries_[i]);
    }
    return out;
}

std::vector<const CodeInfo*> ErrorCodes::find_in_text(std::string_view text) const {
    std::vector<const CodeInfo*> out;
    auto add = [&](std::string_view token) {
        for (const CodeInfo* info : lookup(token)) {
            if (std::find(out.begin(), out.end(), info) == out.end()) out.push_back(info);
            break;  // one meaning per code: the knowledge base lists the likeliest first
        }
    };
    // Word by word (a word: letters and digits): a code is a whole word of 5 to 8 hex digits,
    // after "0x" or not. Every cited line of every device is scanned, so a word is skipped as
    // soon as it is too long or holds a letter past 'f'.
    const size_t size = text.size();
    for (size_t i = 0; i < size;) {
        if (!is_alnum(text[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        const bool prefixed =
            size - i >= 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
        if (prefixed) j += 2;
        const size_t digits_start = j;
        while (j < size && is_hex_digit(text[j])) ++j;
        const size_t digits = j - digits_start;
        const bool word_end = j == size || !is_alnum(text[j]);
        if (word_end && digits >= 5 && digits <= 8) {
            const std::string_view token = text.substr(i, j - i);
            const auto key = parse(token);
            // HRESULT-sized hex values, and WinHTTP's decimal range.
            if (key && ((key->hex && key->value >= 0x10000) ||
                        (!key->hex && key->value >= 12001 && key->value <= 12186)))
                add(token);
        }
        while (j < size && is_alnum(text[j])) ++j;  // the rest of a word that is no code
        i = j;
    }
    return out;
}

}  // namespace amtdiag::engine
