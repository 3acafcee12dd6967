#include "analyzer/scan/secret_mask.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace amtdiag::scan {

namespace {

constexpr std::array<std::string_view, 6> kKeywords = {"password", "passwd", "passphrase",
                                                       "pps",      "psk",    "pwd"};

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Every keyword begins with "pass", "pps", "psk" or "pwd": text without one of these (nearly
// every excerpt and message) needs neither the lowered copy nor the searches. Two letters
// were not enough: "https" and "apply" hold "ps" and "pp".
bool may_hold_keyword(const std::string& text) {
    auto lower_at = [&](size_t i) { return static_cast<char>(text[i] | 0x20); };
    for (size_t i = 0; i + 2 < text.size(); ++i) {
        if (lower_at(i) != 'p') continue;
        const char second = lower_at(i + 1);
        const char third = lower_at(i + 2);
        if ((second == 'a' && third == 's' && i + 3 < text.size() && lower_at(i + 3) == 's') ||
            (second == 'p' && third == 's') || (second == 's' && third == 'k') ||
            (second == 'w' && third == 'd'))
            return true;
    }
    return false;
}

}  // namespace

bool mask_secrets(std::string& text) {
    if (!may_hold_keyword(text)) return false;
    bool masked = false;
    std::string lower(text.size(), '\0');
    std::transform(text.begin(), text.end(), lower.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    for (std::string_view keyword : kKeywords) {
        size_t pos = 0;
        while ((pos = lower.find(keyword, pos)) != std::string::npos) {
            size_t end = pos + keyword.size();
            const bool starts_word =
                pos == 0 || !std::isalpha(static_cast<unsigned char>(lower[pos - 1]));
            pos = end;
            if (!starts_word) continue;
            // Skip the rest of the word ("Password1"? no: "passwords", "PPS:"), then a separator.
            while (end < lower.size() && std::isalpha(static_cast<unsigned char>(lower[end])))
                ++end;
            size_t value = end;
            while (value < lower.size() && (lower[value] == ' ' || lower[value] == '\t')) ++value;
            if (value >= lower.size() || (lower[value] != '=' && lower[value] != ':')) continue;
            ++value;
            while (value < lower.size() && (lower[value] == ' ' || lower[value] == '\t' ||
                                            lower[value] == '"' || lower[value] == '\''))
                ++value;
            size_t stop = value;
            while (stop < lower.size() &&
                   (is_word(lower[stop]) || lower[stop] == '-' || lower[stop] == '.' ||
                    lower[stop] == '@' || lower[stop] == '!' || lower[stop] == '$' ||
                    lower[stop] == '#' || lower[stop] == '%'))
                ++stop;
            if (stop == value) continue;
            text.replace(value, stop - value, "***");
            masked = true;
            lower.replace(value, stop - value, "***");
            pos = value + 3;
        }
    }
    return masked;
}

}  // namespace amtdiag::scan
