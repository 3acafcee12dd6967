#include "analyzer/report/html_sections.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "analyzer/report/exit_code.h"
#include "analyzer/report/finding_groups.h"
#include "analyzer/report/markup_text.h"

namespace amtdiag::report::html {

namespace {

using model::Status;

std::string esc(std::string_view text) {
    return markup_text(text);
}
std::string status_name(Status s) {
    return std::string(model::to_string(s));
}

// 10000 -> "10,000": fleets are read at a glance.
std::string grouped(size_t n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<size_t>(i), ",");
    return digits;
}

std::string plural(size_t n, const char* one, const char* many) {
    return grouped(n) + " " + (n == 1 ? one : many);
}

const model::StageVerdict* find_stage(const model::Analysis& a, int number) {
    for (const auto& s : a.stages)
        if (s.stage == number) return &s;
    return nullptr;
}

void badges(std::ostream& out, const StatusCounts& counts, bool skip_zero) {
    for (Status s : kStatusOrder) {
        if (skip_zero && counts[s] == 0) continue;
        out << "<span class=\"badge s-" << status_name(s) << "\">" << grouped(counts[s]) << " "
            << status_name(s) << "</span>";
    }
}

void evidence_item(std::ostream& out, const model::EvidenceRef& e) {
    out << "<li><span class=\"where\">" << esc(place(e.ref)) << "</span>";
    if (!e.time.empty()) out << "<span class=\"time\">" << esc(e.time) << "</span>";
    out << "<code class=\"excerpt\">" << esc(e.ref.excerpt) << "</code>";
    // The error codes the line carries, named from the knowledge base.
    if (!e.codes.empty()) {
        out << "<ul class=\"codes\">";
        for (const auto& c : e.codes)
            out << "<li><code>" << esc(c.code) << "</code> " << esc(c.name) << " (" << esc(c.family)
                << "): " << esc(c.meaning) << "</li>";
        out << "</ul>";
    }
    out << "</li>";
}

// The same markup report.js's findingCard() draws: one stylesheet for both.
void finding_card(std::ostream& out, const model::Finding& f) {
    const std::string status = status_name(f.status);
    out << "<article class=\"finding s-" << status << "\" data-status=\"" << status
        << "\" data-stages=\"";
    for (size_t i = 0; i < f.stages.size(); ++i) out << (i ? " " : "") << f.stages[i];
    out << "\" data-component=\"" << esc(f.component) << "\" data-check=\"" << esc(f.check)
        << "\" data-device=\"" << esc(f.device) << "\">\n<header><span class=\"status s-" << status
        << "\">" << status << "</span><code class=\"check\">" << esc(f.check)
        << "</code><span class=\"device\">"
        << (!f.device.empty()       ? esc(f.device)
            : f.for_all_devices > 0 ? "all " + std::to_string(f.for_all_devices) + " devices"
                                    : std::string("site"))
        << "</span><span class=\"component\">" << esc(f.component) << "</span>";
    if (f.suspect_rank > 0)
        out << "<span class=\"suspect\">suspected cause #" << f.suspect_rank << "</span>";
    out << "</header>\n<p class=\"message\">" << esc(f.message) << "</p>\n";
    // A retry loop cites dozens of lines: the first four tell the story, the rest fold.
    constexpr size_t kHead = 4;
    const size_t shown = f.evidence.size() > kHead + 1 ? kHead : f.evidence.size();
    if (shown > 0) {
        out << "<ol class=\"evidence\">";
        for (size_t i = 0; i < shown; ++i) evidence_item(out, f.evidence[i]);
        out << "</ol>\n";
    }
    if (f.evidence.size() > shown) {
        out << "<details><summary class=\"more-note\">" << f.evidence.size() - shown
            << " more lines</summary><ol class=\"evidence\">";
        for (size_t i = shown; i < f.evidence.size(); ++i) evidence_item(out, f.evidence[i]);
        out << "</ol></details>\n";
    }
    if (!f.suspects.empty()) {
        // Candidate causes of the error it cites; each is decided in a finding of its own.
        out << "<p class=\"suspects\">Suspects (most likely first): ";
        for (size_t i = 0; i < f.suspects.size(); ++i)
            out << (i ? ", " : "") << "<code>" << esc(f.suspects[i]) << "</code>";
        out << "</p>\n";
    }
    if (!f.needs.empty()) {
        out << "<p class=\"needs\">Needs: ";
        for (size_t i = 0; i < f.needs.size(); ++i) out << (i ? ", " : "") << esc(f.needs[i]);
        out << "</p>\n";
    }
    if ((f.status == Status::fail || f.status == Status::warn) && !f.fix.empty())
        out << "<p class=\"fix\"><b>Fix: </b>" << esc(f.fix) << "</p>\n";
    if (!f.refs.empty()) {
        // References are text, never links: the page makes no request of its own.
        out << "<p class=\"refs\">References: ";
        for (size_t i = 0; i < f.refs.size(); ++i) out << (i ? "; " : "") << esc(f.refs[i]);
        out << "</p>\n";
    }
    out << "</article>\n";
}

std::string verdict_class(const model::Analysis& a, const StatusCounts& counts) {
    if (readable_artifacts(a) == 0 || a.first_failing_stage) return "s-fail";
    if (counts[Status::warn] > 0) return "s-warn";
    return counts[Status::pass] > 0 ? "s-pass" : "s-unknown";
}

}  // namespace

