#pragma once
// What the user named, turned into the files to read. Only regular files are read: a FIFO or
// a device named directly would block or never end, so it becomes an artifact error; "-"
// reads standard input (spooled to a temporary file, so detection's look at the head loses
// nothing). Folders are walked without recursion and without following links to folders;
// one that cannot be listed is an artifact error. The same file reached twice (another
// spelling, a link) is read once and its other names are noted; a second file with the same
// bytes is read once and noted as a copy. Nothing is dropped without a word.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/artifact.h"

namespace amtdiag::inputs {

struct InputFile {
    std::string path;                  // as shown in reports (normalised; "-" for stdin)
    std::string read_path;             // where the bytes are (the spool file for stdin)
    std::vector<std::string> aliases;  // other names of the same file, also given
    std::string copy_of;               // same bytes as this earlier file: not read again
    uint64_t size = 0;
};

class SpoolFile;  // the temporary copy of standard input, removed with CollectedInputs

struct CollectedInputs {
    std::vector<InputFile> files;         // sorted by path
    std::vector<model::Artifact> errors;  // names that could not be taken, and why
    std::shared_ptr<SpoolFile> spool;
    CollectedInputs();
    ~CollectedInputs();
    CollectedInputs(CollectedInputs&&) noexcept;
    CollectedInputs& operator=(CollectedInputs&&) noexcept;
};

CollectedInputs collect_inputs(const std::vector<std::string>& names);

// True when `path` names one of the files (or a file inside one of the folders) in `names`:
// a report written there would destroy evidence.
bool is_input(const std::string& path, const std::vector<std::string>& names);

}  // namespace amtdiag::inputs
