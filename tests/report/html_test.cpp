// The HTML report as a file: self-contained (nothing it could fetch), its policy matching its
// inline script and style, hostile text escaped, the full JSON report embedded and readable.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "analyzer/analyze.h"
#include "analyzer/report/digest.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/json_read.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/packed_text.h"
#include "report_support.h"

namespace amtdiag {
namespace {

const engine::RuleSet& rules() {
    static const engine::RuleSet r = engine::load_rule_set();
    return r;
}

std::string html_of(const model::Analysis& a) {
    std::ostringstream out;
    report::write_html(a, out);
    return out.str();
}

model::Analysis sample(const std::string& name) {
    AnalyzeOptions options;
    options.timelines = true;
    return analyze({"samples/" + name}, rules(), options);
}

// The page without its embedded data blocks (plain JSON, or packed report and timelines): the
// part a browser treats as markup and code.
std::string markup_of(const std::string& html) {
    // By hand: std::regex recurses per character and overflows the stack on a fleet's block.
    std::string page = html;
    for (const char* type : {"application/json", "application/gzip"}) {
        const std::string open = std::string("<script type=\"") + type + "\"";
        for (size_t at = page.find(open); at != std::string::npos; at = page.find(open, at)) {
            size_t end = page.find("</script>", at);
            EXPECT_NE(end, std::string::npos);
            if (end == std::string::npos) break;
            end += 9;
            if (end < page.size() && page[end] == '\n') ++end;
            page.erase(at, end - at);
        }
    }
    EXPECT_EQ(page.find("id=\"amtdiag-report\""), std::string::npos) << "a data block stayed";
    return page;
}

// The markup alone: the page's own script and style removed too.
std::string tags_of(const std::string& html) {
    std::string markup = markup_of(html);
    for (const char* tag : {"script", "style"}) {
        const size_t open = markup.find(std::string("<") + tag + ">");
        const size_t close = markup.find(std::string("</") + tag + ">", open);
        if (open != std::string::npos && close != std::string::npos)
            markup.erase(open, close - open);
    }
    return markup;
}

// The text between <tag> and </tag> (the first element with exactly that opening).
std::string element_text(const std::string& html, const std::string& open, const std::string& tag) {
    const size_t begin = html.find(open);
    if (begin == std::string::npos) return {};
    const size_t start = begin + open.size();
    return html.substr(start, html.find("</" + tag + ">", start) - start);
}

TEST(Html, NothingInThePageCanFetchAnything) {
    const std::string html = html_of(sample("soap-failure"));
    const std::string markup = markup_of(html);
    // Inside tags: text may quote an address (a question naming https://FQDN:16993), which
    // is shown, never fetched.
    std::string tags;
    for (size_t open = markup.find('<'); open != std::string::npos;
         open = markup.find('<', open + 1)) {
        const size_t close = markup.find('>', open);
        if (close == std::string::npos) break;
        tags += markup.substr(open, close - open + 1);
    }
    EXPECT_FALSE(
        std::regex_search(tags, std::regex("https?:|[a-z][a-z0-9+.-]*://", std::regex::icase)))
        << "no URL in any tag outside the embedded data";
    EXPECT_EQ(markup.find("url("), std::string::npos);
    EXPECT_EQ(markup.find("@import"), std::string::npos);
    // Every src/href/action: a # anchor or a data: URL.
    const std::regex reference(
        "\\s(src|href|action|formaction|poster|data|srcset)\\s*=\\s*\"([^\"]*)\"",
        std::regex::icase);
    size_t anchors = 0;
    for (auto it = std::sregex_iterator(markup.begin(), markup.end(), reference);
         it != std::sregex_iterator(); ++it) {
        const std::string value = (*it)[2];
        EXPECT_TRUE(value.rfind("#", 0) == 0 || value.rfind("data:", 0) == 0) << (*it)[0];
        ++anchors;
    }
    EXPECT_GT(anchors, 5u);
    EXPECT_EQ(std::regex_search(markup, std::regex("\\ssrc\\s*=", std::regex::icase)), false);
    // Exactly two scripts: the data block and the page's own.
    EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
    size_t scripts = 0;
    for (size_t at = html.find("<script"); at != std::string::npos;
         at = html.find("<script", at + 1))
        ++scripts;
    EXPECT_EQ(scripts, 2u);
}

TEST(Html, ThePolicyAllowsOnlyTheInlineScriptAndStyleByHash) {
    const std::string html = html_of(sample("soap-failure"));
    const std::string policy = report::html_content_security_policy();
    EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">"),
              std::string::npos);
    EXPECT_LT(html.find("Content-Security-Policy"), html.find("<style>")) << "policy first";
    EXPECT_EQ(policy.find("unsafe"), std::string::npos);
    EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
    const std::string style = element_text(html, "<style>", "style");
    const std::string script = element_text(markup_of(html), "<script>", "script");
    ASSERT_FALSE(style.empty());
    ASSERT_FALSE(script.empty());
    EXPECT_NE(policy.find("style-src 'sha256-" + report::sha256_base64(style) + "'"),
              std::string::npos);
    EXPECT_NE(policy.find("script-src 'sha256-" + report::sha256_base64(script) + "'"),
              std::string::npos);
    // Style attributes would need 'unsafe-inline': the page has none.
    EXPECT_FALSE(std::regex_search(markup_of(html), std::regex("<[^>]*\\sstyle\\s*=")));
}

