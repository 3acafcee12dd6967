#pragma once
// Temporary log files for tests, removed at the end of the test.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace amtdiag::testing {

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("amtdiag-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string write(const std::string& name, const std::string& bytes) const {
        const auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << bytes;
        return file.string();
    }
    std::string path() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

// One SMS-trace record as the operation manager writes it.
inline std::string sms(const std::string& message, const std::string& time, int thread) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%X", thread);
    return message + "  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 " + time +
           "+480><thread=" + std::to_string(thread) + " (0x" + hex + ")>\r\n";
}

}  // namespace amtdiag::testing
