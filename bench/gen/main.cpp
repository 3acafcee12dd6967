// amtdiag_gen_logs: deterministic AMTOPMGR.LOG generator for tests and benchmarks.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "bulk_generator.hpp"
#include "cli_options.hpp"
#include "encoded_sink.hpp"
#include "figure_lines.hpp"
#include "message_template.hpp"
#include "record_writer.hpp"
#include "scenarios.hpp"

namespace {

using namespace amtdiag::bench;

// Catches table mistakes (typos in placeholders, SOAP failure indices) at start-up.
bool CheckTables() {
    bool ok = true;
    for (const StepTable& table : kAllTables) {
        for (const Step& step : table) {
            const std::string_view bad = FindUnknownPlaceholder(step.text);
            if (!bad.empty()) {
                std::fprintf(stderr, "internal error: unknown placeholder %.*s in \"%.*s\"\n",
                             static_cast<int>(bad.size()), bad.data(),
                             static_cast<int>(step.text.size()), step.text.data());
                ok = false;
            }
        }
    }
    for (const SoapFailurePoint& point : kSoapFailurePoints) {
        if (point.step_index >= kFirstStage.size() ||
            !kFirstStage[point.step_index].text.starts_with(point.call)) {
            std::fprintf(stderr, "internal error: SOAP failure point %.*s is misplaced\n",
                         static_cast<int>(point.call.size()), point.call.data());
            ok = false;
        }
    }
    return ok;
}

int Run(const Options& options) {
    EncodedSink sink(options.out, options.encoding);
    RecordWriter writer(sink, options.format, options.bias_minutes);
    if (options.mode == Mode::kScenario) {
        if (!WriteScenario(options.scenario, options.start, options.retries, writer)) {
            std::string names;
            for (const std::string_view name : ScenarioNames()) {
                names += names.empty() ? "" : ", ";
                names += name;
            }
            std::fprintf(stderr, "amtdiag_gen_logs: unknown scenario '%s' (known: %s)\n",
                         options.scenario.c_str(), names.c_str());
            sink.Close();
            std::remove(options.out.c_str());
            return 2;
        }
        sink.Close();
        return 0;
    }

    BulkOptions bulk;
    bulk.size_bytes = options.size;
    bulk.devices = options.devices;
    bulk.seed = options.seed;
    bulk.workers = options.workers;
    bulk.noise = options.noise;
    bulk.start = options.start;
    const auto t0 = std::chrono::steady_clock::now();
    const BulkStats stats = WriteBulk(bulk, writer);
    sink.Close();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double mib = static_cast<double>(sink.BytesWritten()) / (1024.0 * 1024.0);
    std::fprintf(stderr,
                 "amtdiag_gen_logs: %s: %.1f MiB, %llu lines in %.2f s (%.0f MiB/s); attempts: "
                 "%llu provisioned, %llu cert-retry loops, %llu SOAP failures, %llu hello "
                 "series rejected, %llu unprovisioned, %llu unprovision failures\n",
                 options.out.c_str(), mib, static_cast<unsigned long long>(stats.lines), seconds,
                 seconds > 0 ? mib / seconds : 0.0,
                 static_cast<unsigned long long>(stats.provision_ok),
                 static_cast<unsigned long long>(stats.cert_retry_loop),
                 static_cast<unsigned long long>(stats.soap_failure),
                 static_cast<unsigned long long>(stats.hello_rejected),
                 static_cast<unsigned long long>(stats.unprovision_ok),
                 static_cast<unsigned long long>(stats.unprovision_failed));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (!CheckTables()) return 3;
    try {
        const std::vector<std::string_view> args(argv + 1, argv + argc);
        const Options options = ParseOptions(args);
        if (options.mode == Mode::kHelp) {
            std::fputs(Usage().data(), stdout);
            return 0;
        }
        return Run(options);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "amtdiag_gen_logs: %s\n\n%s", e.what(), Usage().data());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "amtdiag_gen_logs: %s\n", e.what());
        return 1;
    }
}
