#include "analyzer/provisioning/knobs.h"

#include <algorithm>
#include <array>

namespace amtdiag::provisioning {

namespace {

// Grouped by the part of the world they describe; find_knob scans (a few dozen entries).
constexpr std::array kKnobs = std::to_array<Knob>({
    {"ad.delete_ok", "true", "the proxy component can delete the AMT object in the OU"},
    {"ad.ou_exists", "true", "the OU the site publishes AMT objects to exists"},
    {"ad.ou_full_control", "true", "the site server accounts have Full Control on the OU"},
    {"browser.dns_has_record", "true",
     "the branch DNS server of the browser host holds the A record"},
    {"ca.cdp_aia_malformed", "false", "the issued certificates carry a malformed CRL/AIA"},
    {"ca.online", "true", "the issuing CA answers the proxy component (revocation)"},
    {"ca.issue_manage", "true", "the site servers hold Issue and Manage Certificates on the CA"},
    {"ca.issuing_chain_on_server", "true", "the issuing CA certificate is on the site server"},
    {"ca.issuing_expired", "false", "the issuing CA certificate has expired"},
    {"ca.template_read_enroll", "true", "Read and Enroll on the AMT web server template"},
    {"cert.amt_oid", "true", "the provisioning certificate's EKU holds the AMT OID"},
    {"cert.amt_ou", "false", "the provisioning certificate's subject holds the AMT OU"},
    {"cert.domain", "", "the provisioning certificate's domain (empty: the site's domain)"},
    {"cert.expired", "false", "the provisioning certificate expired before the run"},
    {"cert.intermediate_on_server", "true", "the provisioning chain's intermediate is installed"},
    {"cert.key_bits", "2048", "RSA key size of the provisioning certificate (2048 or 1024)"},
    {"cert.server_auth_eku", "true", "the provisioning certificate's EKU holds server auth"},
    {"console.user_groups", "40", "groups of the console operator (Kerberos token size)"},
    {"console.trusts_chain", "true", "the console host trusts the AMT web server chain"},
    {"device.agent_version", "4.00.6221.1000", "ConfigMgr client version on the host (SP1)"},
    {"device.assigned_site", "", "the site code the agent is assigned to (empty: the site's)"},
    {"device.forward_record", "true", "DNS holds the device's A record for browsers"},
    {"device.hostname", "", "OS/ME host name override (empty: the scenario's host)"},
    {"device.unprovision_fails", "false", "the device goes away during un-provisioning"},
    {"device.agent_installed", "false", "the ConfigMgr agent runs on the host (in-band: true)"},
    {"device.already_provisioned", "false", "the ME is already in post-provisioning"},
    {"device.commit_fails", "false", "CommitChanges returns PT_STATUS_INTERNAL_ERROR"},
    {"device.dhcp", "true", "the host and the ME take their address from DHCP"},
    {"device.domain_member", "true", "the host is joined to the domain"},
    {"device.firmware", "6.2.10", "AMT firmware version"},
    {"device.epm_listed", "true", "the endpoint manager lists the device once provisioned"},
    {"device.hello_enabled", "true", "the ME sends hellos while in setup mode"},
    {"device.hello_port", "9971", "the provisioning server port set in MEBX"},
    {"device.hello_stops_early", "false", "the hello series ends before its schedule does"},
    {"device.imported", "true", "the device's UUID was imported into the site"},
    {"device.imported_without_name", "false",
     "the computer was imported for out-of-band management without a host name"},
    {"device.mebx_password_matches", "true", "MEBX password equals a provisioning account"},
    {"device.mei_driver", "true", "the HECI/MEI driver is installed on the host"},
    {"device.pid_checksum_ok", "true", "the PID entered in MEBX has a valid check character"},
    {"device.pid_in_epm_list", "true", "the PID keyed in is from the endpoint manager's batch"},
    {"device.policy_received", "true", "the in-band agent holds the auto-provisioning policy"},
    {"device.powered_down_later", "false", "the device is off (S5, no power package) later"},
    {"device.psk_matches", "true", "the PSK in MEBX is the one the WS-MAN Translator uses"},
    {"device.reaches_site", "true", "the device's requests reach the site at all"},
    {"device.root_hash_in_amt", "true", "the provisioning root's hash is in the ME's list"},
    {"device.sol_ider_enabled", "true", "SOL and IDE-R are enabled in MEBX and in the BIOS"},
    {"device.time_sync_fails", "false", "SetHighAccuracyTimeSynch is refused (bad clock)"},
    {"device.acl_entry_fails", "false", "SetAdminAclEntryEx is refused (duplicate entry)"},
    {"device.tls_321_self_signed", "false", "3.2.1 firmware presents its self-signed cert"},
    {"net.ddns_registers", "true", "DHCP registers the clients' names in DNS"},
    {"net.dhcp_option15", "true", "DHCP gives option 15 (domain name)"},
    {"net.dhcp_option81", "true", "DHCP answers option 81 (client FQDN)"},
    {"net.port_16993_open", "true", "TCP 16993 to the device passes the firewall"},
    {"net.provisionserver_record", "true", "DNS holds provisionserver.<domain>"},
    {"net.ptr_matches", "true", "reverse lookups name the host forward lookups resolve"},
    {"net.server_domain", "", "the site server's DNS domain (empty: the site's domain)"},
    {"site.bias_minutes", "480", "the site's time zone bias as ConfigMgr writes it"},
    {"site.code", "ISW", "the site code (the guide's lab: ISW)"},
    {"site.configmgr_version", "4.00.6221.1000", "ConfigMgr 2007 version (SP1)"},
    {"site.domain", "vprolab.com", "the AD/DNS domain of site and clients"},
    {"site.hotfixes_missing", "", "Appendix A/B hot fixes absent from the site server"},
    {"site.log_max_bytes", "250000", "ConfigMgr log size before rollover to .lo_"},
    {"site.os_sp", "1", "service pack of the site server's Windows Server 2003"},
    {"site.policy_enabled_hours_before", "",
     "automatic provisioning was enabled this many hours before the run (policypv.log says "
     "when; empty: long before, no such log)"},
    {"site.psk_peer_clients", "0",
     "one-touch PSK clients provisioned beside the scenario's devices, set up the site's way"},
    {"site.service_point", "true", "the out of band service point role installed"},
    {"site.prov_cert_installed", "true", "the provisioning certificate is in the server store"},
    {"site.server_host", "sccm01", "the site server's host name"},
    {"site.server_ip", "192.168.20.30", "the site server's address"},
    {"site.wsman_translator", "true", "the Intel WS-MAN Translator is installed"},
    {"unprovision.run", "false", "the run ends with a full un-provisioning of each device"},
});

}  // namespace

std::span<const Knob> knobs() {
    return kKnobs;
}

const Knob* find_knob(std::string_view key) {
    for (const Knob& k : kKnobs)
        if (k.key == key) return &k;
    return nullptr;
}

}  // namespace amtdiag::provisioning
