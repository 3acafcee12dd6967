#pragma once
// glibc reads its malloc tunables (GLIBC_TUNABLES) only at process start, so a large
// `amtdiag check` re-executes itself once with these added:
//
// - glibc.malloc.hugetlb=1, when the kernel gives transparent huge pages on request. A large
//   run touches hundreds of MB of fresh heap, one page fault per 4 KiB page, and in a virtual
//   machine a fault is costly (a tenth of a dense 64 MiB run was spent in them): a 256 MiB
//   dense log took 6.6 s instead of 8.4 s (realistic mix 1.9 instead of 2.4 s). With two
//   threads the huge pages cost more than they save (every thread's arena is zeroed and
//   faulted in 2 MiB at a time): measured again on 2026-12-03, the dense 100,000-device log
//   took 25.8 s instead of 22.8 s at -j2, so they are asked for on one thread only.
// - glibc.malloc.tcache_count=256. The device rules allocate and free millions of small
//   values; glibc's per-thread cache keeps 7 free chunks of each size by default, and every
//   further one went through the arena's bins. With 256: the device rules' instructions on a
//   64 MiB realistic slice fell from 622 M to 584 M (callgrind), the evaluation of the
//   realistic 10,000-device log from 1.23 to 1.02 s on one thread, from 0.83 to 0.77 s on
//   two (best of four, alternating). Asked for with any number of threads.
//
// Only when the inputs hold at least kLargeInputBytes: re-executing costs about 16 ms (a
// shipped sample took 69 instead of 53 ms), more than the tunables win on a small input.
#include <cstdint>
#include <string>
#include <vector>

namespace amtdiag::cli {

inline constexpr uint64_t kLargeInputBytes = uint64_t{32} << 20;

// Whether the files named (folders: the files directly inside, as the analysis reads them)
// hold at least `bytes`. Standard input ("-") counts as large: its size is not known up front.
// Names that cannot be read count as nothing; the analysis reports them.
bool inputs_hold_at_least(const std::vector<std::string>& names, uint64_t bytes);

// Re-executes the process with the tunables above added to GLIBC_TUNABLES (the huge pages
// only for a run on one thread). Returns without doing anything under valgrind (its
// /proc/self/exe cannot be run again), when the inputs are small,
// when every tunable is already named there (the user chose, or this is the re-executed
// process), or when re-executing fails.
void reexec_with_heap_tunables(char** argv, const std::vector<std::string>& inputs,
                               bool one_thread);

// What backs this process's heap, for --timings: "transparent huge pages (...)" or
// "4 KiB pages", then the thread cache's setting when one was given.
std::string heap_description();

}  // namespace amtdiag::cli
