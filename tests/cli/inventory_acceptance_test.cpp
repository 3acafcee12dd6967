// Issue 8's acceptance points for hot-fix inventories and Kerberos token size, through the
// built binary on the checked-in fixtures (rules/fixtures/hotfix, rules/fixtures/whoami):
//   - a systeminfo of a Windows Server 2003 SP1 site server with none of the Appendix A fixes
//     fails each missing KB and srv.appendix-a-hotfixes; with the KB960804 rollup installed its
//     members are no longer reported;
//   - whoami /groups /fo csv of a user in 400 groups warns on auth.kerberos-token-size with
//     the estimate shown.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_amtdiag.h"
#include "test_files.h"

namespace {

using amtdiag::testing::run;
using amtdiag::testing::RunResult;
using Json = nlohmann::json;

const std::string kFixtures = "rules/fixtures/";

const std::vector<std::string> kAppendixA = {
    "hotfix.kb899900", "hotfix.kb932303", "hotfix.kb936059", "hotfix.kb940848", "hotfix.kb942841",
    "hotfix.kb960804", "hotfix.kb954718", "hotfix.kb955126", "hotfix.kb955114", "hotfix.kb955355",
    "hotfix.kb956337", "hotfix.kb957183", "hotfix.kb957469", "hotfix.kb959040"};
const std::vector<std::string> kRollupMembers = {
    "hotfix.kb954718", "hotfix.kb955126", "hotfix.kb955114", "hotfix.kb955355",
    "hotfix.kb956337", "hotfix.kb957183", "hotfix.kb957469", "hotfix.kb959040"};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// `amtdiag check DIR --format json` on a folder holding copies of the fixtures.
Json check(amtdiag::testing::TempDir& dir, std::initializer_list<const char*> fixtures,
           int* code = nullptr) {
    for (const char* f : fixtures) {
        const std::string name = std::string(f).substr(std::string(f).find('/') + 1);
        dir.write(name, read_file(kFixtures + f));
    }
    const RunResult r = run("check " + dir.path() + " --format json");
    if (code != nullptr) *code = r.code;
    const size_t start = r.out.find('{');
    EXPECT_NE(start, std::string::npos) << r.out;
    return Json::parse(r.out.substr(start == std::string::npos ? 0 : start));
}

const Json* finding(const Json& report, const std::string& check) {
    for (const auto& f : report["findings"])
        if (f["check"] == check && f["rule"] != "catalog") return &f;
    return nullptr;
}

std::set<std::string> failing(const Json& report) {
    std::set<std::string> out;
    for (const auto& f : report["findings"])
        if (f["status"] == "fail") out.insert(f["check"]);
    return out;
}

TEST(InventoryAcceptance, Server2003Sp1WithoutAppendixAFailsEachKbAndTheSet) {
    for (const char* fixture : {"hotfix/systeminfo-cm01-2003sp1-none.txt",
                                "hotfix/systeminfo-cm01-2003sp1-none-utf16.txt"}) {
        amtdiag::testing::TempDir dir;
        int code = 0;
        const Json report = check(dir, {fixture}, &code);
        EXPECT_EQ(code, 1) << fixture;
        ASSERT_EQ(report["artifacts"].size(), 1u);
        EXPECT_EQ(report["artifacts"][0]["kind"], "hotfix-inventory");
        EXPECT_EQ(report["artifacts"][0]["status"], "ok");
        for (const auto& check_id : kAppendixA) {
            const Json* f = finding(report, check_id);
            ASSERT_NE(f, nullptr) << check_id;
            EXPECT_EQ((*f)["status"], "fail") << check_id << ": " << (*f)["message"];
            const std::string message = (*f)["message"];
            EXPECT_NE(message.find("CM01 (Windows Server 2003 SP1): missing"), std::string::npos)
                << message;
            ASSERT_FALSE((*f)["evidence"].empty()) << check_id;
            EXPECT_NE(std::string((*f)["evidence"][0]["artifact"]).find("systeminfo-cm01"),
                      std::string::npos);
        }
        const Json* set = finding(report, "srv.appendix-a-hotfixes");
        ASSERT_NE(set, nullptr);
        EXPECT_EQ((*set)["status"], "fail");
        EXPECT_NE(std::string((*set)["message"]).find("lacks 14 of the 14 Appendix A fixes"),
                  std::string::npos)
            << (*set)["message"];
        EXPECT_EQ(report["first_failing_stage"], 1);
    }
}

TEST(InventoryAcceptance, WithTheRollupItsMembersAreNoLongerReported) {
    amtdiag::testing::TempDir dir;
    const Json report = check(dir, {"hotfix/systeminfo-cm01-2003sp1-rollup.txt"});
    const std::set<std::string> fails = failing(report);
    for (const auto& member : kRollupMembers) {
        EXPECT_EQ(fails.count(member), 0u) << member;
        const Json* f = finding(report, member);
        ASSERT_NE(f, nullptr) << member;
        EXPECT_EQ((*f)["status"], "pass") << member;
        EXPECT_NE(std::string((*f)["message"]).find("covered by the KB960804 rollup"),
                  std::string::npos);
    }
    EXPECT_EQ((*finding(report, "hotfix.kb960804"))["status"], "pass");
    // The fixes the rollup does not hold are still missing.
    for (const char* still : {"hotfix.kb899900", "hotfix.kb932303", "hotfix.kb936059",
                              "hotfix.kb940848", "hotfix.kb942841"})
        EXPECT_EQ(fails.count(still), 1u) << still;
    const Json* set = finding(report, "srv.appendix-a-hotfixes");
    ASSERT_NE(set, nullptr);
    EXPECT_EQ((*set)["status"], "fail");
    const std::string message = (*set)["message"];
    EXPECT_NE(message.find("lacks 5 of the 14"), std::string::npos) << message;
    EXPECT_NE(message.find("covered by the KB960804 rollup: KB954718"), std::string::npos);
}

TEST(InventoryAcceptance, FourHundredGroupsWarnWithTheEstimate) {
    amtdiag::testing::TempDir dir;
    int code = 0;
    const Json report = check(dir, {"whoami/opsadmin-400-groups.csv"}, &code);
    EXPECT_EQ(code, 0);  // a warning fails the run only with --fail-on warn
    ASSERT_EQ(report["artifacts"].size(), 1u);
    EXPECT_EQ(report["artifacts"][0]["kind"], "whoami-groups");
    const Json* f = finding(report, "auth.kerberos-token-size");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "warn");
    const std::string message = (*f)["message"];
    // 260 groups of 40 bytes (250 domain-local, 10 universal of another domain), 131 of 8.
    EXPECT_NE(message.find("is in 400 groups; estimated token 1200 + 40 x 260 + 8 x 131 = "
                           "12648 bytes"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("above 12000 bytes"), std::string::npos) << message;
    EXPECT_NE(message.find("VPROLAB\\DL-FS01-Projects-Read-000"), std::string::npos) << message;
    EXPECT_NE(message.find("more"), std::string::npos) << message;
    ASSERT_GE((*f)["evidence"].size(), 2u);
    EXPECT_NE(std::string((*f)["evidence"][0]["excerpt"]).find("400 groups"), std::string::npos);
    // The same output from PowerShell (UTF-16LE) says the same.
    amtdiag::testing::TempDir dir16;
    const Json report16 = check(dir16, {"whoami/opsadmin-400-groups-utf16.csv"});
    const Json* f16 = finding(report16, "auth.kerberos-token-size");
    ASSERT_NE(f16, nullptr);
    EXPECT_EQ((*f16)["status"], "warn");
    EXPECT_NE(std::string((*f16)["message"]).find("= 12648 bytes"), std::string::npos);
}

TEST(InventoryAcceptance, SmallAccountPassesAndFailOnWarnFailsTheLargeOne) {
    amtdiag::testing::TempDir dir;
    const Json report = check(dir, {"whoami/operator-all.txt"});
    const Json* f = finding(report, "auth.kerberos-token-size");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "pass");
    EXPECT_NE(std::string((*f)["message"]).find("vprolab\\amtoperator is in 13 groups"),
              std::string::npos)
        << (*f)["message"];
    amtdiag::testing::TempDir big;
    big.write("groups.csv", read_file(kFixtures + "whoami/opsadmin-400-groups.csv"));
    EXPECT_EQ(run("check " + big.path() + " --fail-on warn").code, 1);
}

TEST(InventoryAcceptance, DamagedInventoryIsNamedNotGuessed) {
    amtdiag::testing::TempDir dir;
    dir.write("cut.txt", read_file("tests/parsers/hotfix/fixtures/systeminfo-cut.txt"));
    const RunResult r = run("check " + dir.path());
    EXPECT_NE(r.out.find("systeminfo says 12 hot fixes are installed on CM01 but lists 7"),
              std::string::npos)
        << r.out;
    const RunResult j = run("check " + dir.path() + " --format json");
    const Json report = Json::parse(j.out.substr(j.out.find('{')));
    // Not listed in a cut list is not "missing": the KB checks do not fail on it.
    const Json* f = finding(report, "hotfix.kb942841");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ((*f)["status"], "unknown") << (*f)["message"];
    EXPECT_NE(std::string((*f)["message"]).find("the hot-fix list is incomplete"),
              std::string::npos);
}

}  // namespace
