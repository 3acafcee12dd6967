// Bulk mode: a large AMTOPMGR.LOG with many devices, concurrent work threads and
// seeded, deterministic outcomes. Streams: memory use does not grow with --size.
#pragma once

#include <cstdint>

#include "civil_time.hpp"
#include "record_writer.hpp"

namespace amtdiag::bench {

struct BulkOptions {
    std::uint64_t size_bytes = 0;  // stop after the line that reaches this size
    unsigned devices = 2000;
    std::uint64_t seed = 1;
    unsigned workers = 6;  // concurrent provision tasks ("several worker threads")
    // Routine lines (instruction files, discovery, status messages: what most of a real
    // site's log is) written after every task line; 0 = the milestone-dense worst case.
    unsigned noise = 0;
    LocalMillis start = 0;
};

// Counts of generated attempts by outcome (reported on stderr by main).
struct BulkStats {
    std::uint64_t lines = 0;
    std::uint64_t provision_ok = 0;
    std::uint64_t cert_retry_loop = 0;
    std::uint64_t soap_failure = 0;
    std::uint64_t hello_rejected = 0;
    std::uint64_t unprovision_ok = 0;
    std::uint64_t unprovision_failed = 0;
};

BulkStats WriteBulk(const BulkOptions& options, RecordWriter& writer);

}  // namespace amtdiag::bench
