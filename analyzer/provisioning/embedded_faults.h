#pragma once
// faults.yaml, compiled in by CMake (cmake/EmbedFiles.cmake).
#include <span>
#include <string_view>

namespace amtdiag::provisioning {

struct EmbeddedFile {
    std::string_view path;
    std::string_view text;
};

std::span<const EmbeddedFile> embedded_files();

inline std::string_view embedded_faults_yaml() {
    for (const EmbeddedFile& f : embedded_files())
        if (f.path == "faults.yaml") return f.text;
    return {};
}

}  // namespace amtdiag::provisioning
