#pragma once
// Endpoint-manager exports behind the registry seam (parsers/reader.h): the PID/PPS list
// (artifact kind "epm-pid-list") and the unmanaged-device list ("epm-device-list"), see
// key_lists.h. Evidence: epm.pid (one per pair: the PID, whether its and its PPS's check
// characters are right; never the PPS), epm.pid_list (the list as a whole), epm.device (one
// per listed device: UUID, name, IP) and epm.device_list. They speak for the site: a device
// is matched by the rules (its hello's PID or UUID), so a list of hundreds of devices does
// not add hundreds of devices to the report.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::epm {

inline constexpr const char* kPidListKind = "epm-pid-list";
inline constexpr const char* kDeviceListKind = "epm-device-list";

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::epm
