#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace amtdiag::model {

// Artifact kinds use the catalog's evidence vocabulary (amtopmgr-log, pcap-hello, cert-chain,
// ...) so that a rule's `needs` and an artifact's kind speak the same words. Kinds that the
// catalog has no word for (a ConfigMgr log of another component) get their own: `cm-log`.
namespace artifact_kind {
inline constexpr const char* amtopmgr_log = "amtopmgr-log";
inline constexpr const char* amtproxymgr_log = "amtproxymgr-log";
inline constexpr const char* oobmgmt_log = "oobmgmt-log";
inline constexpr const char* amtspsetup_log = "amtspsetup-log";
inline constexpr const char* oob_console_log = "oob-console-log";
inline constexpr const char* other_cm_log = "cm-log";
inline constexpr const char* unknown = "unknown";
inline constexpr const char* empty = "empty";  // a file of no bytes: listed, nothing to read
}  // namespace artifact_kind

enum class ReadStatus : uint8_t { ok, error };

struct Artifact {
    std::string path;
    std::string kind = artifact_kind::unknown;
    std::string sha256;  // lowercase hex of the bytes read; empty when unreadable
    uint64_t size = 0;
    ReadStatus status = ReadStatus::ok;
    std::string error;   // why it could not be read or was not understood
    std::string detail;  // e.g. "sms-trace, utf-16le (BOM), 1234 records"
    // Evidence kinds of the catalog's vocabulary this artifact gave beyond its own kind: a
    // capture that held hellos and DHCP provides "pcap-hello" and "pcap-dhcp". Rules' `needs`
    // and has_artifact() see these as well as `kind`.
    std::vector<std::string> provides;
    // What a reader repaired or skipped while reading (zero and empty for a clean file).
    uint64_t damaged_records = 0;
    std::vector<uint64_t> damaged_lines;  // the first few
    uint64_t skipped_bytes = 0;
    std::vector<std::string> notes;  // one sentence per kind of damage or repair
};

}  // namespace amtdiag::model
