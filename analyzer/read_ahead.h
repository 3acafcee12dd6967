#pragma once
// Several files in parallel: worker threads read the units after the one being correlated,
// each into a result of its own, while the calling thread takes the units in order. A unit
// nobody has started when its turn comes is the caller's to read itself, straight into the
// correlator, so no thread waits for a worker that has not begun.
//
// Results are handed over in unit order whatever order the workers finish in, so the
// correlator sees what one thread reading unit after unit would have shown it.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace amtdiag {

template <class Result>
class ReadAhead {
  public:
    // Reads unit `index` on worker `worker` (0 .. workers-1); may throw (take() rethrows).
    using ReadUnit = std::function<Result(size_t index, size_t worker)>;

    // `window`: how many units past the caller's next one may be read ahead (their results
    // wait in memory).
    ReadAhead(size_t count, size_t workers, size_t window, ReadUnit read)
        : slots_(count), window_(window), read_(std::move(read)) {
        for (size_t w = 0; w < workers && count > 1; ++w)
            workers_.emplace_back([this, w] { work(w); });
    }
    ~ReadAhead() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        for (auto& worker : workers_) worker.join();
    }
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // Unit `index`, taken in order (0, 1, 2, ...): its result read ahead (waiting for the
    // worker to finish it), or nullopt when nobody had started it: the caller reads it now.
    std::optional<Result> take(size_t index) {
        std::unique_lock lock(mutex_);
        taken_ = index + 1;
        changed_.notify_all();  // the window moved
        Slot& slot = slots_[index];
        if (!slot.claimed) {
            slot.claimed = true;  // the caller's own: no worker starts it
            return std::nullopt;
        }
        changed_.wait(lock, [&] { return slot.done; });
        if (slot.error) std::rethrow_exception(slot.error);
        std::optional<Result> out = std::move(slot.result);
        slot.result.reset();
        return out;
    }

    // How many units workers read (for --timings and tests).
    size_t read_ahead() const {
        std::lock_guard lock(mutex_);
        return read_ahead_;
    }

  private:
    struct Slot {
        bool claimed = false;  // by a worker, or by the caller when its turn came first
        bool done = false;
        std::optional<Result> result;
        std::exception_ptr error;
    };

    // The first unit no one has claimed after the caller's next one (which is left to the
    // caller: it would otherwise wait for a worker to read what it could read itself).
    std::optional<size_t> claimable() const {
        const size_t end = std::min(slots_.size(), taken_ + 1 + window_);
        for (size_t i = taken_ + 1; i < end; ++i)
            if (!slots_[i].claimed) return i;
        return std::nullopt;
    }

    void work(size_t worker) {
        for (;;) {
            size_t index = 0;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return stopping_ || claimable().has_value(); });
                if (stopping_) return;
                index = *claimable();
                slots_[index].claimed = true;
                ++read_ahead_;
            }
            std::optional<Result> result;
            std::exception_ptr error;
            try {
                result.emplace(read_(index, worker));
            } catch (...) {
                error = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                slots_[index].result = std::move(result);
                slots_[index].error = error;
                slots_[index].done = true;
            }
            changed_.notify_all();
        }
    }

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Slot> slots_;
    size_t window_;
    ReadUnit read_;
    size_t taken_ = 0;  // units the caller has taken (the next one it takes is this one)
    size_t read_ahead_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;  // last: joined before anything above goes
};

}  // namespace amtdiag
