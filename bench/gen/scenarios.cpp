#include "scenarios.hpp"

#include <algorithm>
#include <array>

#include "figure_lines.hpp"
#include "step_program.hpp"
#include "thread_ids.hpp"

namespace amtdiag::bench {

namespace {

constexpr std::array<std::string_view, 5> kNames{"healthy", "hello-rejected", "cert-template",
                                                 "soap-failure", "unprovision-failure"};

// The lab of the guide's figures.
constexpr SiteArgs kVprolab{"dc0.vprolab.com", "DC=vprolab,DC=com",
                            "C43FA6C23FE4E094A07B86F23C16F290BCDA6D50", "3.2.1"};

MessageArgs Hp7800() {
    MessageArgs a;
    a.site = &kVprolab;
    a.host = "hp7800.vprolab.com";
    a.host_upper = "HP7800";
    a.uuid = "C284DE32-F287-11DC-BBDA-C4A11E4B001C";  // Figure 1's out-of-band device
    a.machine_id = 48;   // Figure 3's id; Figure 4 shows 45 for the same host
    a.smx = "9xqk2v0d";  // modeled
    a.pool_size = 1;
    return a;
}

constexpr unsigned kSecond = 1000;
constexpr LocalMillis kMinute = 60 * kSecond;

// Walks `program` on one timeline. Listener, worker and task lines get their threads.
class Timeline {
  public:
    Timeline(RecordWriter& writer, LocalMillis start) : writer_(writer), now_(start) {}

    void Run(StepProgram& program, MessageArgs args, unsigned task_thread) {
        args.work_thread = task_thread;
        while (const auto next = program.Pop()) {
            now_ += next->lead_ms + next->step->delay_ms;
            args.retry = next->repetition;
            writer_.Emit(now_, ThreadFor(next->step->role, task_thread), next->step->text, args);
        }
    }
    void Advance(LocalMillis ms) { now_ += ms; }
    [[nodiscard]] LocalMillis Now() const { return now_; }

  private:
    static unsigned ThreadFor(Role role, unsigned task_thread) {
        switch (role) {
            case Role::kListener:
                return threads::kHelloListener;
            case Role::kWorker:
            case Role::kWorkerNoise:
                return threads::kProvisionWorker;
            case Role::kTask:
                return task_thread;
        }
        return task_thread;
    }

    RecordWriter& writer_;
    LocalMillis now_;
};

// Listener up, worker idle, then (7 min later) the ZTC request for target 48.
void AddPreamble(StepProgram& p, bool with_ztc_request) {
    p.Add(kListenerStart);
    p.Add(kWorkerIdleTick, 1, 1'578);
    if (with_ztc_request) p.Add(kZtcRequest, 1, 7 * kMinute + 3'141);
}

void Healthy(Timeline& tl, unsigned cert_waits) {
    StepProgram p;
    AddPreamble(p, true);
    p.Add(kProvisionHead);
    p.Add(kCertWaitCycle, cert_waits);
    p.Add(kFirstStage);
    p.Add(kFirstStageFinished);
    p.Add(kTaskEndOk);
    p.Add(kPoolIdle);
    tl.Run(p, Hp7800(), threads::kFigure3Task);

    // A day later the administrator deletes the provisioning data (Figure 4).
    StepProgram u;
    u.Add(kUnprovisionHead, 1, 24 * 60 * kMinute + 2 * 60 * kMinute + 17 * kMinute + 5'203);
    u.Add(kUnprovisionTail);
    u.Add(kPoolIdle);
    MessageArgs unprovision = Hp7800();
    unprovision.smx = "k3m8r1qa";  // modeled
    tl.Run(u, unprovision, threads::kFigure4Task);
}

void HelloRejected(Timeline& tl, unsigned hellos) {
    StepProgram p;
    AddPreamble(p, false);
    tl.Run(p, Hp7800(), threads::kFigure3Task);
    LocalMillis next_tick = tl.Now() + 3600 * kSecond;
    // Hellos arrive at a decreasing frequency (guide, Stage 2 corrective actions).
    LocalMillis gap = 40 * kSecond;
    for (unsigned i = 0; i < hellos; ++i) {
        const LocalMillis jitter = static_cast<LocalMillis>((i * 7919U) % 900U);
        const LocalMillis at = tl.Now() + gap + jitter;
        while (next_tick < at) {  // the idle worker keeps waking every hour
            StepProgram tick;
            tick.Add(kWorkerIdleTick);
            tl.Advance(next_tick - tl.Now());
            tl.Run(tick, Hp7800(), threads::kFigure3Task);
            next_tick += 3600 * kSecond;
        }
        tl.Advance(at - tl.Now());
        StepProgram hello;
        hello.Add(kHelloRejected);
        tl.Run(hello, Hp7800(), threads::kFigure3Task);
        gap = std::min<LocalMillis>(gap * 2, 30 * kMinute);
    }
}

void CertTemplate(Timeline& tl, unsigned retries) {
    StepProgram p;
    AddPreamble(p, true);
    p.Add(kProvisionHead);
    p.Add(kCertWaitCycle, retries);  // never "Found client certificate"
    p.Add(kTaskEndOnly);
    p.Add(kPoolIdle);
    tl.Run(p, Hp7800(), threads::kFigure3Task);
}

void SoapFailure(Timeline& tl, unsigned cert_waits) {
    const SoapFailurePoint& commit = kSoapFailurePoints[kCommitChangesFailurePoint];
    StepProgram p;
    AddPreamble(p, true);
    p.Add(kProvisionHead);
    p.Add(kCertWaitCycle, cert_waits);
    p.Add(kFirstStage, 1, 0, commit.step_index);  // everything before CommitChanges
    p.Add(kSoapCallFailed);
    p.Add(kTaskEndOnly);
    p.Add(kPoolIdle);
    MessageArgs args = Hp7800();
    args.soap_call = commit.call;
    args.soap_status = "0x1";  // PT_STATUS_INTERNAL_ERROR
    tl.Run(p, args, threads::kFigure3Task);
}

void UnprovisionFailure(Timeline& tl) {
    StepProgram p;
    AddPreamble(p, false);
    p.Add(kUnprovisionHead, 1, 2 * kMinute + 11'406);  // REVOKE requested, nothing after it
    p.Add(kTaskEndOnly);
    p.Add(kPoolIdle);
    tl.Run(p, Hp7800(), threads::kFigure4Task);
}

}  // namespace

std::span<const std::string_view> ScenarioNames() noexcept {
    return kNames;
}

bool WriteScenario(std::string_view name, LocalMillis start, std::optional<unsigned> retries,
                   RecordWriter& writer) {
    Timeline tl(writer, start);
    if (name == "healthy") {
        Healthy(tl, retries.value_or(1));
    } else if (name == "hello-rejected") {
        HelloRejected(tl, retries.value_or(5));
    } else if (name == "cert-template") {
        CertTemplate(tl, retries.value_or(12));
    } else if (name == "soap-failure") {
        SoapFailure(tl, retries.value_or(1));
    } else if (name == "unprovision-failure") {
        UnprovisionFailure(tl);
    } else {
        return false;
    }
    return true;
}

}  // namespace amtdiag::bench
