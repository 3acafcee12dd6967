#pragma once
// `whoami /groups` output behind the registry seam (parsers/reader.h); artifact kind
// "whoami-groups" (the catalog's word). Evidence: auth.groups and auth.group.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::whoami {

inline constexpr const char* kArtifactKind = "whoami-groups";

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::whoami
