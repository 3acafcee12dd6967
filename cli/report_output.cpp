#include "cli/report_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/report/safe_text.h"

namespace amtdiag::cli {

bool write_report(const std::string& path, const std::function<void(std::ostream&)>& emit,
                  const std::string& command) {
    if (path.empty()) {
        errno = 0;
        emit(std::cout);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << command << ": cannot write the report to standard output"
                      << (errno != 0 ? std::string(": ") + std::strerror(errno) : "") << "\n";
            return false;
        }
        return true;
    }
    // A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written as it is: renaming a
    // file over it would replace it.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        std::ofstream out(path, std::ios::binary);
        errno = 0;
        if (out) emit(out);
        out.flush();
        if (!out) {
            std::cerr << command << ": cannot write " << report::safe_text(path)
                      << (errno != 0 ? std::string(": ") + std::strerror(errno) : "") << "\n";
            return false;
        }
        return true;
    }
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            std::cerr << command << ": cannot write " << report::safe_text(path) << ": "
                      << std::strerror(errno) << "\n";
            return false;
        }
        errno = 0;
        emit(out);
        out.flush();
        out.close();
        if (!out) {
            const int err = errno;
            std::remove(partial.c_str());
            std::cerr << command << ": cannot write " << report::safe_text(path)
                      << (err != 0 ? std::string(": ") + std::strerror(err) : "") << "\n";
            return false;
        }
    }
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(partial.c_str());
        std::cerr << command << ": cannot write " << report::safe_text(path) << ": "
                  << std::strerror(err) << "\n";
        return false;
    }
    return true;
}

}  // namespace amtdiag::cli
