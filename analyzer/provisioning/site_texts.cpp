#include "analyzer/provisioning/site_texts.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "analyzer/provisioning/clock.h"

namespace amtdiag::provisioning {

namespace {

// Appendix A (Windows Server 2003 / ConfigMgr SP1) and Appendix B (KB908209) of the guide.
constexpr const char* kHotfixes[] = {"KB899900", "KB932303", "KB936059", "KB940848", "KB942841",
                                     "KB960804", "KB954718", "KB955126", "KB955114", "KB955355",
                                     "KB956337", "KB957183", "KB957469", "KB959040", "KB908209"};

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string netbios_domain(const World& w) {
    const std::string d = w.domain();
    return upper(d.substr(0, d.find('.')));
}

std::string pad2(size_t n) {
    return n < 10 ? "0" + std::to_string(n) : std::to_string(n);
}

}  // namespace

std::string site_server_inventory(const World& w) {
    const std::string host = upper(w.site.get("site.server_host"));
    const int64_t sp = w.site.num("site.os_sp");
    std::string o;
    o += "C:\\>reg query \\\\" + host + "\\HKLM\\SOFTWARE\\Microsoft\\SMS\\Setup\r\n\r\n";
    o += "\\\\" + host + "\\HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\r\n";
    o += "    Full Version    REG_SZ    " + w.site.get("site.configmgr_version") + "\r\n";
    o += "    Installation Directory    REG_SZ    C:\\Program Files\\Microsoft Configuration "
         "Manager\r\n";
    o += "    Product    REG_SZ    System Center Configuration Manager\r\n\r\n";
    o += "C:\\>systeminfo /s " + host + "\r\n\r\n";
    o += "Host Name:                 " + host + "\r\n";
    o += "OS Name:                   Microsoft(R) Windows(R) Server 2003, Enterprise Edition\r\n";
    o += "OS Version:                5.2.3790 " +
         (sp > 0 ? "Service Pack " + std::to_string(sp) + " " : std::string()) + "Build 3790\r\n";
    o += "OS Manufacturer:           Microsoft Corporation\r\n";
    o += "OS Configuration:          Member Server\r\n";
    o += "System Manufacturer:       HP\r\n";
    o += "System Model:              ProLiant DL380 G5\r\n";
    o += "Domain:                    " + w.server_domain() + "\r\n";
    o += "Logon Server:              \\\\DC01\r\n";
    const auto missing = w.site.list("site.hotfixes_missing");
    std::vector<std::string> installed = {"File 1", "Q147222"};
    for (const char* kb : kHotfixes)
        if (std::find(missing.begin(), missing.end(), kb) == missing.end())
            installed.push_back(std::string(kb) + " - Update");
    o += "Hotfix(s):                 " + std::to_string(installed.size()) +
         " Hotfix(s) Installed.\r\n";
    for (size_t i = 0; i < installed.size(); ++i)
        o += "                           [" + pad2(i + 1) + "]: " + installed[i] + "\r\n";
    o += "Network Card(s):           1 NIC(s) Installed.\r\n";
    o += "                           [01]: HP NC373i Multifunction Gigabit Server Adapter\r\n";
    o += "                                 Connection Name: Local Area Connection\r\n";
    o += "                                 DHCP Enabled:    No\r\n";
    o += "                                 IP address(es)\r\n";
    o += "                                 [01]: " + w.site.get("site.server_ip") + "\r\n";
    return o;
}

std::string service_point_setup_log(const World& w) {
    const Civil c =
        civil_from_ms(w.start_ms - 86'400'000 - w.site.num("site.bias_minutes") * 60'000);
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "<%02d/%02d/%02d %02d:%02d:%02d> ", c.month, c.day,
                  c.year % 100, c.hour, c.minute, c.second);
    // modeled: no public AMTSPSETUP.LOG; the shape of ConfigMgr 2007's role setup logs.
    std::string o;
    o += std::string(stamp) +
         "====================================================================\r\n";
    o += std::string(stamp) +
         "SMS_AMT_SP_SETUP: installing the out of band service point (amtsp.msi).\r\n";
    if (w.site.on("site.service_point"))
        o += std::string(stamp) + "Installation was successful.\r\n";
    else
        o += std::string(stamp) + "Fatal MSI Error - amtsp.msi could not be installed.\r\n";
    return o;
}

std::string client_inventory(const World&, const Device& d) {
    const std::string host = upper(d.host);
    std::string o;
    o += "C:\\>wmic /node:" + host +
         " /namespace:\\\\root\\ccm path SMS_Client get ClientVersion\r\n";
    o += "ClientVersion\r\n" + d.s.get("device.agent_version") + "\r\n";
    return o;
}

std::string ipconfig_all(const World& w, const Device& d) {
    const bool member = d.s.on("device.domain_member");
    const bool dhcp = d.s.on("device.dhcp");
    const bool opt15 = d.s.on("net.dhcp_option15");
    const std::string suffix = member ? w.domain() : "";
    const std::string conn = dhcp && opt15 ? w.domain() : "";
    std::string o = "\r\nWindows IP Configuration\r\n\r\n";
    o += "   Host Name . . . . . . . . . . . . : " + upper(d.host) + "\r\n";
    o += "   Primary Dns Suffix  . . . . . . . : " + suffix + "\r\n";
    o += "   Node Type . . . . . . . . . . . . : Hybrid\r\n";
    o += "   IP Routing Enabled. . . . . . . . : No\r\n";
    o += "   WINS Proxy Enabled. . . . . . . . : No\r\n";
    if (!suffix.empty() || !conn.empty())
        o += "   DNS Suffix Search List. . . . . . : " + (suffix.empty() ? conn : suffix) + "\r\n";
    o += "\r\nEthernet adapter Local Area Connection:\r\n\r\n";
    o += "   Connection-specific DNS Suffix  . : " + conn + "\r\n";
    o += "   Description . . . . . . . . . . . : Intel(R) 82566DM-2 Gigabit Network Connection\r\n";
    o += "   Physical Address. . . . . . . . . : " + d.mac + "\r\n";
    o += std::string("   DHCP Enabled. . . . . . . . . . . : ") + (dhcp ? "Yes" : "No") + "\r\n";
    o += "   Autoconfiguration Enabled . . . . : Yes\r\n";
    o += "   IPv4 Address. . . . . . . . . . . : " + d.ip + "(Preferred)\r\n";
    o += "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n";
    o += "   Default Gateway . . . . . . . . . : 192.168.20.1\r\n";
    if (dhcp) o += "   DHCP Server . . . . . . . . . . . : 192.168.20.10\r\n";
    o += "   DNS Servers . . . . . . . . . . . : 192.168.20.10\r\n";
    return o;
}

std::string amtinfo_text(const World& w, const Device& d) {
    std::string uuid = d.uuid;
    for (char& c : uuid) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string mac = d.mac;
    std::replace(mac.begin(), mac.end(), '-', ':');
    for (char& c : mac) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string o;
    o += "Version\t\t\t: " + d.s.get("device.firmware") + "\n";
    o += "Build Number\t\t: 2020\n";
    o += "SKU\t\t\t: 16392\n";
    o += "Features\t\t: AMT Pro Corporate\n";
    o += "UUID\t\t\t: " + uuid + "\n";
    o += "Control Mode\t\t: pre-provisioning state\n";
    o += "DNS Suffix\t\t: " + w.domain() + "\n";
    o += "DNS Suffix (OS)\t\t: " + w.domain() + "\n";
    o += "Hostname (OS)\t\t: " + upper(d.host) + "\n";
    o += "---Wired Adapter---\n";
    o += std::string("DHCP Enabled \t\t: ") + (d.s.on("device.dhcp") ? "true" : "false") + "\n";
    o += "DHCP Mode    \t\t: passive\n";
    o += "Link Status  \t\t: up\n";
    o += "IP Address   \t\t: " + d.ip + "\n";
    o += "MAC Address  \t\t: " + mac + "\n";
    return o;
}

std::string whoami_groups_csv(const World& w) {
    const std::string dom = netbios_domain(w);
    std::string o = "\"Group Name\",\"Type\",\"SID\",\"Attributes\"\r\n";
    const char* attrs = "Mandatory group, Enabled by default, Enabled group";
    o += std::string("\"Everyone\",\"Well-known group\",\"S-1-1-0\",\"") + attrs + "\"\r\n";
    o += std::string("\"BUILTIN\\Users\",\"Alias\",\"S-1-5-32-545\",\"") + attrs + "\"\r\n";
    o += std::string("\"NT AUTHORITY\\Authenticated Users\",\"Well-known group\",\"S-1-5-11\",\"") +
         attrs + "\"\r\n";
    o += "\"" + dom +
         "\\Domain Users\",\"Group\",\"S-1-5-21-3623811015-3361044348-30300820-513\",\"" + attrs +
         "\"\r\n";
    const int64_t groups = w.site.num("console.user_groups");
    // Up to 40 global groups of the account's domain (8 bytes each in the token); beyond
    // that, universal groups of the resource forest's EMEA domain (40 bytes each), which is
    // what makes operators' tickets grow past what AMT takes.
    for (int64_t i = 0; i < groups; ++i) {
        const bool global = i < 40;
        o += "\"" + (global ? dom + "\\GG-Ops-Team" : std::string("EMEA\\UG-EMEA-Apps-")) +
             std::to_string(i + 1) + "\",\"Group\",\"" +
             (global ? "S-1-5-21-3623811015-3361044348-30300820-"
                     : "S-1-5-21-1004336348-1177238915-682003330-") +
             std::to_string(1200 + i) + "\",\"" + attrs + "\"\r\n";
    }
    o += "\"Mandatory Label\\Medium Mandatory Level\",\"Label\",\"S-1-16-8192\",\"\"\r\n";
    return o;
}

}  // namespace amtdiag::provisioning
