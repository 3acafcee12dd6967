#pragma once
// Text evidence engineers paste into tickets, behind the registry seam (parsers/reader.h):
// `ipconfig /all` (kind "ipconfig"), nslookup sessions ("nslookup", which provides the
// catalog's "dns-probe"), and rpc / MeshCmd / MEInfo output ("amtinfo"). A file is named by
// its most recognisable block; every parser runs over it, so a ticket paste holding ipconfig
// and nslookup gives both (the other kinds are listed in Artifact::provides).
#include <memory>

#include "parsers/reader.h"

namespace amtdiag::parsers::hosttext {

Detection detect(const Probe& probe);
std::unique_ptr<Reader> make_reader(const ReaderOptions& options);

// The kind detection would name for this text (empty: none), and its confidence.
Detection classify_text(std::string_view utf8_text);

}  // namespace amtdiag::parsers::hosttext
