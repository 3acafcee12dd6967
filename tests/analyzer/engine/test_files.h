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

// One provisioning task on worker thread 7 that asks for the device's web server certificate
// and then validates it `retries` times without finding it (the template-permission failure).
inline std::string certificate_retry_task(const std::string& fqdn, int machine_id, int retries) {
    const std::string id = std::to_string(machine_id);
    std::string log = sms(">>>>>>>>> Provision task begin <<<<<<<<<", "10:00:00.000", 7);
    log += sms(
        "Provision target is indicated with SMS resource id. (MachineId = " + id + " " + fqdn + ")",
        "10:00:00.001", 7);
    log += sms("Send request to AMT proxy component to generate client certificate. (MachineId = " +
                   id + ")",
               "10:00:00.002", 7);
    for (int i = 1; i <= retries; ++i)
        log +=
            sms("RETRY(" + std::to_string(i) + ") - Validate client certificate for AMT device " +
                    fqdn + " being generated.",
                "10:00:01.000", 7);
    return log;
}

}  // namespace amtdiag::testing
