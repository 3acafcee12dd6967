// The HTML report in a real headless Chromium (design.md, "Real parts, not mocks"): it renders
// offline, what fails first is above the fold, the filters work, and hostile log text and file
// names are shown as text while nothing of them runs, with and without the page's policy.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "analyzer/report/html_report.h"
#include "report_support.h"
#include "test_files.h"

namespace amtdiag {
namespace {

using nlohmann::json;
using testing::have_tool;
using testing::quote;
using testing::read_file;
using testing::run_command;

const std::string kHarness = std::string(AMTDIAG_TESTS_DIR) + "/browser/harness.html";

// One headless Chromium run with a fresh profile and nothing that phones home.
testing::CommandResult chromium(const std::string& args) {
    amtdiag::testing::TempDir profile;
    return run_command("timeout 120 " + std::string(AMTDIAG_CHROMIUM) +
                           " --headless --no-sandbox --disable-gpu --disable-background-networking"
                           " --disable-component-update --disable-sync --no-first-run"
                           " --disable-extensions --user-data-dir=" +
                           quote(profile.path()) + " " + args,
                       false);
}

std::string file_url(const std::string& path) {
    std::string url = "file://";
    for (unsigned char c : std::filesystem::absolute(path).string()) {
        const bool plain = std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.';
        if (plain) {
            url.push_back(static_cast<char>(c));
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            url += buf;
        }
    }
    return url;
}

// The DOM after load (and after `budget_ms` of virtual time, for what the page does later).
std::string dump_dom(const std::string& path, int budget_ms) {
    return chromium("--virtual-time-budget=" + std::to_string(budget_ms) + " --dump-dom " +
                    quote(file_url(path)))
        .out;
}

// Runs a scenario of browser/harness.html on a report; returns what the harness saw.
json harness(const std::string& report, const std::string& scenario, int budget_ms) {
    std::string encoded;
    for (unsigned char c : file_url(report)) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        encoded += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(buf);
    }
    const std::string url = file_url(kHarness) + "?scenario=" + scenario + "&report=" + encoded;
    const std::string dom = chromium("--allow-file-access-from-files --virtual-time-budget=" +
                                     std::to_string(budget_ms) + " --dump-dom " + quote(url))
                                .out;
    const size_t open = dom.find("<pre id=\"result\">");
    const size_t close = dom.find("</pre>", open);
    if (open == std::string::npos || close == std::string::npos) return json{{"error", dom}};
    std::string text = dom.substr(open + 17, close - open - 17);
    text = std::regex_replace(text, std::regex("&lt;"), "<");
    text = std::regex_replace(text, std::regex("&gt;"), ">");
    text = std::regex_replace(text, std::regex("&amp;"), "&");
    try {
        return json::parse(text);
    } catch (const json::exception&) {
        return json{{"error", text}};
    }
}

// The <title> as a browser reads it (character references decoded).
std::string title_of(const std::string& dom) {
    const size_t open = dom.find("<title>");
    const size_t close = dom.find("</title>", open);
    if (open == std::string::npos) return "";
    std::string title = dom.substr(open + 7, close - open - 7);
    for (const auto& [ref, ch] :
         {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
        title = std::regex_replace(title, std::regex(ref), ch);
    return title;
}

// The page with its Content-Security-Policy removed: escaping must hold on its own.
std::string without_policy(const std::string& html) {
    return std::regex_replace(html,
                              std::regex("<meta http-equiv=\"Content-Security-Policy\"[^>]*>"), "");
}

// Nothing of the hostile input ran, and its text is on the page as text.
void expect_nothing_ran(const json& seen, const std::string& title) {
    ASSERT_FALSE(seen.contains("error")) << seen.dump();
    const json& d = seen["damage"];
    EXPECT_EQ(d["title"], title);
    EXPECT_EQ(d["harnessTitle"], "harness");
    EXPECT_TRUE(d["pwned"].is_null()) << d["pwned"];
    EXPECT_TRUE(d["harnessPwned"].is_null());
    EXPECT_EQ(d["scripts"], 2) << "the data block and the page's own script";
    EXPECT_EQ(d["handlers"], 0);
    EXPECT_EQ(d["javascriptLinks"], 0);
    EXPECT_EQ(d["embedded"], 0);
    const std::string text = d["bodyText"];
    EXPECT_NE(text.find("<script>document.title='PWNED'</script>"), std::string::npos);
    EXPECT_NE(text.find("<img src=x onerror="), std::string::npos);
    EXPECT_NE(text.find("\\u202E"), std::string::npos) << "the override is shown, not applied";
    EXPECT_EQ(text.find("\xE2\x80\xAE"), std::string::npos);
}

class HtmlInChromium : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(have_tool(AMTDIAG_CHROMIUM))
            << "chromium is missing: run scripts/install-deps.sh (Debian package chromium)";
    }
    amtdiag::testing::TempDir dir_;
};

TEST_F(HtmlInChromium, TheFirstFailingStageIsAboveTheFoldAndTheFiltersWork) {
    const std::string page = dir_.path() + "/report.html";
    const auto r = run_command(std::string(AMTDIAG_BIN) +
                               " check samples/soap-failure --format html -o " + quote(page));
    ASSERT_EQ(r.code, 1) << r.out;

    const std::string shot = dir_.path() + "/above-the-fold.png";
    chromium("--window-size=1280,800 --screenshot=" + quote(shot) + " " + quote(file_url(page)));
    const std::string png = read_file(shot);
    EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1A\n");
    EXPECT_GT(png.size(), 20'000u) << "a rendered page, not a blank one";

    const json seen = harness(page, "acceptance", 2000);
    ASSERT_FALSE(seen.contains("error")) << seen.dump();
    EXPECT_EQ(seen["title"], "amtdiag: Stage 3 fails: Provisioning runs to completion");
    EXPECT_EQ(seen["verdict"], "Stage 3 fails: Provisioning runs to completion");
    EXPECT_EQ(seen["heading"], "Stage 3: what fails");
    EXPECT_EQ(seen["cardCheck"], "log.provision-completed");
    EXPECT_LT(seen["headingTop"].get<double>(), 800.0);
    EXPECT_LT(seen["cardTop"].get<double>(), 650.0) << "the finding starts well above the fold";
    EXPECT_EQ(seen["deviceCards"], 1);
    EXPECT_GE(seen["timelines"].get<int>(), 1);
    EXPECT_FALSE(seen["ready"].is_null()) << "the page's script ran under its policy";
    // Only failures: one finding in one group; of stage 7, none.
    EXPECT_EQ(seen["filterSummary"], "1 of 101 findings match");
    EXPECT_EQ(seen["drawn"], 1);
    EXPECT_EQ(seen["drawnFail"], 1);
    EXPECT_EQ(seen["visibleGroups"], 1);
    EXPECT_EQ(seen["stage7Visible"], 0);
}

TEST_F(HtmlInChromium, HostileLogTextAndFileNamesAreShownAndNeverRun) {
    // The soap-failure log with hostile text after every message, a very long line, and
    // hostile file names (one of them unreadable).
    std::istringstream sample(read_file("samples/soap-failure/AMTOPMGR.LOG"));
    const auto& payloads = testing::hostile_strings();
    std::string log, line;
    size_t n = 0;
    while (std::getline(sample, line)) {
        const size_t at = line.find("  $$<");
        if (at != std::string::npos) line.insert(at, " " + payloads[n++ % payloads.size()]);
        log += line + "\n";
        if (n == 20)
            log += "Machine hp7800.vprolab.com will be added and published to AD and OU is " +
                   std::string(200'000, 'W') + payloads[0] +
                   "  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:50:18.000-330><thread=5360 "
                   "(0x14F0)>\n";
    }
    dir_.write("in/AMTOPMGR <img src=x onerror=\"document.title='PWNED-name'\">.LOG", log);
    dir_.write("in/<svg onload=document.title=1>.bin", std::string(64, '\0') + "\x01\x02");
    const std::string page = dir_.path() + "/report.html";
    const auto r = run_command(std::string(AMTDIAG_BIN) + " check " + quote(dir_.path() + "/in") +
                               " --format html -o " + quote(page));
    ASSERT_EQ(r.code, 1) << r.out;
    const std::string html = read_file(page);
    ASSERT_NE(html.find("onerror=&quot;document.title"), std::string::npos) << "file name escaped";

    const std::string title = "amtdiag: Stage 3 fails: Provisioning runs to completion";
    const std::string dom = dump_dom(page, 2000);
    EXPECT_EQ(title_of(dom), title);
    EXPECT_EQ(dom.find(" data-pwned="), std::string::npos) << "no attribute set by hostile code";
    EXPECT_NE(dom.find("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(dom.find("data-ready="), std::string::npos) << "the page's own script ran";

    expect_nothing_ran(harness(page, "hostile", 3000), title);
}

TEST_F(HtmlInChromium, HostileTextDrawnByTheScriptStaysTextWithAndWithoutThePolicy) {
    std::ostringstream html;
    report::write_html(testing::hostile_analysis(), html);
    const std::string title = title_of(html.str());
    for (const bool policy : {true, false}) {
        SCOPED_TRACE(policy ? "with the policy" : "without the policy");
        const std::string page = dir_.write(policy ? "hostile.html" : "no-policy.html",
                                            policy ? html.str() : without_policy(html.str()));
        const json seen = harness(page, "hostile", 3000);
        expect_nothing_ran(seen, title);
        EXPECT_GT(seen["findingsDrawn"].get<int>(), 20) << "every group was drawn";
        EXPECT_EQ(seen["timelines"], 3);
    }
    // The canary: one unescaped payload in the same page, and the harness sees it run. Without
    // this, "nothing ran" could mean "the harness cannot see".
    std::string broken = without_policy(html.str());
    broken.insert(broken.find("<body>") + 6, testing::hostile_strings()[1]);
    const json canary = harness(dir_.write("canary.html", broken), "hostile", 3000);
    ASSERT_TRUE(canary.contains("damage")) << canary.dump();
    EXPECT_EQ(canary["damage"]["pwned"], "img");
}

// The README's pictures of the HTML report, taken here from a sample so they show what the
// current code draws. AMTDIAG_UPDATE_SCREENSHOTS=1 writes them to docs/images/ (like the golden
// reports); otherwise the test checks that the README shows the pictures it would take.
TEST_F(HtmlInChromium, TheReadmeScreenshotsAreTakenFromASample) {
    const std::string page = dir_.path() + "/cert-template.html";
    const auto r = run_command(std::string(AMTDIAG_BIN) +
                               " check samples/cert-template --format html -o " + quote(page));
    ASSERT_EQ(r.code, 1) << r.out;
    const bool update = std::getenv("AMTDIAG_UPDATE_SCREENSHOTS") != nullptr;
    const std::string readme = read_file("README.md");
    struct Shot {
        const char* name;
        const char* size;
    };
    for (const Shot shot : {Shot{"report-above-the-fold.png", "1280,800"},
                            Shot{"report-full-page.png", "1280,3000"}}) {
        SCOPED_TRACE(shot.name);
        const std::string taken = dir_.path() + "/" + shot.name;
        chromium("--hide-scrollbars --window-size=" + std::string(shot.size) +
                 " --screenshot=" + quote(taken) + " " + quote(file_url(page)));
        const std::string png = read_file(taken);
        ASSERT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1A\n");
        EXPECT_GT(png.size(), 40'000u) << "a rendered page, not a blank one";
        const std::string kept = std::string("docs/images/") + shot.name;
        if (update) {
            std::filesystem::create_directories("docs/images");
            std::filesystem::copy_file(taken, kept,
                                       std::filesystem::copy_options::overwrite_existing);
        }
        EXPECT_EQ(read_file(kept).substr(0, 8), "\x89PNG\r\n\x1A\n")
            << kept << " is missing: run with AMTDIAG_UPDATE_SCREENSHOTS=1";
        EXPECT_NE(readme.find("](" + kept + ")"), std::string::npos) << "README shows " << kept;
    }
}

}  // namespace
}  // namespace amtdiag
