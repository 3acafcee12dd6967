#include "analyzer/rule_tests.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "analyzer/analyze.h"

namespace amtdiag {

namespace fs = std::filesystem;

namespace {

// A private scratch folder, removed when the run ends.
class ScratchDir {
  public:
    ScratchDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() /
                ("amtdiag-rules-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

}  // namespace

std::vector<RuleTestResult> run_rule_tests(const engine::RuleSet& rules) {
    std::vector<RuleTestResult> results;
    ScratchDir scratch;
    int n = 0;
    for (const auto& rule : rules.rules) {
        for (const auto& test : rule.tests) {
            RuleTestResult r{rule.id, test.name, true, {}};
            const fs::path dir = scratch.path() / std::to_string(++n);
            fs::create_directories(dir);
            auto write = [&](const std::string& name, const std::string& bytes) {
                std::ofstream out(dir / name, std::ios::binary);
                out << bytes;
            };
            if (!test.log.empty() || test.files.empty()) write(test.file_name, test.log);
            for (const auto& f : test.files) write(f.name, f.bytes);
            AnalyzeOptions options;
            options.at_ms = test.at_ms;
            options.amt_version = test.amt_version;
            options.pfx_password = test.pfx_password;
            options.mode = test.mode;
            for (const auto& [check, answer] : test.answers)
                options.answers.push_back({check, "", answer, ""});
            const model::Analysis analysis = analyze({dir.string()}, rules, options);
            for (const auto& expect : test.expect) {
                if (expect.absent) {
                    for (const auto& f : analysis.findings)
                        if (f.check == expect.check && f.device == expect.device &&
                            f.rule == rule.id) {
                            r.passed = false;
                            r.detail += expect.check +
                                        ": expected no finding from this rule, got " +
                                        std::string(model::to_string(f.status)) + ". ";
                        }
                    continue;
                }
                bool found = false;
                std::string seen;
                for (const auto& f : analysis.findings) {
                    if (f.check != expect.check || f.device != expect.device) continue;
                    // For the rule's own checks, only its own verdicts count.
                    const bool own_check = std::find(rule.checks.begin(), rule.checks.end(),
                                                     f.check) != rule.checks.end();
                    if (own_check && f.rule != rule.id && f.rule != "catalog") continue;
                    seen += std::string(seen.empty() ? "" : ", ") +
                            std::string(model::to_string(f.status));
                    if (f.status == expect.status) found = true;
                }
                if (!found) {
                    r.passed = false;
                    r.detail += expect.check +
                                (expect.device.empty() ? " (site)" : " [" + expect.device + "]") +
                                ": expected " + std::string(model::to_string(expect.status)) +
                                ", got " + (seen.empty() ? "no finding" : seen) + ". ";
                }
            }
            results.push_back(std::move(r));
        }
    }
    return results;
}

}  // namespace amtdiag
