#pragma once
#include <string>

#include "analyzer/model/analysis.h"

namespace amtdiag::report {

// Keeps only one device (its findings plus the site-wide ones); the stage table is that
// device's. Returns false when no device has that id (or an FQDN/UUID/host equal to it).
bool keep_only_device(model::Analysis& analysis, const std::string& device);

// Keeps only findings whose catalog stages include `stage`.
void keep_only_stage(model::Analysis& analysis, int stage);

}  // namespace amtdiag::report
