#pragma once
// Normalised device identifiers. Every reader and the correlator go through these so that
// "HP7800.vprolab.com." and "hp7800.vprolab.com" are one key.
#include <optional>
#include <string>
#include <string_view>

namespace amtdiag::model {

std::string normalize_fqdn(std::string_view fqdn);                 // lowercase, no trailing dot
std::string host_of_fqdn(std::string_view fqdn);                   // first label, lowercase
std::optional<std::string> normalize_uuid(std::string_view text);  // "XXXXXXXX-XXXX-..." uppercase
// SMBIOS stores the first three UUID groups little-endian; tools that print the raw bytes
// show them swapped. Both spellings name one machine, so correlation joins on both.
std::string uuid_byte_swapped(std::string_view canonical_uuid);
// "00-1A-2B-3C-4D-5E" from any of the usual spellings; "" when it is not 12 hex digits.
std::string normalize_mac(std::string_view text);
// "0" and "0.0.0.0" stand in for "no address" in the logs ("IP address '0'"): never a key.
bool is_placeholder_ip(std::string_view ip);

}  // namespace amtdiag::model
