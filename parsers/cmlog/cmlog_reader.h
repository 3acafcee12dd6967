#pragma once
// The ConfigMgr log reader behind the registry seam (parsers/reader.h): detection of the log
// kinds (operation manager, proxy manager, out-of-band management, other ConfigMgr logs) and
// reading NAME.lo_ + NAME.log as one stream.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::cmlog {

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::cmlog