TEST(Html, TheFullJsonReportIsEmbeddedWithEveryLessThanEscaped) {
    const model::Analysis a = testing::hostile_analysis();
    const std::string html = html_of(a);
    const std::string data = report::embedded_report(html).report;
    EXPECT_EQ(data.find('<'), std::string::npos);
    std::string expected = report::to_json(a, {.compact = true});
    expected = std::regex_replace(expected, std::regex("<"), "\\u003c");
    EXPECT_EQ(data, expected);
    EXPECT_EQ(report::to_json(report::read_report(html)), report::to_json(a));
}

TEST(Html, HostileTextIsEscapedEverywhereInTheMarkup) {
    const std::string markup = tags_of(html_of(testing::hostile_analysis()));
    EXPECT_FALSE(
        std::regex_search(markup, std::regex("<(img|iframe|object|embed)\\b", std::regex::icase)));
    EXPECT_EQ(markup.find("<svg"), markup.find("<svg id=\"svg-ns\"")) << "only the page's own";
    EXPECT_EQ(markup.find("<svg", markup.find("<svg") + 1), std::string::npos);
    // Every attribute of every tag, quoted values skipped as a browser would: no handler.
    const std::regex tag(
        "<[a-zA-Z][^\\s>/"
        "]*((?:\\s+[^\\s=>\"']+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>\"']+))?)*)\\s*/?>");
    const std::regex attribute(
        "\\s+([^\\s=>\"']+)(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>\"']+))?");
    size_t tags = 0;
    for (auto t = std::sregex_iterator(markup.begin(), markup.end(), tag);
         t != std::sregex_iterator(); ++t, ++tags) {
        const std::string attributes = (*t)[1];
        for (auto a = std::sregex_iterator(attributes.begin(), attributes.end(), attribute);
             a != std::sregex_iterator(); ++a)
            EXPECT_NE(std::string((*a)[1]).substr(0, 2), "on") << (*t)[0];
    }
    EXPECT_GT(tags, 100u);
    EXPECT_FALSE(
        std::regex_search(markup, std::regex("href\\s*=\\s*\"?javascript", std::regex::icase)));
    EXPECT_NE(markup.find("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"),
              std::string::npos);
    EXPECT_NE(markup.find("\\u202E"), std::string::npos) << "bidi override shown, not applied";
    EXPECT_EQ(markup.find("\xE2\x80\xAE"), std::string::npos);
    EXPECT_NE(markup.find("\\e]0;title\\x07"), std::string::npos);
    EXPECT_NE(markup.find("<span class=\"na\">not answered</span>"), std::string::npos);
}

