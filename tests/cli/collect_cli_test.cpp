// Pasted host text and collector records through `amtdiag check`, as a user runs it: each
// file is recognised from its content (UTF-16LE included) and becomes evidence of the right
// device; the collectors' usage errors exit 2.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "run_amtdiag.h"

namespace {

using amtdiag::testing::run;

TEST(CollectCli, PastedTextAndRecordsAreRecognisedByContent) {
    const auto r =
        run("check tests/parsers/hosttext/fixtures/ipconfig_win10_utf16le.txt "
            "tests/parsers/hosttext/fixtures/nslookup_session.txt "
            "tests/parsers/hosttext/fixtures/rpc_amtinfo.json "
            "tests/parsers/probe/fixtures/hello_record.json --format json");
    const auto report = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    std::map<std::string, std::string> kinds;
    for (const auto& a : report["artifacts"]) {
        const std::string path = a["path"];
        kinds[path.substr(path.rfind('/') + 1)] = a["kind"];
        EXPECT_EQ(a["status"], "ok") << a.dump(2);
    }
    EXPECT_EQ(kinds["ipconfig_win10_utf16le.txt"], "ipconfig");
    EXPECT_EQ(kinds["nslookup_session.txt"], "nslookup");
    EXPECT_EQ(kinds["rpc_amtinfo.json"], "amtinfo");
    EXPECT_EQ(kinds["hello_record.json"], "pcap-hello");
    // ipconfig (MAC) and rpc (UUID, MAC) name one machine; rpc gives its firmware.
    bool joined = false;
    for (const auto& d : report["devices"])
        if (d.value("uuid", "") == "4C4C4544-0038-4B10-8031-B4C04F4D4E32") {
            joined = d["ips"].dump().find("192.168.20.57") != std::string::npos;
            EXPECT_EQ(d.value("firmware", ""), "16.1.25");
        }
    EXPECT_TRUE(joined) << report["devices"].dump(2);
}

TEST(CollectCli, UsageErrorsExit2) {
    EXPECT_EQ(run("probe").code, 2);
    EXPECT_EQ(run("probe nothing").code, 2);
    EXPECT_EQ(run("probe dns").code, 2);
    EXPECT_EQ(run("probe dns --suffix x --server not-an-ip").code, 2);
    EXPECT_EQ(run("probe dhcp").code, 2);
    EXPECT_EQ(run("capture -i lo").code, 2);
    EXPECT_EQ(run("listen --port 70000").code, 2);
    EXPECT_EQ(run("listen --bind nowhere").code, 2);
    EXPECT_EQ(run("probe dns --help").code, 0);
    EXPECT_EQ(run("listen --help").code, 0);
    EXPECT_EQ(run("capture --help").code, 0);
}

}  // namespace
