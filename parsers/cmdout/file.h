#pragma once
// Reading a command-output file whole, as the text readers do: small files, hashed in the
// same pass. Errors are returned as sentences, never thrown.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/model/artifact.h"
#include "parsers/cmdout/cmdout.h"

namespace amtdiag::parsers::cmdout {

struct FileBytes {
    std::string bytes;
    std::string error;  // non-empty: why the file could not be read
};

// The whole file, or an error when it cannot be opened or is larger than `max_bytes`
// (`what` names what such a file would be: "pasted command output").
FileBytes read_whole(const std::filesystem::path& path, uint64_t max_bytes, std::string_view what);

std::string sha256_hex(std::string_view bytes);

// What the readers of whole text files (hot-fix inventories, whoami, endpoint-manager exports)
// start from: the artifact with path, kind, size and digest filled in (or, when the file
// cannot be read, its error and ok == false) and the decoded text with its notes.
struct OpenedText {
    model::Artifact artifact;
    Decoded text;
    bool ok = false;
};
// The decoded first bytes detection sees, or nothing when they are empty or binary.
std::optional<Decoded> text_head(std::string_view head);

OpenedText open_text(const std::filesystem::path& path, const std::string& kind, uint64_t max_bytes,
                     std::string_view what, bool hash);

// Binary rather than text: more than a few control bytes besides tab and line ends in the
// first 4 KiB of decoded text.
bool looks_binary(std::string_view utf8_text);

}  // namespace amtdiag::parsers::cmdout
