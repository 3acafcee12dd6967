#pragma once
#include <string>
#include <vector>

namespace amtdiag::cli {

// `amtdiag cert inspect FILE...`: the chains and the certificate checks, text or JSON.
int run_cert(const std::vector<std::string>& args);

}  // namespace amtdiag::cli
