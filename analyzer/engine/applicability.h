#pragma once
// Whether a rule or catalog check applies to a device: the provisioning path (out-of-band,
// in-band, one-touch), the authentication (PKI, PSK) and the firmware range, each taken from
// the command line when given there (--mode, --amt-version), otherwise from the evidence.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/correlate/correlator.h"
#include "analyzer/engine/catalog.h"
#include "analyzer/engine/rule.h"

namespace amtdiag::engine {

// What is known of how one device is provisioned, and from where ("--mode", "hello at
// capture.pcap packet 4", "the operation manager log"), for skip messages.
struct DeviceProfile {
    std::string mode;  // oob, inband, onetouch or ""
    std::string mode_source;
    std::string auth;  // pki, psk or ""
    std::string auth_source;
    std::string firmware;  // "11.8.50" or ""
    std::string firmware_source;
};

// The values --mode accepts, comma-separated: a path and/or an authentication.
bool is_mode_word(const std::string& word);

// `given` are the words of --mode; `firmware` is --amt-version. A device without evidence
// (site scope: nullptr) gets what the command line says.
DeviceProfile profile_of(const model::Device* device, const correlate::CorrelationResult& all,
                         const std::vector<std::string>& given, const std::string& firmware);

// ">= 6.0, < 11.0" as bounds; nullopt and `error` set when it does not read as such.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_version_range(
    const std::string& text, std::string& error);

bool version_in_range(const std::string& version,
                      const std::vector<std::pair<std::string, std::string>>& bounds);

// Why the rule does not apply to this device, or "" when it does (or may).
std::string rule_skip_reason(const Applicability& applies, const DeviceProfile& profile);

// The same for a catalog check's `applies_to` (oob, inband, pki, psk, legacy-fw, all).
std::string catalog_skip_reason(const CatalogCheck& check, const DeviceProfile& profile);

}  // namespace amtdiag::engine