std::string headline(const model::Analysis& a) {
    if (readable_artifacts(a) == 0) return "Nothing could be read";
    if (a.first_failing_stage) {
        const auto* s = find_stage(a, *a.first_failing_stage);
        return "Stage " + std::to_string(*a.first_failing_stage) + " fails" +
               (s ? ": " + s->title : std::string());
    }
    const size_t warnings = count_statuses(a.findings)[Status::warn];
    return warnings ? "No stage fails; " + plural(warnings, "warning", "warnings")
                    : std::string("No stage fails");
}

void verdict_section(std::ostream& out, const model::Analysis& a) {
    const StatusCounts counts = count_statuses(a.findings);
    size_t unreadable = 0;
    for (const auto& art : a.artifacts) unreadable += art.status == model::ReadStatus::error;
    out << "<header id=\"verdict\" class=\"verdict " << verdict_class(a, counts) << "\">\n"
        << "<p class=\"brand\">amtdiag report · " << plural(a.devices.size(), "device", "devices")
        << " · " << plural(a.artifacts.size() - unreadable, "artifact read", "artifacts read");
    if (unreadable) out << " · <a href=\"#artifacts\">" << grouped(unreadable) << " not read</a>";
    out << "</p>\n<h1>" << esc(headline(a)) << "</h1>\n<p>";
    badges(out, counts, false);
    if (a.first_failing_stage)
        out << " <a href=\"#first-failing\">what fails in stage " << *a.first_failing_stage
            << "</a>";
    out << "</p>\n</header>\n";
}

void contents_section(std::ostream& out, const model::Analysis&) {
    out << "<nav class=\"toc\"><a href=\"#stages\">Stages</a><a href=\"#devices\">Devices</a>"
           "<a href=\"#first-failing\">First failing stage</a><a href=\"#findings\">All "
           "findings</a><a href=\"#manual\">Manual checks</a><a href=\"#timelines\">Timelines</a>"
           "<a href=\"#artifacts\">Artifacts</a><a href=\"#run\">Run</a></nav>\n";
}

void stages_section(std::ostream& out, const model::Analysis& a) {
    out << "<section id=\"stages\"><h2>Stages</h2>\n<ol class=\"strip\">";
    for (const auto& s : a.stages) {
        const bool first = a.first_failing_stage && *a.first_failing_stage == s.stage;
        out << "<li class=\"s-" << status_name(s.status) << (first ? " first" : "")
            << "\"><span class=\"n\">" << s.stage << "</span><span class=\"st\">"
            << status_name(s.status) << "</span><br>" << esc(s.title);
        if (s.implied_by)
            out << " <span class=\"more-note\">(implied by " << s.implied_by << ")</span>";
        out << "</li>";
    }
    out << "</ol>\n</section>\n";
}

