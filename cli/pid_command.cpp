#include "cli/pid_command.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <iostream>

#include "analyzer/collect/unique_fd.h"
#include "analyzer/provisioning/pid.h"

namespace amtdiag::cli {

namespace prov = amtdiag::provisioning;

namespace {

constexpr const char* kPidUsage =
    "usage: amtdiag pid verify PID [PPS]\n"
    "       amtdiag pid generate --count N -o FILE [--format csv|html]\n"
    "\n"
    "verify: checks the check characters (PID: the last of 8; PPS: the 4th of each group of 4)\n"
    "        and names the group that is wrong; the PPS is never printed.\n"
    "generate: N pairs from OpenSSL's CSPRNG, written as CSV (PID,PPS) or a printable HTML\n"
    "        list, with mode 0600; only the PIDs are printed.\n";

// Rejection sampling on CSPRNG bytes: no modulo bias in a secret.
unsigned csprng_index(unsigned n) {
    const unsigned limit = 256 - 256 % n;
    for (;;) {
        unsigned char b = 0;
        if (RAND_bytes(&b, 1) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
        if (b < limit) return b % n;
    }
}

int verify(const std::vector<std::string>& a) {
    if (a.empty() || a.size() > 2) {
        std::cerr << kPidUsage;
        return 2;
    }
    const prov::PairCheck pid = prov::check_pid(a[0]);
    std::cout << "PID " << (pid.ok ? "ok" : "rejected: " + pid.problem) << "\n";
    bool ok = pid.ok;
    if (a.size() == 2) {
        const prov::PairCheck pps = prov::check_pps(a[1]);
        std::cout << "PPS " << (pps.ok ? "ok" : "rejected: " + pps.problem) << "\n";
        ok = ok && pps.ok;
    }
    return ok ? 0 : 1;
}

int generate(const std::vector<std::string>& a) {
    long count = 0;
    std::string out, format = "csv";
    for (size_t i = 0; i + 1 < a.size(); i += 2) {
        if (a[i] == "--count")
            count = std::strtol(a[i + 1].c_str(), nullptr, 10);
        else if (a[i] == "-o" || a[i] == "--output")
            out = a[i + 1];
        else if (a[i] == "--format")
            format = a[i + 1];
        else {
            std::cerr << kPidUsage;
            return 2;
        }
    }
    if (count <= 0 || count > 100000 || out.empty() || a.size() % 2 != 0 ||
        (format != "csv" && format != "html")) {
        std::cerr << kPidUsage;
        return 2;
    }
    // O_EXCL: a file of secrets is never overwritten or written through a planted link.
    collect::UniqueFd fd(::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600));
    if (!fd) {
        std::cerr << "amtdiag pid generate: cannot create " << out << " (it must not exist)\n";
        return 2;
    }
    const bool html = format == "html";
    // The HTML list is for printing and handing to whoever types the pairs into MEBX: one
    // row per device, monospace, nothing loaded from elsewhere.
    std::string csv =
        html ? "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PID/PPS pairs</title>"
               "<style>td{font-family:monospace;padding:4px 12px}</style></head><body>\n"
               "<table><tr><th>#</th><th>PID</th><th>PPS</th></tr>\n"
             : "PID,PPS\r\n";
    for (long i = 0; i < count; ++i) {
        const std::string pid = prov::with_dashes(prov::generate_pid(csprng_index));
        const std::string pps = prov::with_dashes(prov::generate_pps(csprng_index));
        // Characters are A-Z, 0-9 and '-': nothing to escape in either format.
        csv += html ? "<tr><td>" + std::to_string(i + 1) + "</td><td>" + pid + "</td><td>" + pps +
                          "</td></tr>\n"
                    : pid + "," + pps + "\r\n";
        std::cout << pid << "\n";
    }
    if (html) csv += "</table></body></html>\n";
    const char* p = csv.data();
    size_t left = csv.size();
    while (left > 0) {
        const ssize_t n = ::write(fd.get(), p, left);
        if (n <= 0) {
            std::cerr << "amtdiag pid generate: cannot write " << out << "\n";
            return 2;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    std::cerr << "amtdiag pid generate: " << count << " pair(s) in " << out << " (mode 0600)\n";
    return 0;
}

}  // namespace

int run_pid(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout) << kPidUsage;
        return args.empty() ? 2 : 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "verify") return verify(rest);
    if (args[0] == "generate") return generate(rest);
    std::cerr << kPidUsage;
    return 2;
}

}  // namespace amtdiag::cli
