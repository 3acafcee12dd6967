#pragma once
#include <string>

namespace amtdiag::scan {

// Masks values that follow a secret-bearing keyword (password, PPS, passphrase, PFX password,
// PSK) in text that is about to leave the tool as an excerpt. Logs can carry them: the
// one-touch flow writes PID/PPS pairs, and scripts echo credentials.
// True when something was masked.
bool mask_secrets(std::string& text);

}  // namespace amtdiag::scan
