#pragma once
// What the local AMT tools print about the device, as engineers paste it:
//   rpc amtinfo        (Open AMT / Device Management Toolkit rpc-go): the classic
//                      "Label<tabs>: value" text, the newer aligned text under section titles
//                      ("AMT Device Information", "Wired Adapter"), and --json;
//   MeshCmd amtinfo    "Intel AMT v16.1.25, activated in Client Control Mode (CCM)." and
//                      "Wired Enabled, DHCP, <mac>, <ip>.";
//   Intel MEInfo(Win)  "FW Version   16.1.25.2020 H Corporate" and the AMT lines.
// One AmtInfo per tool block found.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hosttext {

struct AmtInfo {
    std::string tool;      // "rpc", "meshcmd", "meinfo"
    std::string firmware;  // "16.1.25" (major.minor.hotfix)
    std::string build;     // "2020"
    std::string sku;
    std::string features;
    std::string uuid;                // as printed
    std::string control_mode;        // "pre-provisioning", "ccm", "acm", "unknown", or as printed
    std::string provisioning_state;  // "pre", "in", "post", or as printed
    std::string dns_suffix;          // AMT's
    std::string os_dns_suffix;
    std::string pki_dns_suffix;
    std::string hostname;
    std::optional<bool> dhcp_enabled;  // wired
    std::string link_status;           // wired: "up", "down"
    std::string ip;                    // wired AMT address (placeholders dropped)
    std::string os_ip;
    std::string mac;  // wired, as printed
    uint64_t line = 0;
    std::string excerpt;
};

std::vector<AmtInfo> parse_amtinfo(std::string_view utf8_text);

int amtinfo_confidence(std::string_view utf8_text);

// "activated in client control mode" -> "ccm", ... (exposed for tests).
std::string normalize_control_mode(std::string_view text);
std::string normalize_provisioning_state(std::string_view text);

}  // namespace amtdiag::parsers::hosttext
