// Throughput of read_log on UTF-8 SMS trace input (the AMTOPMGR case). Not a ctest test:
// run by hand on a Release build. Writes ~200 MB to a temp file, reads it twice (warm page
// cache), with and without the SHA-256 pass, and prints MB/s.
//   usage: cmlog_reader_throughput [megabytes [parse]]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "parsers/cmlog/reader.h"

namespace cm = amtdiag::parsers::cmlog;

namespace {

std::filesystem::path make_input(std::size_t megabytes) {
    const auto path = std::filesystem::temp_directory_path() / "cmlog_reader_throughput.log";
    std::ofstream out(path, std::ios::binary);
    const char* messages[] = {
        "Warning: AMT device C284DE32-F287-11DC-BBDA-C4A11E4B001C is a SMS client. Reject hello "
        "message to provision.",
        "Provisioning AMT device 192.168.1.23 with the provisioning certificate.",
        "Error: The provisioning certificate will expire in 10 days.",
        "AMT Provision Worker: Wakes up to process instruction files",
        "Send hello message to AMT device and wait for response.~~",
    };
    std::string block;
    char stamp[96];
    for (int i = 0; block.size() < (1u << 20); ++i) {
        std::snprintf(stamp, sizeof stamp,
                      "  $$<SMS_AMT_OPERATION_MANAGER><08-22-2016 04:%02d:%02d.%03d+420>"
                      "<thread=2436 (0x984)>\r\n",
                      (i / 60) % 60, i % 60, i % 1000);
        block += messages[i % 5];
        block += stamp;
    }
    for (std::size_t written = 0; written < megabytes << 20; written += block.size()) {
        out.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
    return path;
}

struct Rate {
    double wall = 0;  // MB per wall-clock second
    double cpu = 0;   // MB per CPU second of this process (robust when the machine is busy)
};

Rate run(const std::filesystem::path& path, bool sha, uint64_t& records) {
    cm::ReadOptions options;
    options.sha256 = sha;
    uint64_t n = 0, errors = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const cm::FileInfo info = cm::read_log(
        path,
        [&](const cm::LogRecord& r) {
            ++n;
            errors += r.severity == amtdiag::model::Severity::error ? 1 : 0;
        },
        options);
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    records = n;
    if (!info.ok || errors == 0) std::fprintf(stderr, "unexpected: %s\n", info.error.c_str());
    const double mb = static_cast<double>(info.bytes) / 1e6;
    return {mb / took.count(), mb / cpu};
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
    const auto path = make_input(megabytes);
    uint64_t records = 0;
    run(path, false, records);                          // warm the page cache
    if (argc > 2 && std::string(argv[2]) == "parse") {  // for profiling the parser alone
        for (int i = 0; i < 3; ++i) {
            const Rate rate = run(path, false, records);
            std::printf("parse only: %6.0f MB/s wall, %6.0f MB/s per CPU second\n", rate.wall,
                        rate.cpu);
        }
        std::filesystem::remove(path);
        return 0;
    }
    const Rate plain = run(path, false, records);
    const Rate hashed = run(path, true, records);
    std::printf("%zu MiB, %llu records\n", megabytes, static_cast<unsigned long long>(records));
    std::printf("  parse only:  %6.0f MB/s wall, %6.0f MB/s per CPU second\n", plain.wall,
                plain.cpu);
    std::printf("  with sha256: %6.0f MB/s wall, %6.0f MB/s per CPU second\n", hashed.wall,
                hashed.cpu);
    std::filesystem::remove(path);
    return 0;
}
