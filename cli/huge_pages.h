#pragma once
// A large run (a fleet's logs) touches hundreds of MB of fresh heap, one page fault per 4 KiB
// page; in a virtual machine a fault is costly (a tenth of a dense 64 MiB run was spent in
// them). glibc backs its heap with transparent huge pages, 512 times fewer faults, only when
// GLIBC_TUNABLES holds glibc.malloc.hugetlb=1, which it reads at process start. So
// `amtdiag check` re-executes itself once with that tunable added: a 256 MiB dense log took
// 6.6 s instead of 8.4 s on one thread (realistic mix 1.9 instead of 2.4 s). On two threads
// they once cost more than they saved (6.9 instead of 6.5 s); since rule evaluation stopped
// allocating per let and per finding they save there too (best of four on 1 GiB, 10,000
// devices: realistic 2.92 instead of 3.11 s, dense 7.84 instead of 8.27 s; a shipped sample
// 63 instead of 70 ms), at the price of about 17 MB more peak RSS.
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
