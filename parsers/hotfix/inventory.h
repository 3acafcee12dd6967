#pragma once
// Hot-fix inventories as Windows prints them (English), one or several hosts per file:
//   systeminfo            the list form (default) and /fo csv: host, OS name, OS version with
//                         its service pack, configuration, domain, the "Hotfix(s):" list
//   wmic qfe list         the table (any column choice with `get`), /format:csv, list full
//   Get-HotFix            the table, Format-List, Export-Csv / ConvertTo-Csv (with or without
//                         the #TYPE line)
//   wmic os get ...       Caption, CSDVersion, Version, CSName: the OS of a wmic-only inventory
//   reg query             HKLM\SOFTWARE\Microsoft\SMS\Setup "Full Version" (the site server's
//                         ConfigMgr version) and ...\SMS\Mobile Client "ProductVersion"
//   ClientVersion         `wmic /namespace:\\root\ccm path SMS_Client get ClientVersion`, or
//                         the same property as "ClientVersion : ..." / "ClientVersion=..."
// A file may hold several of these pasted one after the other. Pure functions over UTF-8 text
// (decode with parsers/cmdout first); damage is reported, never thrown.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::parsers::hotfix {

struct HotfixEntry {
    std::string kb;           // "KB899900"; empty for entries that name none ("File 1")
    std::string raw;          // the id as listed
    std::string description;  // "Update", "Security Update", "Hotfix", ...
    std::string installed_on;
    std::string installed_by;
    uint64_t line = 0;
};

struct HostInventory {
    std::string host_name;            // as printed; empty when the output names no host
    std::string os_name;              // "Microsoft(R) Windows(R) Server 2003, Standard Edition"
    std::string os_version_text;      // "5.2.3790 Service Pack 1 Build 3790"
    std::string os_version;           // "5.2.3790"
    std::optional<int> service_pack;  // 0 when the OS has none; unset when no OS was read
    std::string os_configuration;     // "Member Server", "Standalone Workstation", ...
    std::string domain;
    std::vector<HotfixEntry> hotfixes;
    std::optional<int> declared_count;     // systeminfo's "14 Hotfix(s) Installed."
    bool hotfix_list_seen = false;         // a list of hot fixes (possibly empty) was read
    bool complete = true;                  // false: the list is cut, truncated or damaged
    std::string configmgr_site_version;    // "4.00.6221.1000"
    std::string configmgr_client_version;  // "4.00.6487.2000"
    std::vector<std::string> formats;      // "systeminfo", "wmic-qfe", "get-hotfix", ...
    std::vector<std::string> problems;     // what is wrong with this host's part, one sentence each
    uint64_t line = 0;                     // where the host is first named
};

struct Inventory {
    std::vector<HostInventory> hosts;  // in order of appearance
    std::vector<std::string> notes;    // damage and repairs, one sentence each, with line numbers
    std::vector<uint64_t> damaged_lines;
    uint64_t damaged = 0;
    size_t recognised = 0;  // lines understood as part of an inventory
};

Inventory parse_inventory(std::string_view utf8_text);

// 0-100: how sure it is that the text is a hot-fix inventory; `format` gets the main format.
int inventory_confidence(std::string_view utf8_text, std::string* format = nullptr);

// "KB899900" from "KB899900", "kb 899900", "Q147222", "(KB950974)",
// "http://support.microsoft.com/?kbid=899900"; empty when the text names no KB.
std::string normalize_kb(std::string_view text);

// "5.2.3790 Service Pack 1 Build 3790" -> version "5.2.3790", service pack 1;
// "10.0.19045 N/A Build 19045" -> "10.0.19045", 0.
struct OsVersion {
    std::string version;
    int service_pack = 0;
};
OsVersion parse_os_version(std::string_view text);

}  // namespace amtdiag::parsers::hotfix
