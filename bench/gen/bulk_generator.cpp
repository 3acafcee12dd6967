#include "bulk_generator.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <vector>

#include "figure_lines.hpp"
#include "step_program.hpp"
#include "thread_ids.hpp"

namespace amtdiag::bench {

namespace {

constexpr SiteArgs kCorpSite{"dc0.corp.example.com", "DC=corp,DC=example,DC=com",
                             "C43FA6C23FE4E094A07B86F23C16F290BCDA6D50", "3.2.1"};

// Fixed-size text fields so the device table is one allocation.
struct Device {
    std::array<char, 32> host{};
    std::array<char, 16> host_upper{};
    std::array<char, 37> uuid{};
    std::uint8_t host_len = 0;
    std::uint8_t host_upper_len = 0;
    unsigned machine_id = 0;
};

// Deterministic helpers on top of mt19937_64 (std distributions are not portable).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t Next() { return engine_(); }
    // Uniform-enough integer in [0, n) for the small n used here.
    unsigned Below(unsigned n) { return static_cast<unsigned>(engine_() % n); }
    unsigned Between(unsigned lo, unsigned hi) { return lo + Below(hi - lo + 1); }

  private:
    std::mt19937_64 engine_;
};

std::vector<Device> MakeDevices(unsigned count, std::uint64_t seed) {
    Rng rng(seed ^ 0x5DEECE66DULL);
    std::vector<Device> devices(count);
    constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned i = 0; i < count; ++i) {
        Device& d = devices[i];
        // devNNNNN.corp.example.com / DEVNNNNN; six digits for fleets above 99,999 (the
        // names of smaller fleets, and so their logs, stay what they were).
        const std::size_t digits = count > 99999 ? 6 : 5;
        std::array<char, 6> digit_buffer{};
        unsigned v = i + 1;
        for (std::size_t k = digits; k-- > 0;) {
            digit_buffer[k] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        const std::string_view num(digit_buffer.data(), digits);
        std::size_t n = 0;
        for (const char c : std::string_view("dev")) d.host[n++] = c;
        for (const char c : num) d.host[n++] = c;
        for (const char c : std::string_view(".corp.example.com")) d.host[n++] = c;
        d.host_len = static_cast<std::uint8_t>(n);
        std::size_t u = 0;
        for (const char c : std::string_view("DEV")) d.host_upper[u++] = c;
        for (const char c : num) d.host_upper[u++] = c;
        d.host_upper_len = static_cast<std::uint8_t>(u);
        // SMBIOS-style UUID, upper-case like Figure 1.
        const std::uint64_t hi = rng.Next();
        const std::uint64_t lo = rng.Next();
        std::size_t p = 0;
        for (int nibble = 0; nibble < 32; ++nibble) {
            if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) d.uuid[p++] = '-';
            const std::uint64_t word = nibble < 16 ? hi : lo;
            d.uuid[p++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
        }
        d.machine_id = 1000 + i;
    }
    return devices;
}

enum class Outcome {
    kProvisionOk,
    kCertRetryLoop,
    kSoapFailure,
    kHelloRejected,
    kUnprovisionOk,
    kUnprovisionFailed
};

// One attempt in flight on one slot (a work thread, or the listener for hellos).
struct Slot {
    StepProgram program;
    MessageArgs args;
    std::array<char, 9> smx{};
    unsigned thread = 0;
    unsigned device = ~0U;
    bool in_task = false;
    LocalMillis pending_time = 0;
    StepProgram::Next pending{};
};

class BulkGenerator {
  public:
    BulkGenerator(const BulkOptions& options, RecordWriter& writer)
        : options_(options),
          writer_(writer),
          rng_(options.seed),
          devices_(MakeDevices(options.devices, options.seed)),
          slots_(options.workers) {}

