#pragma once
#include <cstdint>
#include <string>

namespace amtdiag::model {

// Where a fact came from: the artifact and the place inside it. Zero means "not applicable"
// for line, packet and item (all are 1-based when set).
struct SourceRef {
    std::string artifact;  // path as the user gave it (after folder expansion)
    uint64_t line = 0;
    uint64_t packet = 0;
    uint64_t offset = 0;  // byte offset of the record start in the artifact
    uint32_t item = 0;    // which object of a multi-object file (certificate 2 of a bundle)
    std::string excerpt;  // short, single-line, secrets already masked
};

}  // namespace amtdiag::model
