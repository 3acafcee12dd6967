#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/log_time.h"
#include "analyzer/model/severity.h"
#include "analyzer/model/source_ref.h"

namespace amtdiag::model {

// What an attribute holds. Log signatures capture text; structured readers (certificates,
// captures) know numbers, flags, times and lists, and rules compare them as such
// (`c.key_bits < 2048`, `c.not_after < reference_time`, `oid in c.eku`).
enum class AttrType : uint8_t { string, integer, boolean, timestamp, list };

struct Attribute {
    std::string name;
    std::string value;  // the text form (strings); empty for lists
    AttrType type = AttrType::string;
    int64_t number = 0;              // integer; boolean 0/1; timestamp in ms since the epoch, UTC
    std::vector<std::string> items;  // list items

    static Attribute text(std::string name, std::string value) {
        return {std::move(name), std::move(value), AttrType::string, 0, {}};
    }
    static Attribute integer(std::string name, int64_t value) {
        return {std::move(name), std::to_string(value), AttrType::integer, value, {}};
    }
    static Attribute flag(std::string name, bool value) {
        return {std::move(name), value ? "true" : "false", AttrType::boolean, value ? 1 : 0, {}};
    }
    static Attribute time_ms(std::string name, int64_t epoch_ms) {
        return {
            std::move(name), format_epoch_ms(epoch_ms) + "Z", AttrType::timestamp, epoch_ms, {}};
    }
    static Attribute list(std::string name, std::vector<std::string> items) {
        return {std::move(name), {}, AttrType::list, 0, std::move(items)};
    }
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
    std::string kind;  // e.g. "log.hello_rejected", "cert.certificate", "cert.chain"
    std::vector<Attribute> attrs;
    DeviceKeys keys;
    LogTime time;
    Severity severity = Severity::none;
    SourceRef ref;
    uint64_t sequence = 0;  // reading order across all artifacts; breaks ties deterministically

    const Attribute* attribute(std::string_view name) const {
        for (const auto& a : attrs)
            if (a.name == name) return &a;
        return nullptr;
    }
    // The text form of an attribute (nullptr when absent).
    const std::string* attr(std::string_view name) const {
        const Attribute* a = attribute(name);
        return a == nullptr ? nullptr : &a->value;
    }
};

}  // namespace amtdiag::model
