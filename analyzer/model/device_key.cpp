#include "analyzer/model/device_key.h"

#include <cctype>

namespace amtdiag::model {

std::string normalize_fqdn(std::string_view fqdn) {
    while (!fqdn.empty() && fqdn.back() == '.') fqdn.remove_suffix(1);
    std::string out(fqdn);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string host_of_fqdn(std::string_view fqdn) {
    return normalize_fqdn(fqdn.substr(0, fqdn.find('.')));
}

std::optional<std::string> normalize_uuid(std::string_view text) {
    if (!text.empty() && text.front() == '{' && text.back() == '}')
        text = text.substr(1, text.size() - 2);
    std::string hex;
    for (char c : text) {
        if (c == '-') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        hex.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (hex.size() != 32) return std::nullopt;
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
           hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

std::string uuid_byte_swapped(std::string_view u) {
    if (u.size() != 36) return std::string(u);
    auto swap_group = [&](size_t pos, size_t len) {
        std::string out;
        for (size_t i = len; i >= 2; i -= 2) out.append(u.substr(pos + i - 2, 2));
        return out;
    };
    return swap_group(0, 8) + '-' + swap_group(9, 4) + '-' + swap_group(14, 4) +
           std::string(u.substr(18));
}

std::string normalize_mac(std::string_view text) {
    std::string hex;
    for (char c : text) {
        if (c == ':' || c == '-' || c == '.') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
        hex.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (hex.size() != 12) return {};
    std::string pretty;
    for (size_t i = 0; i < 12; i += 2) {
        if (i) pretty.push_back('-');
        pretty.append(hex, i, 2);
    }
    return pretty;
}

bool is_placeholder_ip(std::string_view ip) {
    return ip.empty() || ip == "0" || ip == "0.0.0.0";
}

}  // namespace amtdiag::model
