#include "analyzer/report/html_report.h"

#include <ostream>
#include <streambuf>
#include <string>

#include "analyzer/report/digest.h"
#include "analyzer/report/html/assets.h"
#include "analyzer/report/html_sections.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/markup_text.h"
#include "analyzer/report/packed_text.h"

namespace amtdiag::report {

namespace {

std::string_view asset(std::string_view path) {
    for (const auto& f : html::embedded_files())
        if (f.path == path) return f.text;
    return {};
}

// Passes JSON through with every '<' written as \u003c: inside a <script> element neither
// "</script>" nor "<!--" from a log line can then end or bend the data block. '<' occurs only
// inside JSON strings, where the escape means the same character.
class ScriptDataBuf : public std::streambuf {
  public:
    explicit ScriptDataBuf(std::ostream& out) : out_(out) {}

  protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        if (ch == '<')
            out_ << "\\u003c";
        else
            out_.put(ch);
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::streamsize begin = 0;
        for (std::streamsize i = 0; i < n; ++i) {
            if (s[i] != '<') continue;
            out_.write(s + begin, i - begin);
            out_ << "\\u003c";
            begin = i + 1;
        }
        out_.write(s + begin, n - begin);
        return n;
    }

  private:
    std::ostream& out_;
};

void plain_block(std::ostream& out, const std::string& json) {
    out << "<script type=\"application/json\" id=\"amtdiag-report\">";
    ScriptDataBuf buf(out);
    std::ostream data(&buf);
    data << json;
    data.flush();
    out << "</script>\n";
}

// Base64 has no '<': nothing to escape.
void packed_block(std::ostream& out, const char* id, const std::string& json) {
    out << "<script type=\"application/gzip\" id=\"" << id << "\" data-encoding=\"base64\">"
        << pack_text(json) << "</script>\n";
}

// The full report, readable back with `amtdiag report --from`. Up to kPlainLimit it is plain
// JSON (readable with any tool); a fleet's report is packed, its timelines in a block of their
// own that the page unpacks only when a timeline is drawn, and a copy of its devices for the
// device table.
void embedded_report(std::ostream& out, const model::Analysis& analysis) {
    constexpr size_t kPlainLimit = size_t{4} << 20;
    std::string lean = to_json(analysis, {.compact = true, .timelines = false});
    if (lean.size() <= kPlainLimit) {
        std::string full = to_json(analysis, {.compact = true});
        if (full.size() <= kPlainLimit) {
            plain_block(out, full);
            return;
        }
    }
    packed_block(out, "amtdiag-report", lean);
    lean = std::string();
    packed_block(out, "amtdiag-timelines", timelines_json(analysis));
    // The devices again on their own (a twentieth of a fleet's report): the device table
    // opens without unpacking every finding. The reader ignores this copy.
    packed_block(out, "amtdiag-devices", devices_json(analysis));
}

}  // namespace

std::string html_content_security_policy() {
    return "default-src 'none'; script-src 'sha256-" + sha256_base64(asset("report.js")) +
           "'; style-src 'sha256-" + sha256_base64(asset("report.css")) +
           "'; img-src data:; base-uri 'none'; form-action 'none'";
}

void write_html(const model::Analysis& analysis, std::ostream& out) {
    out << "<!DOCTYPE html>\n<html lang=\"en\" data-devices=\"" << analysis.devices.size()
        << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\""
        << html_content_security_policy() << "\">\n"
        << "<meta name=\"referrer\" content=\"no-referrer\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>amtdiag: " << markup_text(html::headline(analysis)) << "</title>\n"
        << "<link rel=\"icon\" href=\"data:,\">\n<style>" << asset("report.css")
        << "</style>\n</head>\n<body>\n";
    html::verdict_section(out, analysis);
    html::contents_section(out, analysis);
    html::stages_section(out, analysis);
    html::devices_section(out, analysis);
    html::headline_findings_section(out, analysis);
    html::all_findings_section(out, analysis);
    html::manual_checks_section(out, analysis);
    html::timelines_section(out, analysis);
    html::artifacts_section(out, analysis);
    html::run_section(out, analysis);
    // The page's script before the data: the browser runs it (and paints what is above) without
    // first parsing megabytes of a fleet's data, which the script reads when first needed.
    out << "<script>" << asset("report.js") << "</script>\n";
    embedded_report(out, analysis);
    out << "</body>\n</html>\n";
}

}  // namespace amtdiag::report
