#pragma once
// One-touch PID/PPS pairs (amt-protocol.md §2): PID 8 characters whose last is the check
// character of the first seven; PPS 32 characters in 8 groups of 4, each group's fourth the
// check character of its first three. Display form: a dash every 4 characters.
#include <functional>
#include <string>
#include <string_view>

namespace amtdiag::provisioning {

struct PairCheck {
    bool ok = false;
    // Which part and group is wrong, never the secret's characters: "PPS group 3 of 8: the
    // check character is wrong". Empty when ok.
    std::string problem;
};

// Dashes are optional; lowercase is refused (the firmware takes A-Z and 0-9 only).
PairCheck check_pid(std::string_view pid);
PairCheck check_pps(std::string_view pps);

// `random_index(n)` returns a uniform index below n: the CLI passes OpenSSL's CSPRNG, the
// simulation its seeded generator.
std::string generate_pid(const std::function<unsigned(unsigned)>& random_index);
std::string generate_pps(const std::function<unsigned(unsigned)>& random_index);
// "0000037M" -> "0000-037M".
std::string with_dashes(std::string_view raw);

}  // namespace amtdiag::provisioning
