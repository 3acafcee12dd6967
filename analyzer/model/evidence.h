#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"
#include "analyzer/model/source_ref.h"

namespace amtdiag::model {

struct Attribute {
    std::string name;
    std::string value;
};

// The identifiers one fact mentions; empty strings mean "not mentioned". Values are already
// normalised (see device_key.h).
struct DeviceKeys {
    std::string fqdn;
    std::string host;
    std::string uuid;
    std::string machine_id;
    std::string ip;
    std::string mac;

    bool empty() const {
        return fqdn.empty() && host.empty() && uuid.empty() && machine_id.empty() && ip.empty() &&
               mac.empty();
    }
};

// One typed fact from one artifact (see ../../docs/architecture.md, "Evidence").
struct Evidence {
    std::string kind;  // e.g. "log.hello_rejected", "log.soap_failed", "attempt"
    std::vector<Attribute> attrs;
    DeviceKeys keys;
    LogTime time;
    Severity severity = Severity::none;
    SourceRef ref;
    uint64_t sequence = 0;  // reading order across all artifacts; breaks ties deterministically

    const std::string* attr(std::string_view name) const {
        for (const auto& a : attrs)
            if (a.name == name) return &a.value;
        return nullptr;
    }
};

}  // namespace amtdiag::model
