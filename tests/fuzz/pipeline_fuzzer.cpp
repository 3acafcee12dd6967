// libFuzzer target of the whole analysis over one hostile operation manager log: reader,
// signatures, correlator (the compact samples and their decoding), rules and the JSON report.
// Besides crashes, hangs, leaks and UB, it checks what the pipeline promises on any input:
// one thread and two give the same analysis (for one input in four), a report written by
// several threads is the same bytes as one written by one, and the report is JSON.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/analyze.h"
#include "analyzer/report/json_report.h"
#include "tests/fuzz/fuzz_require.h"

namespace {

namespace fs = std::filesystem;

const amtdiag::engine::RuleSet& rules() {
    static const amtdiag::engine::RuleSet loaded = amtdiag::engine::load_rule_set();
    return loaded;
}

// One folder per fuzzing process; the log's name makes the reader take it as AMTOPMGR.LOG.
const fs::path& log_path() {
    static const fs::path path = [] {
        const fs::path dir =
            fs::temp_directory_path() / ("amtdiag-pipeline-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        return dir / "AMTOPMGR.LOG";
    }();
    return path;
}

std::string report(const amtdiag::model::Analysis& analysis, unsigned jobs) {
    return amtdiag::report::to_json(analysis, {.jobs = jobs});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    {
        std::ofstream out(log_path(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const std::vector<std::string> inputs = {log_path().string()};
    amtdiag::AnalyzeOptions one, two;
    one.jobs = 1;
    two.jobs = 2;
    one.at_ms = two.at_ms = 1767225600000;  // judged at a fixed time: runs compare
    const amtdiag::model::Analysis analysis = amtdiag::analyze(inputs, rules(), one);
    const std::string json = report(analysis, 1);
    REQUIRE(json == report(analysis, 3));
    // A second analysis halves the exec rate: one input in four (by its last byte) gets it.
    if (size == 0 || data[size - 1] % 4 == 0)
        REQUIRE(json == report(amtdiag::analyze(inputs, rules(), two), 1));
    REQUIRE(nlohmann::json::accept(json));
    return 0;
}
