#pragma once
// Hot-fix inventories behind the registry seam (parsers/reader.h): systeminfo, wmic qfe,
// Get-HotFix (tables, lists, CSV), with wmic os, reg query and ClientVersion output beside
// them; artifact kind "hotfix-inventory". Evidence (`hotfix.inventory`, one per host over all
// files) is emitted in finish(), once every file is read.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::hotfix {

inline constexpr const char* kArtifactKind = "hotfix-inventory";

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::hotfix
