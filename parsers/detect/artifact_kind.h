#pragma once
// Which kind of artifact a file is, decided from its content first and its name second
// (users rename logs, attach "log.txt", paste excerpts into notes).
#include <filesystem>
#include <string>

#include "parsers/cmlog/reader.h"

namespace amtdiag::parsers::detect {

struct Detection {
    std::string kind;        // model::artifact_kind value ("amtopmgr-log", "cm-log", ...)
    bool supported = false;  // a reader for this kind exists in this build
    std::string reason;      // why it is not supported / not understood
    cmlog::Sniff sniff;
};

Detection detect_artifact(const std::filesystem::path& path);

// Lowercase hex SHA-256 of a whole file, streamed; "" when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& path);

}  // namespace amtdiag::parsers::detect
