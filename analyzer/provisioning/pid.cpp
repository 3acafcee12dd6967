#include "analyzer/provisioning/pid.h"

#include "parsers/hello/hello.h"

namespace amtdiag::provisioning {

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string strip(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (c != '-') out.push_back(c);
    return out;
}

bool allowed(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

std::string check_char(std::string_view chars) {
    unsigned sum = 0;
    for (const char c : chars) sum += static_cast<unsigned char>(c);
    return std::string(1, kAlphabet[sum % 36]);
}

}  // namespace

PairCheck check_pid(std::string_view text) {
    const std::string raw = strip(text);
    PairCheck r;
    if (raw.size() != 8) {
        r.problem = "PID: 8 characters expected (XXXX-XXXC), got " + std::to_string(raw.size());
        return r;
    }
    for (size_t i = 0; i < raw.size(); ++i)
        if (!allowed(raw[i])) {
            r.problem =
                "PID group " + std::to_string(i / 4 + 1) + " of 2: only A-Z and 0-9 are allowed";
            return r;
        }
    // The same rule as the hello decoder's, so the two never disagree.
    if (!parsers::hello::pid_checksum_ok(raw)) {
        r.problem = "PID group 2 of 2 ('" + raw.substr(4) + "'): the check character should be '" +
                    check_char(std::string_view(raw).substr(0, 7)) + "'";
        return r;
    }
    r.ok = true;
    return r;
}

PairCheck check_pps(std::string_view text) {
    const std::string raw = strip(text);
    PairCheck r;
    if (raw.size() != 32) {
        r.problem =
            "PPS: 32 characters expected (8 groups of 4), got " + std::to_string(raw.size());
        return r;
    }
    for (size_t g = 0; g < 8; ++g) {
        const std::string_view group = std::string_view(raw).substr(g * 4, 4);
        for (const char c : group)
            if (!allowed(c)) {
                r.problem =
                    "PPS group " + std::to_string(g + 1) + " of 8: only A-Z and 0-9 are allowed";
                return r;
            }
        if (check_char(group.substr(0, 3))[0] != group[3]) {
            // The expected character would give away a quarter of the group: not said.
            r.problem =
                "PPS group " + std::to_string(g + 1) + " of 8: the check character is wrong";
            return r;
        }
    }
    r.ok = true;
    return r;
}

std::string generate_pid(const std::function<unsigned(unsigned)>& random_index) {
    std::string raw;
    for (int i = 0; i < 7; ++i) raw.push_back(kAlphabet[random_index(36)]);
    raw += check_char(raw);
    return raw;
}

std::string generate_pps(const std::function<unsigned(unsigned)>& random_index) {
    std::string raw;
    for (int g = 0; g < 8; ++g) {
        std::string group;
        for (int i = 0; i < 3; ++i) group.push_back(kAlphabet[random_index(36)]);
        raw += group + check_char(group);
    }
    return raw;
}

std::string with_dashes(std::string_view raw) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        out.push_back(raw[i]);
    }
    return out;
}

}  // namespace amtdiag::provisioning
