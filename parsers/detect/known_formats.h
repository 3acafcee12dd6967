#pragma once
// Formats amtdiag recognises by their magic numbers but does not read: compressed files,
// archives, executables (packet captures have their reader, parsers/pcap). Saying what such a file
// is beats "not recognised", and it keeps binary files that happen to be named AMTOPMGR.LOG out of
// the log reader.
#include "parsers/reader.h"

namespace amtdiag::parsers::detect {

Detection detect_known_format(const Probe& probe);

}  // namespace amtdiag::parsers::detect
