// Message templates: figure text with {placeholders} for the per-device and
// per-attempt parts. Expanded straight into the record buffer (no allocation).
//
// Placeholders:
//   {host} FQDN            {HOST} upper-case short host name   {uuid} SMBIOS UUID
//   {mid}  MachineId       {k}    retry counter                {wt}   work thread id
//   {n}    thread-pool size {smx} state message file stem      {dc}   LDAP server
//   {dn}   domain DN        {hash} provisioning cert thumbprint {core} AMT core version
//   {soap} failing SOAP call name                               {st}   its status code
#pragma once

#include <string_view>

#include "line_buffer.hpp"

namespace amtdiag::bench {

struct SiteArgs {
    std::string_view dc_host;       // dc0.vprolab.com
    std::string_view base_dn;       // DC=vprolab,DC=com
    std::string_view cert_hash;     // provisioning certificate thumbprint
    std::string_view core_version;  // 3.2.1
};

struct MessageArgs {
    const SiteArgs* site = nullptr;
    std::string_view host;
    std::string_view host_upper;
    std::string_view uuid;
    std::string_view smx;
    std::string_view soap_call;
    std::string_view soap_status;
    unsigned machine_id = 0;
    unsigned retry = 0;
    unsigned work_thread = 0;
    unsigned pool_size = 1;
};

// Appends `text` with placeholders replaced. Unknown placeholders are copied as-is;
// ValidateTemplate reports them (run once over all tables at start-up).
void ExpandTemplate(std::string_view text, const MessageArgs& args, LineBuffer& out) noexcept;

// Returns the first unknown placeholder in `text`, or an empty view.
[[nodiscard]] std::string_view FindUnknownPlaceholder(std::string_view text) noexcept;

}  // namespace amtdiag::bench
