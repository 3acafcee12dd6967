#pragma once
// The HTML report's stylesheet and script (report.css, report.js beside this file), compiled
// into the binary so a report needs no file and no network at run time.
#include <span>
#include <string_view>

namespace amtdiag::report::html {

struct EmbeddedFile {
    std::string_view path;  // relative to this folder: "report.css", "report.js"
    std::string_view text;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace amtdiag::report::html
