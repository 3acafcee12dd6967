#pragma once
// A large run (a fleet's logs) touches hundreds of MB of fresh heap, one page fault per 4 KiB
// page; in a virtual machine a fault is costly (a tenth of a dense 64 MiB run was spent in
// them). glibc backs its heap with transparent huge pages, 512 times fewer faults, only when
// GLIBC_TUNABLES holds glibc.malloc.hugetlb=1, which it reads at process start. So
// `amtdiag check` re-executes itself once with that tunable added when it runs on one thread:
// a 256 MiB dense log took 6.6 s instead of 8.4 s (realistic mix 1.9 instead of 2.4 s). With
// two threads the huge pages cost more than they save (6.9 instead of 6.5 s, best of three:
// every thread's arena is zeroed and faulted in 2 MiB at a time), so they are not asked for.
// Measured again on 2026-12-03: two threads gained a little on 10,000 devices (realistic 1 GiB
// 2.92 instead of 3.11 s) but lost 3 s on the dense 100,000-device log (25.8 instead of
// 22.8 s; correlating and the report, which free and refill hundreds of MB across two arenas,
// took twice as long), so it stays at one thread.
#include <string>

namespace amtdiag::cli {

// Returns without doing anything when the kernel gives huge pages to every process anyway
// ("always") or to none ("never"), when GLIBC_TUNABLES already names the setting (the user
// chose, or this is the re-executed process), or when re-executing fails.
void reexec_with_huge_pages(char** argv);

// What backs this process's heap, for --timings: "transparent huge pages (...)" or
// "4 KiB pages".
std::string heap_pages();

}  // namespace amtdiag::cli
