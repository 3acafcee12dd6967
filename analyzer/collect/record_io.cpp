#include "analyzer/collect/record_io.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "analyzer/model/log_time.h"

#ifndef AMTDIAG_VERSION
#define AMTDIAG_VERSION "dev"
#endif

namespace amtdiag::collect {

Json tool_json(const std::string& command) {
    Json j;
    j["name"] = "amtdiag";
    j["version"] = AMTDIAG_VERSION;
    j["command"] = command;
    return j;
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string rfc3339(int64_t epoch_ms) {
    return model::format_epoch_ms(epoch_ms) + "Z";
}

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return {};
    return name;
}

bool write_json_file(const std::string& path, const Json& json, std::string& error) {
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = "cannot write " + path + ": " + std::strerror(errno);
            return false;
        }
        out << json.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
        out.flush();
        if (!out) {
            std::remove(partial.c_str());
            error = "cannot write " + path;
            return false;
        }
    }
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        error = "cannot write " + path + ": " + std::strerror(errno);
        std::remove(partial.c_str());
        return false;
    }
    return true;
}

std::string endpoint(const std::string& address, unsigned port) {
    if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
    return address + ":" + std::to_string(port);
}

}  // namespace amtdiag::collect
