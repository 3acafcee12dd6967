#pragma once
// What the report tests share: running commands (amtdiag, xmllint, python3, chromium), reading
// files, and an Analysis whose every string is hostile.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/model/analysis.h"

namespace amtdiag::testing {

struct CommandResult {
    int code = -1;
    std::string out;  // stdout and stderr together
};

// Runs `command` in sh; stderr joins stdout unless `with_stderr` is false.
inline CommandResult run_command(const std::string& command, bool with_stderr = true) {
    CommandResult r;
    FILE* pipe = popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (pipe == nullptr) return r;
    std::array<char, 8192> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A tool found by CMake at configure time (empty or *-NOTFOUND when it was not).
inline bool have_tool(const std::string& path) {
    return !path.empty() && path.find("NOTFOUND") == std::string::npos;
}

// Strings that would run, link, reorder or overflow if a writer forgot to escape them.
inline const std::vector<std::string>& hostile_strings() {
    static const std::vector<std::string> strings = {
        "<script>document.title='PWNED'</script>",
        "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
        "</script><script>document.documentElement.setAttribute('data-pwned','break')</script>",
        "<!--<script>document.title='PWNED-comment'</script>-->",
        "javascript:document.title='PWNED-link'",
        "<svg onload=\"document.title='PWNED-svg'\"></svg>",
        "\" onmouseover=\"document.title='PWNED-attr'\" x=\"",
        "' onfocus='document.title=1' autofocus='",
        "right-to-left \xE2\x80\xAE"
        "gpj.exe override",
        "terminal \x1B]0;title\x07 escape & ampersand",
    };
    return strings;
}

// An analysis whose every string field carries hostile text: three devices (so the script
// draws their cards and timelines at load), findings of each status, answers, an invocation.
inline model::Analysis hostile_analysis() {
    const auto& h = hostile_strings();
    auto pick = [&](size_t i) { return h[i % h.size()]; };
    model::Analysis a;
    a.tool_version = "0.1.0 " + pick(0);
    a.rules_id = "builtin-" + pick(1);
    const char* titles[] = {"prereqs", "request", "provisioning", "power",
                            "console", "webui",   "unprovision"};
    for (int s = 1; s <= 7; ++s)
        a.stages.push_back({s, std::string(titles[s - 1]) + " " + pick(s),
                            s == 3 ? model::Status::fail : model::Status::unknown, 0});
    a.first_failing_stage = 3;
    for (size_t i = 0; i < 4; ++i) {
        model::Artifact art;
        art.path = "logs/" + pick(i) + ".log";
        art.kind = "amtopmgr-log";
        art.sha256 = std::string(64, 'a');
        art.size = 1000 + i;
        art.detail = pick(i + 1);
        if (i == 3) {
            art.status = model::ReadStatus::error;
            art.error = pick(i + 2);
        }
        art.notes = {pick(i + 3)};
        art.damaged_records = 1;
        art.damaged_lines = {7};
        a.artifacts.push_back(art);
    }
    const model::Status statuses[] = {model::Status::fail,   model::Status::warn,
                                      model::Status::pass,   model::Status::unknown,
                                      model::Status::manual, model::Status::skipped};
    for (size_t d = 0; d < 3; ++d) {
        model::Device dev;
        dev.id = "dev" + std::to_string(d) + pick(d);
        dev.fqdn = pick(d + 1);
        dev.host = pick(d + 2);
        dev.uuid = pick(d + 3);
        dev.machine_id = pick(d + 4);
        dev.ips = {pick(d + 5)};
        dev.macs = {pick(d + 6)};
        dev.mode = pick(d + 7);
        dev.firmware = pick(d + 8);
        for (int s = 1; s <= 7; ++s)
            dev.stages.push_back({s, "", s == 3 ? model::Status::fail : model::Status::pass, 0});
        dev.first_failing_stage = 3;
        model::Attempt attempt;
        attempt.type = model::Attempt::Type::provision;
        attempt.outcome = model::Attempt::Outcome::failed;
        attempt.begin.artifact = a.artifacts[0].path;
        attempt.begin.line = 3;
        attempt.last_milestone = pick(d + 9);
        dev.attempts = {attempt};
        dev.attempts_total = 1;
        for (size_t e = 0; e < 4; ++e) {
            model::Evidence ev;
            ev.kind = "log." + pick(e);
            ev.ref.artifact = a.artifacts[e % 3].path;
            ev.ref.line = 10 + e;
            ev.ref.excerpt = pick(e + d);
            ev.time.local_ms = 1231920000000 + static_cast<int64_t>(e) * 60000;
            ev.time.has_time = true;
            ev.time.has_bias = true;
            ev.severity = e == 2 ? model::Severity::error : model::Severity::info;
            ev.attrs = {model::Attribute::text(pick(e), pick(e + 1))};
            dev.timeline.push_back(ev);
        }
        a.devices.push_back(dev);
    }
    for (size_t i = 0; i < 24; ++i) {
        model::Finding f;
        f.check = "check." + std::to_string(i) + pick(i);
        f.status = statuses[i % 6];
        f.stages = {static_cast<int>(i % 7) + 1};
        f.verdict_stage = i % 6 == 0 ? 3 : static_cast<int>(i % 7) + 1;
        f.component = "component " + pick(i + 1);
        f.device = i % 4 == 3 ? "" : a.devices[i % 3].id;
        f.message = pick(i) + " " + std::string(3000, 'L') + " long line";
        f.fix = pick(i + 2);
        f.refs = {pick(i + 3), "javascript:alert(1)"};
        f.evidence = {{{a.artifacts[0].path, 5, 0, 0, 0, pick(i + 4)},
                       pick(i + 5),
                       {{"0x80090325" + pick(i), pick(i + 1), pick(i + 2), pick(i + 3)}}},
                      {{a.artifacts[1].path, 0, 12, 0, 0, pick(i + 6)}, "", {}}};
        if (f.status == model::Status::unknown) f.needs = {pick(i + 7)};
        if (f.status == model::Status::fail) f.suspects = {"check." + pick(i + 9), pick(i + 10)};
        if (f.status == model::Status::warn) f.suspect_rank = static_cast<int>(i / 6) + 1;
        f.rule = "rule/" + pick(i + 8);
        a.findings.push_back(f);
    }
    a.answers = {{a.findings[4].check, a.findings[4].device, pick(2), pick(3)}};
    a.invocation = model::Invocation{
        {"amtdiag", "check", pick(0), pick(1)}, "fail", 1, "2026-01-31T12:00:00.000Z", 42};
    return a;
}

}  // namespace amtdiag::testing
