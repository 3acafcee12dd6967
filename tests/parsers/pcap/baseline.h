#pragma once
// Baselines in the Zeek manner: every fixture's evidence rendered as stable text and compared
// with a stored file (baselines/<fixture>.txt). AMTDIAG_UPDATE_BASELINE=1 rewrites the files;
// review the diff before committing.
#include <string>
#include <vector>

#include "analyzer/model/artifact.h"
#include "analyzer/model/evidence.h"

namespace amtdiag::testing {

std::string render(const model::Evidence& e);
std::string render(const model::Artifact& a);

struct CaptureRead {
    model::Artifact artifact;
    std::vector<model::Evidence> evidence;  // the capture's, then its certificates'
};
CaptureRead read_fixture(const std::string& path);
std::string render(const CaptureRead& r);

// Empty when equal (or rewritten); otherwise what differs, for the failure message.
std::string compare_with_baseline(const std::string& baseline_path, const std::string& actual);

}  // namespace amtdiag::testing
