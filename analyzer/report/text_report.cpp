#include "analyzer/report/text_report.h"

#include <algorithm>
#include <sstream>

#include "analyzer/report/finding_groups.h"
#include "analyzer/report/safe_text.h"

namespace amtdiag::report {

namespace {

using model::Status;

struct Painter {
    bool on;
    std::string operator()(Status s, const std::string& text) const {
        if (!on) return text;
        const char* code = "";
        switch (s) {
            case Status::fail:
                code = "\033[41;93m";
                break;  // CMTrace error: red, yellow text
            case Status::warn:
                code = "\033[43;30m";
                break;  // CMTrace warning: yellow
            case Status::pass:
                code = "\033[32m";
                break;
            case Status::skipped:
            case Status::manual:
            case Status::unknown:
                code = "\033[2m";
                break;
        }
        return code + text + "\033[0m";
    }
    std::string bold(const std::string& text) const {
        return on ? "\033[1m" + text + "\033[0m" : text;
    }
};

std::string label(Status s) {
    std::string l(model::to_string(s));
    if (s == Status::fail || s == Status::warn)
        std::transform(l.begin(), l.end(), l.begin(), ::toupper);
    return l;
}

std::string pad(std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

void write_finding(std::ostringstream& out, const model::Finding& f, const Painter& paint) {
    out << "  " << paint(f.status, pad(label(f.status), 7)) << " " << paint.bold(f.check);
    if (!f.device.empty()) out << "  [" << safe_text(f.device) << "]";
    if (f.for_all_devices > 0) out << "  [all " << f.for_all_devices << " devices]";
    out << "\n          " << safe_text(f.message) << "\n";
    // A retry loop cites dozens of lines; the first few and the last one tell the story.
    constexpr size_t kHead = 4;
    for (size_t i = 0; i < f.evidence.size(); ++i) {
        if (f.evidence.size() > kHead + 1 && i == kHead) {
            out << "          ... " << f.evidence.size() - kHead - 1
                << " more (all in --format json)\n";
            i = f.evidence.size() - 1;
        }
        const auto& e = f.evidence[i];
        out << "          at " << safe_text(e.ref.artifact);
        if (e.ref.line) out << ":" << e.ref.line;
        if (e.ref.packet) out << " packet " << e.ref.packet;
        if (!e.time.empty()) out << "  " << e.time;
        out << "\n             " << safe_text(e.ref.excerpt) << "\n";
        for (const auto& c : e.codes)
            out << "             " << safe_text(c.code) << " = " << safe_text(c.name) << " ("
                << safe_text(c.family) << "): " << safe_text(c.meaning) << "\n";
    }
    if (!f.suspects.empty()) {
        // The error this finding cites has candidate causes; each is a finding of its own.
        out << "          suspects (most likely first):";
        for (const auto& s : f.suspects) out << " " << safe_text(s);
        out << "\n";
    }
    if (!f.needs.empty()) {
        out << "          needs:";
        for (const auto& n : f.needs) out << " " << safe_text(n);
        out << "\n";
    }
    if (f.status == Status::fail || f.status == Status::warn)
        out << "          fix: " << safe_text(f.fix) << "\n";
}

void header_section(std::ostringstream& out, const model::Analysis& analysis) {
    out << "amtdiag " << analysis.tool_version << " (rules " << analysis.rules_id << ")\n\n";
}

void artifacts_section(std::ostringstream& out, const model::Analysis& analysis,
                       const Painter& paint) {
    size_t ok = 0;
    for (const auto& a : analysis.artifacts) ok += a.status == model::ReadStatus::ok;
    out << paint.bold("Artifacts") << ": " << ok << " read, " << analysis.artifacts.size() - ok
        << " not read\n";
    for (const auto& a : analysis.artifacts) {
        if (a.status == model::ReadStatus::ok) {
            // A kind as long as the column ("hotfix-inventory") still gets its space.
            out << "  " << pad(safe_text(a.kind), 15) << " " << safe_text(a.path) << "  ("
                << safe_text(a.detail) << ")\n";
            // Damage the reader repaired or skipped: the engineer should know what was not read.
            for (const auto& note : a.notes)
                out << "  " << std::string(16, ' ') << paint(Status::warn, "note") << " "
                    << safe_text(note) << "\n";
        } else
            out << "  " << paint(Status::fail, "ERROR") << " " << safe_text(a.path) << ": "
                << safe_text(a.error) << "\n";
    }
}

void stages_section(std::ostringstream& out, const model::Analysis& analysis,
                    const Painter& paint) {
    out << "\n" << paint.bold("Stage  Status   Title") << "\n";
    for (const auto& s : analysis.stages) {
        std::string status = label(s.status);
        out << "  " << s.stage << "    " << paint(s.status, pad(status, 8)) << " "
            << safe_text(s.title);
        if (s.implied_by) out << "  (implied by stage " << s.implied_by << ")";
        out << "\n";
    }
    if (analysis.first_failing_stage) {
        const int n = *analysis.first_failing_stage;
        const auto it = std::find_if(analysis.stages.begin(), analysis.stages.end(),
                                     [&](const model::StageVerdict& s) { return s.stage == n; });
        out << "\nFirst failing stage: " << paint(Status::fail, std::to_string(n))
            << (it != analysis.stages.end() ? " - " + it->title : std::string()) << "\n";
    } else {
        out << "\nNo stage fails.\n";
    }
}

void devices_section(std::ostringstream& out, const model::Analysis& analysis,
                     const Painter& paint) {
    if (analysis.devices.empty()) return;
    out << "\n" << paint.bold("Devices") << " (" << analysis.devices.size() << ")\n";
    size_t shown = 0;
    for (const auto& d : analysis.devices) {
        if (++shown > 20) {
            out << "  ... " << analysis.devices.size() - 20 << " more (see --format json)\n";
            break;
        }
        size_t succeeded = 0;
        for (const auto& a : d.attempts)
            succeeded += a.outcome == model::Attempt::Outcome::succeeded;
        out << "  " << pad(safe_text(d.id), 28);
        if (!d.mode.empty()) out << " mode " << safe_text(d.mode);
        if (!d.firmware.empty()) out << "  fw " << safe_text(d.firmware);
        out << "  tasks " << d.attempts_total;
        if (d.attempts_total) out << " (" << succeeded << " ok)";
        if (d.first_failing_stage)
            out << "  "
                << paint(Status::fail, "fails at stage " + std::to_string(*d.first_failing_stage));
        out << "\n";
    }
}

// Which findings to show: every decided one (--all), a stage asked for, else what the report
// leads with (headline_findings: the first failing stage's, or the warnings).
std::vector<PickedFinding> shown_findings(const model::Analysis& analysis,
                                          const TextOptions& options) {
    if (!options.all_findings && !options.stage) return headline_findings(analysis);
    std::vector<PickedFinding> shown;
    model::Finding f;  // decoded only when the stages decide (the head lacks them)
    for (size_t i = 0; i < analysis.findings.size(); ++i) {
        const model::FindingHead head = analysis.findings.head(i);
        bool in = head.status != Status::unknown && head.status != Status::manual;
        if (!options.all_findings) {
            analysis.findings.decode(i, f);
            in = std::find(f.stages.begin(), f.stages.end(), *options.stage) != f.stages.end();
        }
        if (in) shown.push_back({i, head});
    }
    // Failures first, then warnings, then the rest, keeping catalog order inside each group.
    std::stable_sort(
        shown.begin(), shown.end(), [](const PickedFinding& x, const PickedFinding& y) {
            const model::FindingHead& a = x.head;
            const model::FindingHead& b = y.head;
            auto order = [](Status s) {
                return s == Status::fail ? 0 : s == Status::warn ? 1 : s == Status::pass ? 2 : 3;
            };
            if (order(a.status) != order(b.status)) return order(a.status) < order(b.status);
            // Suspected causes after the findings that stand, likeliest first.
            return (a.suspect_rank == 0 ? 0 : a.suspect_rank) <
                   (b.suspect_rank == 0 ? 0 : b.suspect_rank);
        });
    return shown;
}

void findings_section(std::ostringstream& out, const model::Analysis& analysis,
                      const TextOptions& options, const Painter& paint) {
    const std::optional<int> focus = options.stage ? options.stage : analysis.first_failing_stage;
    const std::vector<PickedFinding> shown = shown_findings(analysis, options);
    if (focus)
        out << "\n" << paint.bold("Findings for stage " + std::to_string(*focus)) << "\n";
    else if (!shown.empty())
        out << "\n" << paint.bold("Warnings") << "\n";
    // A site with thousands of devices fails the same check on many of them: show a few in
    // full, then name the rest, so the report stays readable on a terminal.
    constexpr size_t kFullPerCheck = 3;
    constexpr size_t kNamedPerCheck = 10;
    for (size_t i = 0; i < shown.size();) {
        size_t j = i;
        while (j < shown.size() && shown[j].head.check == shown[i].head.check &&
               shown[j].head.status == shown[i].head.status)
            ++j;
        for (size_t k = i; k < std::min(j, i + kFullPerCheck); ++k)
            write_finding(out, analysis.findings[shown[k].index], paint);
        if (j - i > kFullPerCheck) {
            out << "  " << paint(shown[i].head.status, pad(label(shown[i].head.status), 7)) << " "
                << paint.bold(std::string(shown[i].head.check)) << "  on " << j - i - kFullPerCheck
                << " more devices:";
            for (size_t k = i + kFullPerCheck; k < std::min(j, i + kFullPerCheck + kNamedPerCheck);
                 ++k)
                out << " " << safe_text(shown[k].head.device);
            if (j - i > kFullPerCheck + kNamedPerCheck) out << " ...";
            out << "\n          (each in full with --device ID, all in --format json)\n";
        }
        i = j;
    }
}

void summary_section(std::ostringstream& out, const model::Analysis& analysis) {
    const StatusCounts counts = count_statuses(analysis.findings);
    out << "\nSummary: " << counts[Status::fail] << " fail, " << counts[Status::warn] << " warn, "
        << counts[Status::pass] << " pass, " << counts[Status::unknown] << " unknown, "
        << counts[Status::manual] << " manual, " << counts[Status::skipped] << " skipped\n";
}

}  // namespace

std::string to_text(const model::Analysis& analysis, const TextOptions& options) {
    const Painter paint{options.color};
    std::ostringstream out;
    header_section(out, analysis);
    artifacts_section(out, analysis, paint);
    stages_section(out, analysis, paint);
    devices_section(out, analysis, paint);
    findings_section(out, analysis, options, paint);
    summary_section(out, analysis);
    return out.str();
}

}  // namespace amtdiag::report
