// The AMTOPMGR.LOG line tables. Text is copied verbatim from the four figures of
// the Intel/Microsoft troubleshooting guide (seed 000_aa6ffcb2bea2f87d.txt) unless
// a comment on the line says "completed" (screenshot cut the line) or
// "modeled: no real text known".
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace amtdiag::bench {

// Which thread writes a line.
enum class Role {
    kListener,     // out-of-band hello listener thread (e.g. 3012 (0xBC4))
    kWorker,       // AMT Provision Worker thread (2436 (0x984)), device-specific lines
    kWorkerNoise,  // AMT Provision Worker wake/wait lines; bulk mode emits its own ticker
    kTask,         // the auto-worker pool thread that runs one provision task
};

struct Step {
    Role role;
    unsigned delay_ms;  // time since the previous line of the same sequence
    std::string_view text;
};

using StepTable = std::span<const Step>;

namespace lines {

inline constexpr std::string_view kWorkerWakes =
    "AMT Provision Worker: Wakes up to process instruction files";
inline constexpr std::string_view kWorkerWait20 = "AMT Provision Worker: Wait 20 seconds...";
inline constexpr std::string_view kWorkerWait3600 = "AMT Provision Worker: Wait 3600 seconds...";
inline constexpr std::string_view kListenerWaiting =
    "Waiting for incoming hello message from AMT devices...";
inline constexpr std::string_view kPoolIdle =
    "Auto-worker Thread Pool: Current size of the thread pool is 0";

}  // namespace lines

// Figure 1: listener start, one rejected hello (+ the listener going back to wait).
extern const StepTable kListenerStart;
extern const StepTable kHelloRejected;
// Worker wake-ups: idle (3600 s) and busy (20 s).
extern const StepTable kWorkerIdleTick;
extern const StepTable kWorkerBusyTick;
// Figure 1/2: in-band ZTC request picked up by the provision worker.
extern const StepTable kZtcRequest;
// Figure 3: provisioning task up to the certificate request.
extern const StepTable kProvisionHead;
// Figure 3: one "wait 20 s / RETRY(k)" cycle for the client certificate.
extern const StepTable kCertWaitCycle;
// Figure 3: certificate found and the 1st-stage SOAP calls through CommitChanges.
extern const StepTable kFirstStage;
// Figure 3: 1st stage finished.
extern const StepTable kFirstStageFinished;
// Figure 4: task end + pool success line.
extern const StepTable kTaskEndOk;
// Figure 4: task end marker only (failed attempts).
extern const StepTable kTaskEndOnly;
// A failing SOAP call (modeled). Uses {soap} and {st}.
extern const StepTable kSoapCallFailed;
// Figure 4: un-provisioning up to the REVOKE request, then the rest of the run.
extern const StepTable kUnprovisionHead;
extern const StepTable kUnprovisionTail;
// Worker pool back to idle after the last task.
extern const StepTable kPoolIdle;

// SOAP calls of kFirstStage that the generator may make fail: index of the step in
// kFirstStage and the call name used for the modeled failure line.
struct SoapFailurePoint {
    std::size_t step_index;
    std::string_view call;
};
extern const std::span<const SoapFailurePoint> kSoapFailurePoints;
// Index into kSoapFailurePoints of SecurityAdministration.CommitChanges.
inline constexpr std::size_t kCommitChangesFailurePoint = 7;

// All tables, for the start-up placeholder check.
extern const std::span<const StepTable> kAllTables;

}  // namespace amtdiag::bench
