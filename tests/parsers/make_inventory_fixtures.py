#!/usr/bin/env python3
"""Writes the hot-fix inventory and whoami fixtures (rules/fixtures/{hotfix,whoami}/ and
tests/parsers/{hotfix,whoami}/fixtures/). The texts are written by hand in the shape English
Windows prints them; the encodings are the ones Windows redirects produce:
  PowerShell `cmd > file`       UTF-16LE with BOM, CRLF
  cmd `wmic ... > file`         UTF-16LE with BOM, CR CR LF
  cmd `systeminfo > file`       ANSI (ASCII here), CRLF
  Export-Csv (Windows PowerShell) ASCII, CRLF
Run from the repository root: python3 tests/parsers/make_inventory_fixtures.py
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RULES_HF = os.path.join(ROOT, "rules/fixtures/hotfix")
RULES_WH = os.path.join(ROOT, "rules/fixtures/whoami")
TESTS_HF = os.path.join(ROOT, "tests/parsers/hotfix/fixtures")
TESTS_WH = os.path.join(ROOT, "tests/parsers/whoami/fixtures")


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def write(path, text, encoding="ascii", bom=False, eol="\r\n"):
    body = text.replace("\r\n", "\n").replace("\n", eol)
    data = body.encode("utf-16-le" if encoding == "utf-16le" else encoding)
    if bom:
        data = (b"\xff\xfe" if encoding == "utf-16le" else b"\xef\xbb\xbf") + data
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# --- systeminfo ------------------------------------------------------------------------------

def systeminfo(host, os_name, os_version, config, hotfixes, domain="vprolab.com",
               system_type="X86-based PC", model="ProLiant DL380 G5", maker="HP",
               page_file=True, declared=None, cut_after=None):
    entries = [f"                           [{i + 1:02d}]: {h}" for i, h in enumerate(hotfixes)]
    if cut_after is not None:
        entries = entries[:cut_after]
    count = len(hotfixes) if declared is None else declared
    memory = ([
        "Page File: Max Size:       5,985 MB",
        "Page File: Available:      4,711 MB",
        "Page File: In Use:         1,274 MB",
        "Page File Location(s):     C:\\pagefile.sys",
    ] if page_file else [
        "Virtual Memory: Max Size:  8,189 MB",
        "Virtual Memory: Available: 6,402 MB",
        "Virtual Memory: In Use:    1,787 MB",
        "Page File Location(s):     C:\\pagefile.sys",
    ])
    lines = [
        "",
        f"Host Name:                 {host}",
        f"OS Name:                   {os_name}",
        f"OS Version:                {os_version}",
        "OS Manufacturer:           Microsoft Corporation",
        f"OS Configuration:          {config}",
        "OS Build Type:             Multiprocessor Free",
        "Registered Owner:          VProLab IT",
        "Registered Organization:   VProLab",
        "Product ID:                69713-640-4031427-45876",
        "Original Install Date:     11/3/2008, 2:41:17 PM",
        "System Up Time:            12 Days, 3 Hours, 18 Minutes, 44 Seconds",
        f"System Manufacturer:       {maker}",
        f"System Model:              {model}",
        f"System Type:               {system_type}",
        "Processor(s):              2 Processor(s) Installed.",
        "                           [01]: x86 Family 6 Model 15 Stepping 11 GenuineIntel ~2333 Mhz",
        "                           [02]: x86 Family 6 Model 15 Stepping 11 GenuineIntel ~2333 Mhz",
        "BIOS Version:              HP     - 2",
        "Windows Directory:         C:\\WINDOWS",
        "System Directory:          C:\\WINDOWS\\system32",
        "Boot Device:               \\Device\\HarddiskVolume1",
        "System Locale:             en-us;English (United States)",
        "Input Locale:              en-us;English (United States)",
        "Time Zone:                 (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
        "Total Physical Memory:     4,095 MB",
        "Available Physical Memory: 2,548 MB",
    ] + memory + [
        f"Domain:                    {domain}",
        "Logon Server:              \\\\DC01",
        f"Hotfix(s):                 {count} Hotfix(s) Installed.",
    ] + entries
    if cut_after is None:
        lines += [
            "Network Card(s):           1 NIC(s) Installed.",
            "                           [01]: HP NC373i Multifunction Gigabit Server Adapter",
            "                                 Connection Name: Local Area Connection",
            "                                 DHCP Enabled:    No",
            "                                 IP address(es)",
            "                                 [01]: 192.168.2.10",
        ]
    return "\n".join(lines) + "\n"


# Updates a Windows Server 2003 SP1 server of 2008 carries that are not in Appendix A.
BASE_2003_SP1 = ["File 1", "Q147222", "KB890046 - Update", "KB893756 - Update",
                 "KB896358 - Update", "KB896422 - Update", "KB896428 - Update",
                 "KB899587 - Update", "KB899591 - Update", "KB901017 - Update",
                 "KB905414 - Update", "KB925902 - Update"]
OS_2003 = "Microsoft(R) Windows(R) Server 2003, Enterprise Edition"

# The acceptance case: a Windows Server 2003 SP1 site server with none of Appendix A.
none_text = systeminfo("CM01", OS_2003, "5.2.3790 Service Pack 1 Build 3790", "Member Server",
                       BASE_2003_SP1)
write(f"{RULES_HF}/systeminfo-cm01-2003sp1-none.txt", none_text)
# The same output as PowerShell's `systeminfo > file` writes it.
write(f"{RULES_HF}/systeminfo-cm01-2003sp1-none-utf16.txt", none_text, "utf-16le", bom=True)
# ... and without the BOM (Out-File -Encoding Unicode piped through a tool that drops it).
write(f"{TESTS_HF}/systeminfo-cm01-utf16-nobom.txt", none_text, "utf-16le", bom=False)

# With the KB960804 rollup installed (and nothing else of Appendix A).
write(f"{RULES_HF}/systeminfo-cm01-2003sp1-rollup.txt",
      systeminfo("CM01", OS_2003, "5.2.3790 Service Pack 1 Build 3790", "Member Server",
                 BASE_2003_SP1 + ["KB960804 - Update"]), "utf-16le", bom=True)

# Windows Server 2003 SP2 with every Appendix A fix it needs (KB899900 is in SP2).
BASE_2003_SP2 = ["File 1", "Q147222", "KB914961 - Service Pack", "KB925398 - Update",
                 "KB925902 - Update", "KB926122 - Update", "KB927891 - Update"]
write(f"{RULES_HF}/systeminfo-cm01-2003sp2-complete.txt",
      systeminfo("CM01", "Microsoft(R) Windows(R) Server 2003, Standard Edition",
                 "5.2.3790 Service Pack 2 Build 3790", "Member Server",
                 BASE_2003_SP2 + ["KB932303 - Update", "KB936059 - Update", "KB940848 - Update",
                                  "KB942841 - Update", "KB960804 - Update"]))

# A Windows Server 2008 SP2 site server on ConfigMgr SP2: Appendix A does not apply.
write(f"{RULES_HF}/systeminfo-cm04-2008sp2.txt",
      systeminfo("CM04", "Microsoft\u00ae Windows Server\u00ae 2008 Enterprise",
                 "6.0.6002 Service Pack 2 Build 6002", "Member Server",
                 ["KB955430", "KB956250", "KB958623", "KB959130", "KB960803"],
                 system_type="x64-based PC", page_file=False) +
      "\nC:\\>reg query \"HKLM\\SOFTWARE\\Microsoft\\SMS\\Setup\" /v \"Full Version\"\n\n"
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\n"
      "    Full Version    REG_SZ    4.00.6487.2000\n\n", "utf-16le", bom=True)

# An XP SP2 console and browser host without KB908209 and KB936059.
write(f"{RULES_HF}/systeminfo-ops-xp01-xpsp2.txt",
      systeminfo("OPS-XP01", "Microsoft Windows XP Professional",
                 "5.1.2600 Service Pack 2 Build 2600", "Member Workstation",
                 ["File 1", "Q147222", "KB893756", "KB896358", "KB896423", "KB896428",
                  "KB940848"], model="HP Compaq dc7800p Small Form Factor"))

# A Windows 7 SP1 AMT client with the ConfigMgr SP2 agent (wmic ... get ClientVersion).
write(f"{RULES_HF}/systeminfo-hp7800-win7.txt",
      systeminfo("HP7800", "Microsoft Windows 7 Enterprise",
                 "6.1.7601 Service Pack 1 Build 7601", "Member Workstation",
                 ["KB2534111", "KB2552343", "KB2585542", "KB2604115", "KB976902"],
                 model="HP Compaq dc7800p Small Form Factor", system_type="x64-based PC",
                 page_file=False) +
      "\nC:\\>wmic /namespace:\\\\root\\ccm path SMS_Client get ClientVersion\n"
      "ClientVersion\n4.00.6487.2000\n\n", "utf-16le", bom=True)

# --- wmic qfe ---------------------------------------------------------------------------------

def wmic_table(header, rows):
    widths = [max(len(h), *(len(r[i]) for r in rows)) + 2 for i, h in enumerate(header)]
    def fmt(cells):
        return "".join(c.ljust(w) for c, w in zip(cells, widths))
    return "\n".join([fmt(header)] + [fmt(r) for r in rows]) + "\n\n"


QFE = ["Caption", "CSName", "Description", "FixComments", "HotFixID", "InstallDate",
       "InstalledBy", "InstalledOn", "Name", "ServicePackInEffect", "Status"]


def qfe_row(host, kb, desc="Update", by="VPROLAB\\cmadmin", on="6/12/2008"):
    if kb.startswith("File"):
        return ["", host, "", "", kb, "", "", "", "", "SP3", ""]
    return [f"http://support.microsoft.com/?kbid={kb[2:]}", host, desc, "", kb, "", by, on,
            "", "", ""]


cm02_kbs = ["KB914961", "KB925902", "KB932303", "KB936059", "KB940848", "KB942841", "KB954718",
            "KB955126"]
cm02_os = wmic_table(["Caption", "CSDVersion", "CSName", "Version"],
                     [["Microsoft(R) Windows(R) Server 2003, Standard Edition", "Service Pack 2",
                       "CM02", "5.2.3790"]])
cm02_qfe = wmic_table(QFE, [qfe_row("CM02", "File 1")] +
                      [qfe_row("CM02", kb, "Hotfix" if kb.startswith("KB95") else "Update")
                       for kb in cm02_kbs])
cm02_reg = ("\n! REG.EXE VERSION 3.0\n\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\n"
            "    Full Version\tREG_SZ\t4.00.6221.1000\n\n")
# cmd's `wmic os get ... > f` then `wmic qfe list >> f`: UTF-16LE, CR CR LF; reg appended as ANSI.
write(f"{RULES_HF}/wmic-cm02-sp1-partial.txt", cm02_os + cm02_qfe, "utf-16le", bom=True,
      eol="\r\r\n")
with open(f"{RULES_HF}/wmic-cm02-sp1-partial.txt", "ab") as f:
    f.write(crlf(cm02_reg).encode("ascii"))

# wmic qfe list /format:csv (a blank first line, then Node,...).
csv_rows = [",".join(["CM02"] + qfe_row("CM02", kb)) for kb in cm02_kbs]
write(f"{TESTS_HF}/wmic-qfe-cm02.csv", "\n" + ",".join(["Node"] + QFE) + "\n" +
      "\n".join(csv_rows) + "\n", "utf-16le", bom=True, eol="\r\r\n")
# wmic qfe list full (key=value records).
full = ""
for kb in cm02_kbs[:3]:
    r = qfe_row("CM02", kb)
    full += "\n\n" + "\n".join(f"{k}={v}" for k, v in zip(QFE, r)) + "\n"
write(f"{TESTS_HF}/wmic-qfe-full-cm02.txt", full, "utf-16le", bom=True, eol="\r\r\n")

# --- Get-HotFix --------------------------------------------------------------------------------

def ps_table(header, rows):
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    def fmt(cells):
        return " ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return ("\n" + fmt(header) + "\n" + " ".join("-" * len(h) + " " * (w - len(h))
                                                 for h, w in zip(header, widths)).rstrip() +
            "\n" + "\n".join(fmt(r) for r in rows) + "\n\n\n")


cm03 = [("Update", "KB955430", "NT AUTHORITY\\SYSTEM", "4/12/2009 12:00:00 AM"),
        ("Security Update", "KB958623", "NT AUTHORITY\\SYSTEM", "4/12/2009 12:00:00 AM"),
        ("Hotfix", "KB960804", "VPROLAB\\cmadmin", "5/2/2009 12:00:00 AM"),
        ("Update", "KB959130", "NT AUTHORITY\\SYSTEM", "5/14/2009 12:00:00 AM")]
gh = ps_table(["Source", "Description", "HotFixID", "InstalledBy", "InstalledOn"],
              [["CM03", d, k, b, o] for d, k, b, o in cm03])
reg3 = ("PS C:\\> reg query HKLM\\SOFTWARE\\Microsoft\\SMS\\Setup /v \"Full Version\"\n\n"
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\n"
        "    Full Version    REG_SZ    4.00.6221.1000\n\n")
write(f"{RULES_HF}/gethotfix-cm03-sp1.txt", "PS C:\\> Get-HotFix\n" + gh + reg3, "utf-16le",
      bom=True)
# Export-Csv with its #TYPE line (Windows PowerShell's default: ASCII).
props = ["PSComputerName", "InstalledOn", "__GENUS", "__CLASS", "__SERVER", "Caption", "CSName",
         "Description", "FixComments", "HotFixID", "InstallDate", "InstalledBy", "Name",
         "ServicePackInEffect", "Status"]
rows = []
for d, k, b, o in cm03:
    v = ["CM03", o, "2", "Win32_QuickFixEngineering", "CM03",
         f"http://support.microsoft.com/?kbid={k[2:]}", "CM03", d, "", k, "", b, "", "", ""]
    rows.append(",".join('"' + x + '"' for x in v))
write(f"{RULES_HF}/gethotfix-cm03.csv",
      "#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering\n" +
      ",".join('"' + p + '"' for p in props) + "\n" + "\n".join(rows) + "\n")
# ConvertTo-Csv -NoTypeInformation > file in PowerShell: UTF-16LE with BOM, selected columns.
write(f"{TESTS_HF}/gethotfix-cm03-select.csv",
      '"Source","Description","HotFixID","InstalledBy","InstalledOn"\n' +
      "\n".join('"CM03","%s","%s","%s","%s"' % (d, k, b.replace("\\", "\\"), o)
                for d, k, b, o in cm03) + "\n", "utf-16le", bom=True)
# Format-List.
fl = "".join(f"\n\nSource      : CM03\nDescription : {d}\nHotFixID    : {k}\n"
             f"InstalledBy : {b}\nInstalledOn : {o}\n" for d, k, b, o in cm03)
write(f"{TESTS_HF}/gethotfix-list-cm03.txt", fl, "utf-16le", bom=True)

# ConfigMgr versions alone.
write(f"{RULES_HF}/client-hp7700-rtm.txt",
      "C:\\>wmic /node:HP7700 /namespace:\\\\root\\ccm path SMS_Client get ClientVersion\n"
      "ClientVersion\n4.00.5931.0000\n\n"
      "C:\\>systeminfo /s HP7700\n" +
      systeminfo("HP7700", "Microsoft Windows XP Professional", "5.1.2600 Service Pack 3 Build 2600",
                 "Member Workstation", ["File 1", "KB950974", "KB951066"],
                 model="HP Compaq dc7700p Small Form Factor"))
write(f"{RULES_HF}/reg-cm05-rtm.txt",
      "C:\\>reg query \\\\CM05\\HKLM\\SOFTWARE\\Microsoft\\SMS\\Setup\n\n"
      "\\\\CM05\\HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Setup\n"
      "    Full Version    REG_SZ    4.00.5931.0000\n"
      "    Installation Directory    REG_SZ    D:\\Program Files\\Microsoft Configuration Manager\n"
      "    Product    REG_SZ    System Center Configuration Manager\n\n"
      "C:\\>systeminfo /s CM05\n" +
      systeminfo("CM05", OS_2003, "5.2.3790 Service Pack 2 Build 3790", "Member Server",
                 BASE_2003_SP2 + ["KB932303", "KB936059", "KB940848", "KB942841"]))

# --- damaged inventories (parser tests) --------------------------------------------------------

# systeminfo cut in the middle of its Hotfix(s) list.
write(f"{TESTS_HF}/systeminfo-cut.txt",
      systeminfo("CM01", OS_2003, "5.2.3790 Service Pack 1 Build 3790", "Member Server",
                 BASE_2003_SP1, cut_after=7), "utf-16le", bom=True)
# The same file cut at an odd byte.
with open(f"{TESTS_HF}/systeminfo-cut.txt", "rb") as f:
    data = f.read()
with open(f"{TESTS_HF}/systeminfo-odd-byte.txt", "wb") as f:
    f.write(data[:-1])
# PowerShell `systeminfo > f`, then cmd `wmic qfe list brief >> f` (ANSI appended to UTF-16).
brief = wmic_table(["Description", "FixComments", "HotFixID", "InstallDate", "InstalledBy",
                    "InstalledOn", "Name", "ServicePackInEffect", "Status"],
                   [["Update", "", "KB936059", "", "VPROLAB\\cmadmin", "6/12/2008", "", "", ""],
                    ["Hotfix", "", "KB942841", "", "VPROLAB\\cmadmin", "6/12/2008", "", "", ""]])
with open(f"{TESTS_HF}/mixed-encoding.txt", "wb") as f:
    f.write(b"\xff\xfe" + crlf(none_text).encode("utf-16-le"))
    f.write(crlf(brief).encode("ascii"))
# A Get-HotFix table pasted into a ticket with its columns collapsed, and one cut short.
write(f"{TESTS_HF}/gethotfix-collapsed.txt",
      "Source Description HotFixID InstalledBy InstalledOn\n"
      "------ ----------- -------- ----------- -----------\n"
      "CM03 Update KB955430 NT AUTHORITY\\SYSTEM 4/12/2009 12:00:00 AM\n"
      "CM03 Hotfix KB960804 VPROLAB\\cmadmin 5/2/2009 12:00:00 AM\n", "utf-8")
write(f"{TESTS_HF}/gethotfix-truncated.txt",
      "\nSource Description HotFixID    InstalledBy          InstalledOn\n"
      "------ ----------- --------    -----------          -----------\n"
      "CM03   Update      KB955430    NT AUTHORITY\\SYSTEM  4/12/2009 12:00:00 AM\n"
      "CM03   Hotfix      KB96080...  VPROLAB\\cmadmin      5/2/2009 12:00:00 AM\n\n", "utf-8",
      bom=True)
# Export-Csv cut in the middle of a row.
with open(f"{RULES_HF}/gethotfix-cm03.csv", "rb") as f:
    csv_data = f.read()
with open(f"{TESTS_HF}/gethotfix-cut.csv", "wb") as f:
    f.write(csv_data[:len(csv_data) - 60])

# --- whoami /groups ----------------------------------------------------------------------------

DOMAIN = "S-1-5-21-3623811015-3361044348-30300820"
EMEA = "S-1-5-21-1004336348-1177238915-682003330"
ENABLED = "Mandatory group, Enabled by default, Enabled group"


def well_known():
    return [("Everyone", "Well-known group", "S-1-1-0", ENABLED),
            ("BUILTIN\\Users", "Alias", "S-1-5-32-545", ENABLED),
            ("BUILTIN\\Administrators", "Alias", "S-1-5-32-544", "Group used for deny only"),
            ("NT AUTHORITY\\INTERACTIVE", "Well-known group", "S-1-5-4", ENABLED),
            ("CONSOLE LOGON", "Well-known group", "S-1-2-1", ENABLED),
            ("NT AUTHORITY\\Authenticated Users", "Well-known group", "S-1-5-11", ENABLED),
            ("NT AUTHORITY\\This Organization", "Well-known group", "S-1-5-15", ENABLED),
            ("LOCAL", "Well-known group", "S-1-2-0", ENABLED),
            ("VPROLAB\\Domain Users", "Group", f"{DOMAIN}-513", ENABLED)]


def label():
    return [("Mandatory Label\\Medium Mandatory Level", "Label", "S-1-16-8192", "")]


SITES = ["LON", "MAN", "EDI", "BRS", "CAR"]
SHARES = ["Projects", "Finance", "HR", "Engineering", "Sales", "Legal", "Support", "Archive",
          "Builds", "Reports"]
RIGHTS = ["Read", "Modify", "Full"]


def big_user():
    groups = well_known()
    rid = 1200
    for i in range(130):  # global groups of the account's domain: 8 bytes each
        groups.append((f"VPROLAB\\GG-{SITES[i % 5]}-{SHARES[(i // 5) % 10]}-Team{i // 50 + 1}",
                       "Group", f"{DOMAIN}-{rid + i}", ENABLED))
    rid = 2400
    for i in range(250):  # domain-local groups (AGDLP resource groups): 40 bytes each
        groups.append((f"VPROLAB\\DL-FS{i % 5 + 1:02d}-{SHARES[(i // 5) % 10]}-"
                       f"{RIGHTS[i % 3]}-{i:03d}", "Alias", f"{DOMAIN}-{rid + i}",
                       "Mandatory group, Enabled by default, Enabled group, Local Group"))
    for i in range(10):  # universal groups of another domain of the forest: 40 bytes each
        groups.append((f"EMEA\\UG-EMEA-Apps-{i + 1:02d}", "Group", f"{EMEA}-{3100 + i}",
                       ENABLED))
    return groups + label()


def small_user():
    return well_known() + [
        ("VPROLAB\\AMT Operators", "Group", f"{DOMAIN}-1105", ENABLED),
        ("VPROLAB\\Helpdesk", "Group", f"{DOMAIN}-1106", ENABLED),
        ("VPROLAB\\DL-SCCM-Console-Users", "Alias", f"{DOMAIN}-1107",
         "Mandatory group, Enabled by default, Enabled group, Local Group"),
    ] + label()


def whoami_csv(groups, header=True):
    out = ['"Group Name","Type","SID","Attributes"'] if header else []
    out += ['"%s","%s","%s","%s"' % g for g in groups]
    return "\n".join(out) + "\n"


def whoami_table(groups, user=None):
    h = ["Group Name", "Type", "SID", "Attributes"]
    w = [max(len(h[i]), *(len(g[i]) for g in groups)) for i in range(4)]
    out = ""
    if user:
        uw = [max(len("User Name"), len(user[0])), max(len("SID"), len(user[1]))]
        out += ("\nUSER INFORMATION\n----------------\n\n" +
                "User Name".ljust(uw[0]) + " " + "SID".ljust(uw[1]) + "\n" +
                "=" * uw[0] + " " + "=" * uw[1] + "\n" +
                user[0].ljust(uw[0]) + " " + user[1] + "\n\n")
    out += "\nGROUP INFORMATION\n-----------------\n\n"
    out += " ".join(h[i].ljust(w[i]) for i in range(4)).rstrip() + "\n"
    out += " ".join("=" * w[i] for i in range(4)) + "\n"
    for g in groups:
        out += " ".join(g[i].ljust(w[i]) for i in range(4)).rstrip() + "\n"
    if user:
        out += ("\nPRIVILEGES INFORMATION\n----------------------\n\n"
                "Privilege Name                Description                    State\n"
                "============================= ============================== ========\n"
                "SeShutdownPrivilege           Shut down the system           Disabled\n"
                "SeChangeNotifyPrivilege       Bypass traverse checking       Enabled\n")
    return out


def whoami_list(groups):
    out = "\nGROUP INFORMATION\n-----------------\n\n"
    for g in groups:
        out += (f"Group Name: {g[0]}\nType:       {g[1]}\nSID:        {g[2]}\n"
                f"Attributes: {g[3]}\n\n")
    return out


big = big_user()
assert len(big) == 400, len(big)
# The acceptance case: `whoami /groups /fo csv > groups.csv` in cmd.
write(f"{RULES_WH}/opsadmin-400-groups.csv", whoami_csv(big))
# The same from PowerShell (UTF-16LE with BOM).
write(f"{RULES_WH}/opsadmin-400-groups-utf16.csv", whoami_csv(big), "utf-16le", bom=True)
write(f"{RULES_WH}/operator-groups.txt", whoami_table(small_user()))
write(f"{RULES_WH}/operator-all.txt",
      whoami_table(small_user(), ("vprolab\\amtoperator", f"{DOMAIN}-1104")), "utf-16le",
      bom=True)
write(f"{TESTS_WH}/opsadmin-400-groups-table.txt", whoami_table(big), "utf-16le", bom=False)
write(f"{TESTS_WH}/operator-list.txt", whoami_list(small_user()))
write(f"{TESTS_WH}/operator-nh.csv", whoami_csv(small_user(), header=False))
# Damage: a row cut off at the end, a row whose SID column holds no SID.
csv_text = whoami_csv(small_user())
write(f"{TESTS_WH}/operator-cut.csv", csv_text[:-30])
write(f"{TESTS_WH}/operator-bad-sid.csv",
      csv_text.replace(f'"{DOMAIN}-1106"', '"S-1-5-21-36238110#5"'))
# Columns collapsed by a paste.
write(f"{TESTS_WH}/operator-collapsed.txt",
      "GROUP INFORMATION\n-----------------\n\nGroup Name Type SID Attributes\n"
      "========== ==== === ==========\n" +
      "".join(f"{g[0]} {g[1]} {g[2]} {g[3]}\n" for g in small_user()))
print("fixtures written")