    BulkStats Run() {
        LocalMillis now = options_.start;
        MessageArgs site_args;
        site_args.site = &kCorpSite;
        Emit(now, threads::kHelloListener, lines::kListenerWaiting, site_args);
        LocalMillis tick_time = now + 1'578;
        bool tick_wait_next = false;  // ticker: wake line, then the wait line
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            StartAttempt(slots_[i], now + 2'000 + static_cast<LocalMillis>(Jitter(15'000)));
        }
        while (writer_.BytesWritten() < options_.size_bytes) {
            // Earliest pending line; the ticker wins ties so wakes precede task lines.
            Slot* best = nullptr;
            for (Slot& s : slots_) {
                if (best == nullptr || s.pending_time < best->pending_time) best = &s;
            }
            // The provision worker is one thread: while it handles a ZTC request for one
            // slot it neither ticks nor starts another request.
            if (tick_time <= best->pending_time && worker_owner_ == nullptr) {
                tick_time = std::max(tick_time, last_time_);  // it may have waited for the owner
                Emit(tick_time, threads::kProvisionWorker,
                     tick_wait_next ? lines::kWorkerWait20 : lines::kWorkerWakes, site_args);
                tick_time += tick_wait_next ? 20'000 - 16 + Below(40) : 16 - Below(2);
                tick_wait_next = !tick_wait_next;
                continue;
            }
            if (best->pending.step->role == Role::kWorker) {
                if (worker_owner_ != nullptr && worker_owner_ != best) {
                    best->pending_time = worker_owner_->pending_time + 16;
                    continue;
                }
                if (tick_wait_next) {  // between the worker's wake and wait lines
                    best->pending_time = tick_time + 16;
                    continue;
                }
            }
            EmitPending(*best);
        }
        return stats_;
    }

  private:
    std::size_t noise_next_ = 0;
    unsigned Below(unsigned n) { return rng_.Below(n); }

    // Realistic spread: short gaps snap to the 15.6 ms timer tick, long ones vary.
    unsigned Jitter(unsigned delay_ms) {
        if (delay_ms == 0) return Below(8) == 0 ? 15 + Below(2) : 0;
        if (delay_ms < 100) {
            static constexpr unsigned kTicks[] = {0, 15, 16, 16, 31, 32, 47, 62};
            return kTicks[Below(8)];
        }
        if (delay_ms >= 10'000) return delay_ms - delay_ms / 50 + Below(delay_ms / 25 + 1);
        return delay_ms - delay_ms / 4 + Below(delay_ms / 2 + 1);
    }

    void Emit(LocalMillis t, unsigned thread, std::string_view text, const MessageArgs& args) {
        writer_.Emit(t, thread, text, args);
        last_time_ = t;
        ++stats_.lines;
        for (unsigned i = 0; i < options_.noise; ++i) {
            writer_.Emit(t, threads::kProvisionWorker, kNoise[noise_next_++ % std::size(kNoise)],
                         args);
            ++stats_.lines;
        }
    }

    // Routine lines of the operation manager that no signature names (modelled on its
    // instruction-file and discovery chatter; the placeholders stay literal text).
    static constexpr std::string_view kNoise[] = {
        "CAMTOperationManager::ProcessInstructionFile - Start processing the instruction file",
        "Found 0 pending AMT operations in the inbox",
        "STATMSG: ID=7203 SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_AMT_OPERATION_MANAGER\" "
        "SYS=SCCM01 SITE=CM1 PID=2144 TID=3864",
        "CAMTOperationManager::ProcessInstructionFile - Finished processing the instruction file",
        "Checking the discovery queue of the AMT discovery worker",
        "AMT discovery worker: 0 items in the queue",
        "Sleeping 60 seconds before the next maintenance cycle",
        "Enumerating the AMT status of the collection members",
    };

    unsigned ThreadFor(Role role, const Slot& slot) const {
        switch (role) {
            case Role::kListener:
                return threads::kHelloListener;
            case Role::kWorker:
            case Role::kWorkerNoise:
                return threads::kProvisionWorker;
            case Role::kTask:
                return slot.thread;
        }
        return slot.thread;
    }

    unsigned PoolSize() const {
        unsigned n = 1;
        for (const Slot& s : slots_) n += s.in_task ? 1 : 0;
        return n;
    }

    // Pops the next line of the slot; worker wake/wait lines are left to the ticker
    // but their delays still count.
    void Advance(Slot& slot, LocalMillis from) {
        LocalMillis t = from;
        while (const auto next = slot.program.Pop()) {
            t += next->lead_ms + Jitter(next->step->delay_ms);
            if (next->step->role == Role::kWorkerNoise) continue;
            slot.pending = *next;
            slot.pending_time = t;
            return;
        }
        slot.in_task = false;
        StartAttempt(slot, t + Between(200, 20'000));
    }

    unsigned Between(unsigned lo, unsigned hi) { return rng_.Between(lo, hi); }

    void EmitPending(Slot& slot) {
        const Step& step = *slot.pending.step;
        slot.args.retry = slot.pending.repetition;
        if (step.role == Role::kTask) slot.in_task = true;
        if (step.role == Role::kWorker) slot.args.pool_size = PoolSize();
        Emit(slot.pending_time, ThreadFor(step.role, slot), step.text, slot.args);
        Advance(slot, slot.pending_time);
        const bool worker_next = slot.pending.step->role == Role::kWorker;
        if (step.role == Role::kWorker && worker_next) {
            worker_owner_ = &slot;
        } else if (worker_owner_ == &slot) {
            worker_owner_ = nullptr;
        }
    }

    // A fresh id, different from every other slot's (busy or about to start).
    unsigned NewThreadId(const Slot& self) {
        while (true) {
            const unsigned id = 1000 + 4 * Below(2750);  // 1000..11996, 4-aligned like Windows
            bool used = id == threads::kProvisionWorker || id == threads::kHelloListener;
            for (const Slot& s : slots_) used = used || (&s != &self && s.thread == id);
            if (!used) return id;
        }
    }

    bool DeviceBusy(unsigned index, const Slot& self) const {
        for (const Slot& s : slots_) {
            if (&s != &self && s.device == index) return true;
        }
        return false;
    }

    Outcome DrawOutcome() {
        const unsigned r = Below(100);
        if (r < 70) return Outcome::kProvisionOk;
        if (r < 80) return Outcome::kCertRetryLoop;
        if (r < 85) return Outcome::kSoapFailure;
        if (r < 90) return Outcome::kHelloRejected;
        return Below(100) < 85 ? Outcome::kUnprovisionOk : Outcome::kUnprovisionFailed;
    }

    void StartAttempt(Slot& slot, LocalMillis at) {
        // One attempt per device at a time (when there are enough devices).
        unsigned index = Below(static_cast<unsigned>(devices_.size()));
        for (int tries = 0; tries < 16 && DeviceBusy(index, slot); ++tries) {
            index = Below(static_cast<unsigned>(devices_.size()));
        }
        slot.device = index;
        const Device& d = devices_[index];
        for (std::size_t i = 0; i < 8; ++i)
            slot.smx[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[Below(36)];
        slot.args = MessageArgs{};
        slot.args.site = &kCorpSite;
        slot.args.host = std::string_view(d.host.data(), d.host_len);
        slot.args.host_upper = std::string_view(d.host_upper.data(), d.host_upper_len);
        slot.args.uuid = std::string_view(d.uuid.data(), 36);
        slot.args.machine_id = d.machine_id;
        slot.args.smx = std::string_view(slot.smx.data(), 8);
        slot.thread = NewThreadId(slot);
        slot.args.work_thread = slot.thread;

        StepProgram& p = slot.program;
        p.Clear();
        switch (DrawOutcome()) {
            case Outcome::kProvisionOk:
                ++stats_.provision_ok;
                p.Add(kZtcRequest);
                p.Add(kProvisionHead);
                p.Add(kCertWaitCycle, 1 + Below(3));
                p.Add(kFirstStage);
                p.Add(kFirstStageFinished);
                p.Add(kTaskEndOk);
                break;
            case Outcome::kCertRetryLoop:
                ++stats_.cert_retry_loop;
                p.Add(kZtcRequest);
                p.Add(kProvisionHead);
                p.Add(kCertWaitCycle, Between(4, 15));
                p.Add(kTaskEndOnly);
                break;
            case Outcome::kSoapFailure: {
                ++stats_.soap_failure;
                const SoapFailurePoint& point =
                    kSoapFailurePoints[Below(static_cast<unsigned>(kSoapFailurePoints.size()))];
                slot.args.soap_call = point.call;
                slot.args.soap_status =
                    Below(4) == 0 ? "0x2" : "0x1";  // NOT_READY / INTERNAL_ERROR
                p.Add(kZtcRequest);
                p.Add(kProvisionHead);
                p.Add(kCertWaitCycle, 1 + Below(2));
                p.Add(kFirstStage, 1, 0, point.step_index);
                p.Add(kSoapCallFailed);
                p.Add(kTaskEndOnly);
                break;
            }
            case Outcome::kHelloRejected: {
                ++stats_.hello_rejected;
                const unsigned hellos = Between(2, 5);
                unsigned gap = 45'000;
                for (unsigned i = 0; i < hellos; ++i) {
                    p.Add(kHelloRejected, 1, i == 0 ? 0 : gap);
                    gap *= 2;  // hellos come at a decreasing frequency
                }
                break;
            }
            case Outcome::kUnprovisionOk:
                ++stats_.unprovision_ok;
                p.Add(kUnprovisionHead);
                p.Add(kUnprovisionTail);
                break;
            case Outcome::kUnprovisionFailed:
                ++stats_.unprovision_failed;
                p.Add(kUnprovisionHead);
                p.Add(kTaskEndOnly);
                break;
        }
        Advance(slot, at);
    }

    const BulkOptions& options_;
    RecordWriter& writer_;
    Rng rng_;
    std::vector<Device> devices_;
    std::vector<Slot> slots_;
    Slot* worker_owner_ = nullptr;
    LocalMillis last_time_ = 0;  // slot in the middle of a ZTC request on the worker thread
    BulkStats stats_;
};

}  // namespace

BulkStats WriteBulk(const BulkOptions& options, RecordWriter& writer) {
    BulkGenerator generator(options, writer);
    return generator.Run();
}

}  // namespace amtdiag::bench
