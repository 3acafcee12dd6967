#pragma once
// What an endpoint manager (the one-touch provisioning server of the seed: it generates the
// PID/PPS pairs and lists the devices it provisioned) lets an administrator export or print:
//   - the list of generated provisioning IDs: one PID ("XXXX-XXXC") with its PPS (eight groups
//     "XXXC-...-XXXC") per line, as printed, as text or as CSV (columns named PID and PPS may
//     also hold the characters without dashes);
//   - the unmanaged-device list: a CSV or tab-separated table with a UUID column (and usually
//     a name and an IP address).
// Pure functions over decoded text; the PPS is a secret and never leaves this file's parse:
// only whether its check characters are right is kept.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::epm {

struct PidEntry {
    uint64_t line = 0;
    std::string pid;  // display form "XXXX-XXXC", upper case
    bool pid_checksum_ok = false;
    bool pps_checksum_ok = false;
    std::vector<int> bad_pps_groups;  // 1-based groups whose check character is wrong
    std::string masked_line;          // the line with the PPS replaced by asterisks
};

struct ListedDevice {
    uint64_t line = 0;
    std::string uuid;  // canonical upper case
    std::string name;
    std::string ip;
};

struct KeyLists {
    std::vector<PidEntry> pids;
    std::vector<ListedDevice> devices;
    std::vector<std::string> notes;       // lines that looked like entries but were not
    uint64_t damaged = 0;                 // lines of a list that could not be read
    std::vector<uint64_t> damaged_lines;  // the first few of them
};

KeyLists parse_key_lists(std::string_view text);

// Detection confidence (0: neither list) from the first bytes, or from their parse (so a
// detector that asks both questions parses once).
int pid_list_confidence(const KeyLists& lists);
int device_list_confidence(const KeyLists& lists);
int pid_list_confidence(std::string_view text);
int device_list_confidence(std::string_view text);

// The check character of `chars` (amt-protocol.md §2: the sum of the ASCII codes mod 36, as
// '0'-'9' then 'A'-'Z'), the rule for the PID's last character and each PPS group's fourth.
char check_character(std::string_view chars);

}  // namespace amtdiag::parsers::epm
