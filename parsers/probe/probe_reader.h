#pragma once
// The records amtdiag's collectors write (probe dns, probe dhcp, listen), behind the registry
// seam (parsers/reader.h). Detected by their JSON "schema" field; see probe_record.h for the
// evidence and docs/probe-records.md for the schemas.
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::probe {

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

}  // namespace amtdiag::parsers::probe
