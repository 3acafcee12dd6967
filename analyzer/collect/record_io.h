#pragma once
// What every record shares: the tool that wrote it, when, on which host, and writing it so
// that a failed write never leaves half a record (beside its name, then renamed).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace amtdiag::collect {

using Json = nlohmann::ordered_json;

// {"name": "amtdiag", "version": ..., "command": "probe dns"}
Json tool_json(const std::string& command);
int64_t now_ms();  // system clock, ms since the epoch
// "2026-12-01T10:00:00.123Z"
std::string rfc3339(int64_t epoch_ms);
std::string host_name();
// false with `error` set when the file could not be written.
bool write_json_file(const std::string& path, const Json& json, std::string& error);

// "10.0.0.5:9971", "[fe80::1]:9971"
std::string endpoint(const std::string& address, unsigned port);

}  // namespace amtdiag::collect
