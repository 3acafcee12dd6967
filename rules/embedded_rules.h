#pragma once
// The rule files of this folder, compiled into the binary (see rules/CMakeLists.txt).
#include <span>
#include <string_view>

namespace amtdiag::rules {

struct EmbeddedFile {
    std::string_view path;  // relative to rules/, e.g. "signatures/amtopmgr.yaml"
    std::string_view text;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace amtdiag::rules