void devices_section(std::ostream& out, const model::Analysis& a) {
    std::map<int, size_t> failing;  // first failing stage -> devices
    for (const auto& d : a.devices)
        if (d.first_failing_stage) ++failing[*d.first_failing_stage];
    size_t failing_total = 0;
    for (const auto& [stage, n] : failing) failing_total += n;
    out << "<section id=\"devices\"><h2>Devices (" << grouped(a.devices.size()) << ")</h2>\n<p>";
    if (a.devices.empty()) out << "No device is named in the evidence.";
    if (!a.devices.empty()) {
        out << plural(failing_total, "device fails", "devices fail");
        if (!failing.empty()) {
            out << " (";
            bool first = true;
            for (const auto& [stage, n] : failing) {
                out << (first ? "" : ", ") << "stage " << stage << ": " << grouped(n);
                first = false;
            }
            out << ")";
        }
        out << "; " << grouped(a.devices.size() - failing_total) << " without a failing stage.";
    }
    out << "</p>\n";
    constexpr const char* kNeedsScript =
        "Device cards are drawn by this page's script, which this viewer did not run; the "
        "data is in the embedded report (amtdiag report --from THIS-FILE --format text).";
    if (a.devices.size() > kDeviceCardsAtLoad)
        out << "<details id=\"device-list\"><summary>Show the " << grouped(a.devices.size())
            << " devices</summary><div id=\"device-view\" class=\"js-needed\">" << kNeedsScript
            << "</div></details>\n";
    else if (!a.devices.empty())
        out << "<div id=\"device-view\" class=\"js-needed\">" << kNeedsScript << "</div>\n";
    out << "</section>\n";
}

void headline_findings_section(std::ostream& out, const model::Analysis& a) {
    const auto shown = headline_findings(a);
    out << "<section id=\"first-failing\"><h2>";
    if (a.first_failing_stage)
        out << "Stage " << *a.first_failing_stage << ": what fails";
    else
        out << (shown.empty() ? "Nothing fails" : "Warnings");
    out << "</h2>\n";
    if (shown.empty()) out << "<p>No check failed and none warned.</p>\n";
    // A fleet fails one check on many devices: a few in full, the rest named, all on request.
    constexpr size_t kFullPerCheck = 3;
    constexpr size_t kNamedPerCheck = 10;
    for (size_t i = 0; i < shown.size();) {
        size_t j = i;
        while (j < shown.size() && shown[j].head.check == shown[i].head.check &&
               shown[j].head.status == shown[i].head.status)
            ++j;
        for (size_t k = i; k < std::min(j, i + kFullPerCheck); ++k)
            finding_card(out, a.findings[shown[k].index]);
        if (j - i > kFullPerCheck) {
            out << "<div class=\"more-devices\" data-check=\"" << esc(shown[i].head.check)
                << "\" data-status=\"" << status_name(shown[i].head.status) << "\" data-stage=\""
                << (a.first_failing_stage ? std::to_string(*a.first_failing_stage) : "")
                << "\" data-skip=\"" << kFullPerCheck << "\"><p>" << esc(shown[i].head.check) << " "
                << status_name(shown[i].head.status) << "s on "
                << plural(j - i - kFullPerCheck, "more device", "more devices") << ":";
            for (size_t k = i + kFullPerCheck; k < std::min(j, i + kFullPerCheck + kNamedPerCheck);
                 ++k)
                out << " " << esc(shown[k].head.device);
            if (j - i > kFullPerCheck + kNamedPerCheck) out << " …";
            out << " <button type=\"button\" class=\"show-more-devices\">Show them all</button>"
                << "</p></div>\n";
        }
        i = j;
    }
    out << "</section>\n";
}

