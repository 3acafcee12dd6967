#pragma once
// Magic numbers of the files that end up attached to tickets instead of (or beside) a log:
// one table for every reader that needs to say "this is not text, it is a ...".
#include <optional>
#include <string_view>

namespace amtdiag::parsers::detect {

struct FileType {
    std::string_view kind;         // short name: "gzip", "pcapng", "der", ...
    std::string_view description;  // "gzip-compressed data"
    std::string_view advice;       // what to do instead, "" when nothing to say
};

// The type whose magic number starts `head`, or nothing. Every entry starts with a byte a
// text log cannot start with, or is long enough not to occur in one; two-letter magics need
// their second marker too.
std::optional<FileType> identify(std::string_view head);

}  // namespace amtdiag::parsers::detect