TEST(Html, PackedTextRoundTripsAndRefusesWhatDoesNotUnpack) {
    std::string text;
    for (int i = 0; i < 50'000; ++i)
        text += "{\"check\":\"log.provision-completed\",\"n\":" + std::to_string(i) + "}";
    const std::string packed = report::pack_text(text);
    EXPECT_LT(packed.size(), text.size() / 5);
    EXPECT_EQ(packed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                       "0123456789+/="),
              std::string::npos)
        << "base64 only: nothing to escape in a script element";
    EXPECT_EQ(report::unpack_text(packed), text);
    EXPECT_EQ(report::unpack_text(report::pack_text("")), "");
    EXPECT_THROW(report::unpack_text("not base64!"), report::PackError);
    EXPECT_THROW(report::unpack_text(packed.substr(0, packed.size() / 8 * 4)), report::PackError)
        << "cut short";
    EXPECT_THROW(report::unpack_text("AAAAAAAAAAAA"), report::PackError) << "not gzip";
}

TEST(Html, AFleetPageStaysSmallOutsideItsData) {
    // 2,000 devices failing the same check: the static page lists a few, names ten, and leaves
    // the rest to the script and the embedded data.
    AnalyzeOptions options;
    options.timelines = true;
    model::Analysis a = analyze({"samples/cert-template"}, rules(), options);
    const model::Device device = a.devices.front();
    // A question asked of every device too: one row for the fleet, not 2,000.
    model::Finding question;
    question.check = "srv.user-in-amt-acl";
    question.status = model::Status::manual;
    question.stages = {5};
    question.component = "configmgr-server";
    question.device = device.id;
    question.message = "Is the console user in the AMT access control list?";
    question.rule = "test";
    a.findings.push_back(question);
    a.answers.push_back({question.check, "host7.example.com", "yes", "checked in the console"});
    std::vector<model::Finding> per_device;
    for (const auto& f : a.findings)
        if (f.device == device.id) per_device.push_back(f);
    for (int i = 1; i < 2000; ++i) {
        model::Device d = device;
        d.id = "host" + std::to_string(i) + ".example.com";
        a.devices.push_back(d);
        for (auto f : per_device) {
            f.device = d.id;
            a.findings.push_back(f);
        }
    }
    const std::string html = html_of(a);
    const std::string markup = markup_of(html);
    EXPECT_LT(markup.size(), 200'000u) << "static markup does not grow with the fleet";
    // Packed, timelines apart, and still the whole report when read back.
    EXPECT_NE(html.find("<script type=\"application/gzip\" id=\"amtdiag-report\" "
                        "data-encoding=\"base64\">"),
              std::string::npos);
    EXPECT_NE(html.find("id=\"amtdiag-timelines\""), std::string::npos);
    EXPECT_NE(html.find("id=\"amtdiag-devices\""), std::string::npos);
    EXPECT_LT(html.size(), report::to_json(a, {.compact = true}).size() / 5);
    EXPECT_EQ(report::to_json(report::read_report(html)), report::to_json(a));
    size_t cards = 0;
    for (size_t at = markup.find("<article"); at != std::string::npos;
         at = markup.find("<article", at + 1))
        ++cards;
    EXPECT_LE(cards, 6u);
    EXPECT_NE(markup.find("more devices:"), std::string::npos);
    EXPECT_NE(markup.find("<details id=\"device-list\">"), std::string::npos);
    EXPECT_NE(markup.find("2,000 devices: " + device.id + " host1.example.com"), std::string::npos);
    EXPECT_NE(markup.find("host7.example.com: yes"), std::string::npos);
    EXPECT_NE(markup.find("1 of 2,000 answered"), std::string::npos);
}

}  // namespace
}  // namespace amtdiag