void all_findings_section(std::ostream& out, const model::Analysis& a) {
    // stage -> component -> counts; std::map keeps components in name order.
    std::map<int, std::map<std::string, StatusCounts>> groups;
    std::set<std::string> components;
    for (const auto& f : a.findings) {
        groups[listed_stage(f)][f.component].add(f.status);
        components.insert(f.component);
    }
    out << "<section id=\"findings\"><h2>All findings (" << grouped(a.findings.size())
        << ")</h2>\n<form id=\"filters\" class=\"filters\"><fieldset><legend>Status</legend>";
    for (Status s : kStatusOrder)
        out << "<label><input type=\"checkbox\" name=\"status\" value=\"" << status_name(s)
            << "\" checked> " << status_name(s) << "</label>";
    out << "</fieldset><label>Stage <select name=\"stage\"><option value=\"\">all</option>";
    for (const auto& s : a.stages) out << "<option>" << s.stage << "</option>";
    out << "</select></label><label>Component <select name=\"component\"><option "
           "value=\"\">all</option>";
    for (const auto& c : components) out << "<option>" << esc(c) << "</option>";
    out << "</select></label><label>Find <input type=\"search\" name=\"text\" "
           "placeholder=\"check, device or text\"></label></form>\n<p id=\"filter-summary\" "
           "class=\"more-note\"></p>\n";
    for (const auto& [stage, by_component] : groups) {
        const auto* verdict = find_stage(a, stage);
        StatusCounts total;
        for (const auto& [component, counts] : by_component)
            for (Status s : kStatusOrder) total.n[static_cast<size_t>(s)] += counts[s];
        out << "<details class=\"group\" data-stage=\"" << stage << "\"><summary><b>"
            << (stage ? "Stage " + std::to_string(stage) : std::string("No stage")) << "</b> "
            << (verdict ? esc(verdict->title) : std::string()) << " ";
        badges(out, total, true);
        out << "</summary>\n";
        for (const auto& [component, counts] : by_component) {
            out << "<details class=\"group\" data-stage=\"" << stage << "\" data-component=\""
                << esc(component) << "\"><summary>" << esc(component) << " ";
            badges(out, counts, true);
            out << " <span class=\"shown more-note\"></span></summary><div "
                   "class=\"items\"></div></details>\n";
        }
        out << "</details>\n";
    }
    out << "</section>\n";
}

namespace {

const model::ManualAnswer* answer_to(const model::Analysis& a, const model::Finding& f) {
    const auto it = std::find_if(a.answers.begin(), a.answers.end(), [&](const auto& x) {
        return x.check == f.check && x.device == f.device;
    });
    return it == a.answers.end() ? nullptr : &*it;
}

void answer_cell(std::ostream& out, const model::ManualAnswer* answer) {
    if (answer == nullptr) {
        out << "<span class=\"na\">not answered</span>";
        return;
    }
    out << esc(answer->answer);
    if (!answer->note.empty())
        out << "<br><span class=\"more-note\">" << esc(answer->note) << "</span>";
}

// One check asked of many devices: one row naming a few of them and the answers given.
void manual_summary_row(std::ostream& out, const model::Analysis& a,
                        const std::vector<model::Finding>& asked) {
    constexpr size_t kNamed = 5;
    out << "<tr><td><code>" << esc(asked.front().check) << "</code></td><td>"
        << esc(asked.front().message) << "</td><td>" << plural(asked.size(), "device", "devices")
        << ":";
    for (size_t i = 0; i < std::min(asked.size(), kNamed); ++i)
        out << " " << (asked[i].device.empty() ? "site" : esc(asked[i].device));
    if (asked.size() > kNamed) out << " …";
    out << "</td><td>";
    size_t answered = 0;
    for (const auto& f : asked) {
        const auto* answer = answer_to(a, f);
        if (answer == nullptr) continue;
        if (answered++ < kNamed) {
            out << esc(f.device.empty() ? std::string("site") : f.device) << ": ";
            answer_cell(out, answer);
            out << "<br>";
        }
    }
    if (answered == 0)
        out << "<span class=\"na\">not answered</span>";
    else
        out << "<span class=\"more-note\">" << grouped(answered) << " of " << grouped(asked.size())
            << " answered</span>";
    out << "</td></tr>\n";
}

}  // namespace

void manual_checks_section(std::ostream& out, const model::Analysis& a) {
    out << "<section id=\"manual\"><h2>Manual checks</h2>\n";
    // Per check, in the order checks first appear: a fleet asks the same question of
    // thousands of devices.
    std::vector<std::vector<model::Finding>> checks;
    std::map<std::string, size_t, std::less<>> index;
    for (const auto& f : a.findings) {
        if (f.status != Status::manual) continue;
        const auto [it, added] = index.emplace(f.check, checks.size());
        if (added) checks.emplace_back();
        checks[it->second].push_back(f);
    }
    if (checks.empty()) {
        out << "<p>No check needs a manual answer.</p></section>\n";
        return;
    }
    out << "<p>No file can decide these: someone checks them by hand.</p>\n<table "
           "class=\"manual\"><thead><tr>"
           "<th>Check</th><th>Question</th><th>Device</th><th>Answer</th></tr></thead><tbody>\n";
    constexpr size_t kRowsPerCheck = 3;
    for (const auto& asked : checks) {
        if (asked.size() > kRowsPerCheck) {
            manual_summary_row(out, a, asked);
            continue;
        }
        for (const auto& f : asked) {
            out << "<tr><td><code>" << esc(f.check) << "</code></td><td>" << esc(f.message)
                << "</td><td>" << (f.device.empty() ? "site" : esc(f.device)) << "</td><td>";
            answer_cell(out, answer_to(a, f));
            out << "</td></tr>\n";
        }
    }
    out << "</tbody></table>\n</section>\n";
}

void timelines_section(std::ostream& out, const model::Analysis&) {
    out << "<section id=\"timelines\"><h2>Timelines</h2>\n<svg id=\"svg-ns\" class=\"hidden\" "
           "aria-hidden=\"true\"></svg>\n<div id=\"timeline-view\" "
           "class=\"js-needed\">Timelines are drawn by this page's script, which this viewer "
           "did not run.</div>\n</section>\n";
}

void artifacts_section(std::ostream& out, const model::Analysis& a) {
    out << "<section id=\"artifacts\"><h2>Artifacts (" << grouped(a.artifacts.size())
        << ")</h2>\n<table "
           "class=\"artifacts\"><thead><tr><th>Path</th><th>Kind</th><th>Size</th><th>SHA-256</th>"
           "<th>Status</th><th>Details and damage</th></tr></thead><tbody>\n";
    for (const auto& art : a.artifacts) {
        const bool ok = art.status == model::ReadStatus::ok;
        out << "<tr><td>" << esc(art.path) << "</td><td>" << esc(art.kind)
            << "</td><td class=\"num\">" << grouped(art.size) << "</td><td class=\"hash\">"
            << esc(art.sha256) << "</td><td><span class=\"badge " << (ok ? "s-pass" : "s-fail")
            << "\">" << (ok ? "ok" : "error") << "</span></td><td>";
        if (!ok) out << "<b>" << esc(art.error) << "</b><br>";
        out << esc(art.detail);
        if (art.damaged_records > 0) {
            out << "<br>" << plural(art.damaged_records, "damaged record", "damaged records")
                << ", first at line";
            for (auto line : art.damaged_lines) out << " " << line;
        }
        if (art.skipped_bytes > 0)
            out << "<br>" << plural(art.skipped_bytes, "byte", "bytes") << " skipped";
        for (const auto& note : art.notes) out << "<br>note: " << esc(note);
        out << "</td></tr>\n";
    }
    out << "</tbody></table>\n</section>\n";
}

void run_section(std::ostream& out, const model::Analysis& a) {
    out << "<section id=\"run\"><h2>Run</h2>\n<dl class=\"ids\"><dt>Tool</dt><dd>amtdiag "
        << esc(a.tool_version) << "</dd><dt>Rule set</dt><dd><code>" << esc(a.rules_id)
        << "</code></dd><dt>Report schema</dt><dd>amtdiag.report/1 (embedded in this page)</dd>";
    if (a.invocation) {
        std::string command;
        for (const auto& arg : a.invocation->arguments)
            command += (command.empty() ? "" : " ") + arg;
        out << "<dt>Command</dt><dd><code>" << esc(command) << "</code></dd><dt>Started</dt><dd>"
            << esc(a.invocation->start_utc) << "</dd><dt>Elapsed</dt><dd>"
            << a.invocation->elapsed_ms << " ms</dd><dt>Exit code</dt><dd>"
            << a.invocation->exit_code << " (fail on " << esc(a.invocation->fail_on) << ")</dd>";
    } else {
        out << "<dt>Command</dt><dd class=\"na\">not recorded: rendered from a report that did "
               "not record its run</dd>";
    }
    out << "</dl>\n</section>\n";
}

}  // namespace amtdiag::report::html
